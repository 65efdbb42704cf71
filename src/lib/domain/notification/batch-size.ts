/**
 * The outbox sends at most this many forms per request. Apart from the batch's zod schema
 * (batch.ts), which only the server runs: the device's outbox imports this file, and importing
 * the schema's module would put zod in every practitioner page (docs/decisions/013).
 */
export const MAX_BATCH = 25;
