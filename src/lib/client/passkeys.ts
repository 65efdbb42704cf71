import {
	startAuthentication,
	startRegistration,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/browser';
import { api, describeApiError } from '$lib/api';

/*
 * The browser's half of passkeys (docs/decisions/023). Pages import this module only when the
 * person presses a passkey button (`import('$lib/client/passkeys')`), so SimpleWebAuthn's code is
 * not part of the sign-in page's first load.
 */

export type PasskeyOutcome<T> =
	{ ok: true; value: T } | { ok: false; message: string; fieldErrors: Record<string, string> };

/** Whether this browser can use passkeys at all (the buttons show only then). */
export function passkeysSupported(): boolean {
	return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

function refusal(error: unknown): PasskeyOutcome<never> {
	// The browser's own refusals: the person cancelled, or no passkey of this site was there.
	if (
		error instanceof Error &&
		/NotAllowed|cancel|timed out/i.test(`${error.name} ${error.message}`)
	)
		return {
			ok: false,
			message:
				'The passkey was not used. Try again, or sign in with your email address and password.',
			fieldErrors: {}
		};
	if (error instanceof Error && error.name === 'InvalidStateError')
		return {
			ok: false,
			message: 'This passkey is already added to your account.',
			fieldErrors: {}
		};
	const problem = describeApiError(error);
	return { ok: false, message: problem.message, fieldErrors: problem.fieldErrors };
}

async function attempt<T>(run: () => Promise<T>): Promise<PasskeyOutcome<T>> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return refusal(error);
	}
}

/** "Sign in with a passkey": no email, no password. Answers where to go next. */
export function signInWithPasskey() {
	return attempt(async () => {
		// The server's JSON is SimpleWebAuthn's own options, as its types differ only in spelling.
		const optionsJSON =
			(await api.auth.passkeySignInOptions.mutate()) as PublicKeyCredentialRequestOptionsJSON;
		const response = await startAuthentication({ optionsJSON });
		return api.auth.passkeySignIn.mutate({ response });
	});
}

/** The second-factor step with a passkey, after a right password. */
export function passkeyAsSecondFactor() {
	return attempt(async () => {
		const optionsJSON =
			(await api.auth.passkeySecondFactorOptions.mutate()) as PublicKeyCredentialRequestOptionsJSON;
		const response = await startAuthentication({ optionsJSON });
		return api.auth.passkeySecondFactor.mutate({ response });
	});
}

/** Adds a passkey made on this device (or a security key) to one's own account. */
export function addPasskey(name: string) {
	return attempt(async () => {
		const optionsJSON =
			(await api.passkeys.registrationOptions.mutate()) as PublicKeyCredentialCreationOptionsJSON;
		const response = await startRegistration({ optionsJSON });
		return api.passkeys.register.mutate({ name, response });
	});
}
