// Passkey limits, apart from the schemas so browser code can read them without zod's classic API
// (docs/decisions/013-zod-mini-on-the-client.md).

/** At most this many passkeys per account: enough for a phone, a laptop and two keys, and some. */
export const PASSKEY_LIMIT = 10;
export const PASSKEY_NAME_MAX = 60;
