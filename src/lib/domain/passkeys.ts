import { z } from 'zod';

/*
 * Passkeys (WebAuthn, docs/decisions/023): what the browser sends back, bounded before anything
 * reads it. The shapes are SimpleWebAuthn's JSON forms of a credential; unknown keys are dropped.
 */

import { PASSKEY_NAME_MAX } from './passkey-limits';
export { PASSKEY_LIMIT, PASSKEY_NAME_MAX } from './passkey-limits';

const b64url = (max: number) =>
	z
		.string()
		.max(max)
		.regex(/^[A-Za-z0-9_-]*$/, 'The passkey answer is not valid');

const credentialBase = {
	id: b64url(1400).min(1),
	rawId: b64url(1400).min(1),
	type: z.literal('public-key'),
	authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
	clientExtensionResults: z
		.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() })
		.default({})
};

export const registrationResponseSchema = z.object({
	...credentialBase,
	response: z.object({
		clientDataJSON: b64url(4096).min(1),
		attestationObject: b64url(32_768).min(1),
		authenticatorData: b64url(16_384).optional(),
		// Browsers may name transports newer than this list: kept as short strings, at most a few.
		transports: z.array(z.string().max(32)).max(8).optional(),
		publicKeyAlgorithm: z.number().int().min(-100_000).max(100_000).optional(),
		publicKey: b64url(8192).optional()
	})
});

export const authenticationResponseSchema = z.object({
	...credentialBase,
	response: z.object({
		clientDataJSON: b64url(4096).min(1),
		authenticatorData: b64url(16_384).min(1),
		signature: b64url(8192).min(1),
		userHandle: b64url(1400).optional()
	})
});

export const passkeyNameSchema = z
	.string({ error: 'Enter a name for this passkey' })
	.trim()
	.min(1, 'Enter a name for this passkey, such as the device it is on')
	.max(PASSKEY_NAME_MAX, `The name must be ${PASSKEY_NAME_MAX} characters or fewer`);

export const passkeyRegistrationSchema = z.object({
	name: passkeyNameSchema,
	response: registrationResponseSchema
});

export const passkeyAssertionSchema = z.object({ response: authenticationResponseSchema });

export const passkeyIdSchema = z.object({ passkeyId: z.uuid('Select a passkey') });
