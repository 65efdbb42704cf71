import { initTRPC } from '@trpc/server';
import { $ZodError } from 'zod/v4/core';
import type { Db } from '../db';
import type { Session, SessionProblem, SessionUser } from '../auth/session';
import { Problem, problem } from '$lib/server/infra/problem';
import type { Role } from '$lib/domain/roles';
import type { ErrorCode, FieldErrors } from '$lib/errors';
import { fieldErrorsFrom } from '$lib/domain/field-errors';

/*
 * 1. CONTEXT
 * Built per request from `event.locals` (see routes/api/trpc), or directly in tests. The cookie
 * jar is passed in so procedures never touch SvelteKit and tests can see what was set.
 */
export interface SessionCookieJar {
	set(token: string, expiresAt: Date): void;
	clear(): void;
	/**
	 * The pending sign-in's token (a right password, the second factor still to come): a cookie
	 * of its own, never the session's, so nothing that reads sessions accepts it (decision 022).
	 */
	setPending(token: string, expiresAt: Date): void;
	pending(): string | null;
	clearPending(): void;
}

export interface Context {
	db: Db;
	user: SessionUser | null;
	session: Session | null;
	/** Why the presented session cookie was refused, if there was one. */
	sessionProblem?: SessionProblem | null;
	clientAddress: string;
	/** The browser's User-Agent header, kept with a new session for "where you are signed in". */
	userAgent?: string | null;
	cookies: SessionCookieJar;
}

/*
 * 2. INITIALISATION
 * The formatter gives the client our catalogue code and, for bad input, the message per field.
 * Nothing else from the server's error (stack, SQL, values) leaves the server.
 */
const t = initTRPC.context<Context>().create({
	errorFormatter({ shape, error }) {
		let appCode: ErrorCode = 'INTERNAL';
		let fieldErrors: FieldErrors | undefined;
		let message = shape.message;
		if (error.cause instanceof $ZodError) {
			appCode = 'INVALID_INPUT';
			fieldErrors = fieldErrorsFrom(error.cause);
			message = 'There is a problem with what was entered. Correct the fields shown and try again.';
		} else if (error.cause instanceof Problem) {
			appCode = error.cause.code;
			fieldErrors = error.cause.fieldErrors;
		} else if (error.code === 'INTERNAL_SERVER_ERROR') {
			message = 'Something went wrong on our side. Your work is kept; try again in a few minutes.';
		}
		return {
			message,
			code: shape.code,
			data: { code: shape.data.code, httpStatus: shape.data.httpStatus, appCode, fieldErrors }
		};
	}
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/*
 * 3. PROCEDURES
 * Every procedure declares who may call it. Record scope (own notification, own agency) is
 * checked in the procedure and answered with NOT_FOUND so existence is not revealed.
 */
export const publicProcedure = t.procedure;

/**
 * Signed in, even if the account must still choose its own password. Only what that person needs
 * meanwhile uses it: signing out and setting the password (docs/decisions/019).
 */
export const passwordPendingProcedure = t.procedure.use(({ ctx, next }) => {
	if (!ctx.user || !ctx.session) {
		// Expired and revoked differ for the device: it keeps unsent forms for the first and wipes
		// its data for the second. No cookie at all is plain UNAUTHENTICATED.
		if (ctx.sessionProblem === 'revoked') throw problem('SESSION_REVOKED');
		if (ctx.sessionProblem === 'expired') throw problem('SESSION_EXPIRED');
		throw problem('UNAUTHENTICATED');
	}
	return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

/** Signed in, with a password of the person's own choosing: every other procedure. */
export const signedInProcedure = passwordPendingProcedure.use(({ ctx, next }) => {
	if (ctx.user.mustChangePassword) throw problem('PASSWORD_CHANGE_REQUIRED');
	return next();
});

export function rolesProcedure(...roles: Role[]) {
	return signedInProcedure.use(({ ctx, next }) => {
		if (!roles.includes(ctx.user.role)) throw problem('FORBIDDEN_ROLE');
		return next();
	});
}
