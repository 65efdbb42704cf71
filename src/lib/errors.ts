// One catalogue of coded errors, shared by server and pages. Each message says what went wrong
// and what to do next, and never contains personal data (it may be shown, logged or cached).

export const ERRORS = {
	UNAUTHENTICATED: {
		status: 'UNAUTHORIZED',
		message: 'Your session has ended. Sign in again to continue: nothing you saved is lost.'
	},
	// The device keeps its unsent forms on SESSION_EXPIRED and wipes its data on SESSION_REVOKED
	// (docs/decisions/006), so the two must never be confused.
	SESSION_EXPIRED: {
		status: 'UNAUTHORIZED',
		message:
			'Your session has expired. Sign in again to continue: nothing is lost, and forms waiting to be sent will be sent after you sign in.'
	},
	SESSION_REVOKED: {
		status: 'UNAUTHORIZED',
		message:
			'Your access was withdrawn on this device, and the data kept on this device has been removed. Contact your administrator if you need access again.'
	},
	FORBIDDEN_ROLE: {
		status: 'FORBIDDEN',
		message: 'Your account cannot do this. Ask your administrator if you need access.'
	},
	NOT_FOUND: {
		status: 'NOT_FOUND',
		message: 'We could not find that record. Check the link, or go back to your list.'
	},
	INVALID_INPUT: {
		status: 'BAD_REQUEST',
		message: 'There is a problem with what was entered. Correct the fields shown and try again.'
	},
	// Says the same whether the account exists, is disabled or the password is wrong: only someone
	// who knows the password learns that an account is disabled (ACCOUNT_DISABLED).
	INVALID_CREDENTIALS: {
		status: 'UNAUTHORIZED',
		message:
			'The email address or password is not right. Check them and try again. If you have forgotten your password, ask your administrator for a password reset link.'
	},
	ACCOUNT_DISABLED: {
		status: 'FORBIDDEN',
		message:
			'This account has been disabled, so it cannot sign in. Contact your administrator if you need access again.'
	},
	// Accounts (docs/decisions/019).
	PASSWORD_CHANGE_REQUIRED: {
		status: 'FORBIDDEN',
		message:
			'Choose your own password before you continue: go to the password page, enter the password you were given and a new one.'
	},
	CURRENT_PASSWORD_WRONG: {
		status: 'BAD_REQUEST',
		message: 'Your current password is not right. Enter the password you signed in with.'
	},
	RESET_LINK_INVALID: {
		status: 'BAD_REQUEST',
		message:
			'This password reset link has expired or has already been used. Ask your administrator for a new link.'
	},
	CANNOT_CHANGE_OWN_ACCOUNT: {
		status: 'BAD_REQUEST',
		message:
			'You cannot disable your own account or reset your own password here. Ask another administrator, or change your password from Your account.'
	},
	ACCOUNT_IS_DISABLED: {
		status: 'CONFLICT',
		message: 'This account is disabled. Enable it first, then create a password reset link.'
	},
	SIGN_IN_RATE_LIMITED: {
		status: 'TOO_MANY_REQUESTS',
		message:
			'Too many failed sign-in attempts. Wait 15 minutes and try again, or ask your administrator to reset your password.'
	},
	SECOND_FACTOR_REFUSED: {
		status: 'UNAUTHORIZED',
		message:
			'The code is not right, or it has been used already. Enter the code your authenticator app shows now, or one of your recovery codes.'
	},
	PASSKEY_REFUSED: {
		status: 'UNAUTHORIZED',
		message:
			'The passkey was not accepted. Try again, or sign in with your email address and password.'
	},
	SECOND_FACTOR_TIMED_OUT: {
		status: 'UNAUTHORIZED',
		message: 'Your sign-in has timed out. Sign in again with your email address and password.'
	},
	SIGN_IN_BUSY: {
		status: 'TOO_MANY_REQUESTS',
		message: 'Many people are signing in at the moment. Wait a few seconds and try again.'
	},
	SUBMISSION_CONFLICT: {
		status: 'CONFLICT',
		message:
			'A different notification was already sent with this form’s identifier. Start a new notification and copy your answers into it.'
	},
	EMAIL_TAKEN: {
		status: 'CONFLICT',
		message: 'An account with this email address already exists. Use a different email address.'
	},
	// The case workflow (docs/decisions/010). A version conflict's message names what changed.
	VERSION_CONFLICT: {
		status: 'CONFLICT',
		message:
			'Someone else changed this case after you opened it. Nothing you entered was saved: reload the case to see the change, then make yours again if it is still needed.'
	},
	TRANSITION_NOT_ALLOWED: {
		status: 'CONFLICT',
		message:
			'This case cannot make that move from the stage it is at. Reload the case to see the steps open to you.'
	},
	ALREADY_TRIAGED: {
		status: 'CONFLICT',
		message:
			'This notification has already been triaged: it was put into a case or returned to the practitioner. Reload it to see what was done.'
	},
	// Other children first (§13.1, docs/procedure.md "Triage"): a notification answering yes or
	// not known waits for the Unit's recorded action. The service's message names the move.
	OTHER_CHILDREN_FIRST: {
		status: 'CONFLICT',
		message:
			'Record the action taken for the other children first (§13.1): what was done and whether a Chapter 6 referral was made. Until then this notification cannot be put into a case, sent back or closed.'
	},
	// §13.5 "All child deaths should be reported to the CDOP": a death case closes only once it is
	// recorded. The service's message names the notifications still waiting.
	CDOP_FIRST: {
		status: 'CONFLICT',
		message:
			"Record when CDOP was informed of the child's death, and by whom, before closing this case (§13.5)."
	},
	FILES_ON_HOLD: {
		status: 'CONFLICT',
		message:
			'The files of this case are secured, so nothing attached to it can be removed or overwritten. Record a correction as a new entry instead.'
	},
	CASE_CLOSED: {
		status: 'CONFLICT',
		message: 'This case is closed, so it cannot be changed. Open a new case if there is more to do.'
	},
	// Agencies' short reports (docs/decisions/011).
	REQUEST_ANSWERED: {
		status: 'CONFLICT',
		message:
			'Your agency has already answered this request. To change what was sent, send a correction from the request page.'
	},
	REQUEST_WITHDRAWN: {
		status: 'CONFLICT',
		message:
			'The Safeguarding Unit withdrew this request, so it no longer needs an answer. Contact the Unit if you think this is wrong.'
	},
	REPORT_SUPERSEDED: {
		status: 'CONFLICT',
		message:
			'A newer version of this report was sent after you opened it. Reload the request to see it, then correct that version if still needed.'
	},
	REPORT_ID_CONFLICT: {
		status: 'CONFLICT',
		message:
			'A different report was already sent with this identifier. Reload the request page and send your report again.'
	},
	ATTACHMENT_REFUSED: {
		status: 'BAD_REQUEST',
		message: 'A file was refused. Attach a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less.'
	},
	BODY_TOO_LARGE: {
		status: 'PAYLOAD_TOO_LARGE',
		message:
			'What was sent is larger than this page accepts. Shorten it, or attach large files one at a time.'
	},
	CROSS_SITE_REQUEST: {
		status: 'FORBIDDEN',
		message:
			'This request came from another site and was refused. Open the app directly and try again.'
	},
	INTERNAL: {
		status: 'INTERNAL_SERVER_ERROR',
		message: 'Something went wrong on our side. Your work is kept; try again in a few minutes.'
	}
} as const satisfies Record<string, { status: string; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Field path → first message, as the error summary and inline messages need them. */
export type FieldErrors = Record<string, string>;

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && value in ERRORS;
}
