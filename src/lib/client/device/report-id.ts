/**
 * A new UUIDv7 for an agency's report (its client id: the server is idempotent on it). Written
 * here rather than imported from `uuidv7`: the notification form's page bundles that library, and
 * a second importer would split it into a chunk of its own, which the form page's weight limit
 * (tests/e2e/support/page-weight.ts) pays for. 48 bits of milliseconds, version 7, variant 10,
 * the rest random (RFC 9562 §5.7).
 */
export function newReportId(now = Date.now()): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	for (let i = 0; i < 6; i += 1) bytes[i] = Math.floor(now / 2 ** (8 * (5 - i))) % 256;
	bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
	bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
