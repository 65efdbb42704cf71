import { createCallerFactory, router } from './trpc';
import { authRouter } from './routers/auth';
import { notificationsRouter } from './routers/notifications';
import { adminRouter } from './routers/admin';

export const appRouter = router({
	auth: authRouter,
	notifications: notificationsRouter,
	admin: adminRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
