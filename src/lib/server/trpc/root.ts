import { createCallerFactory, router } from './trpc';
import { authRouter } from './routers/auth';
import { notificationsRouter } from './routers/notifications';
import { adminRouter } from './routers/admin';
import { triageRouter } from './routers/triage';
import { casesRouter } from './routers/cases';
import { usersRouter } from './routers/users';
import { agenciesRouter } from './routers/agencies';
import { agencyRouter } from './routers/agency';
import { accountRouter } from './routers/account';
import { imrsRouter } from './routers/imrs';
import { reviewRouter } from './routers/review';
import { messagesRouter } from './routers/messages';
import { passkeysRouter } from './routers/passkeys';

export const appRouter = router({
	auth: authRouter,
	notifications: notificationsRouter,
	admin: adminRouter,
	triage: triageRouter,
	cases: casesRouter,
	users: usersRouter,
	agencies: agenciesRouter,
	agency: agencyRouter,
	account: accountRouter,
	imrs: imrsRouter,
	review: reviewRouter,
	messages: messagesRouter,
	passkeys: passkeysRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
