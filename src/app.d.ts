import type { SessionUser, Session, SessionProblem } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Set when a session cookie was presented but refused: 'expired' or 'revoked'. */
			sessionProblem?: SessionProblem;
			/** With a 'revoked' problem: whose access was withdrawn (the device wipes that user). */
			withdrawnUserId?: string;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
