// Human references: short, spoken over the phone, sortable, never containing personal data.
// NTF-2026-0042 is a notification, SCR-2026-0007 a case. The number restarts each year.

export const REFERENCE_PREFIXES = { notification: 'NTF', case: 'SCR' } as const;
export type ReferenceKind = keyof typeof REFERENCE_PREFIXES;

/** The counter scope a reference is drawn from, e.g. 'notification:2026'. */
export function referenceScope(kind: ReferenceKind, year: number): string {
	return `${kind}:${year}`;
}

export function formatReference(kind: ReferenceKind, year: number, sequence: number): string {
	if (!Number.isInteger(sequence) || sequence < 1) {
		throw new RangeError('A reference sequence starts at 1');
	}
	if (!Number.isInteger(year) || year < 2000 || year > 9999) {
		throw new RangeError('A reference year has four digits');
	}
	// Four digits at least; a busy year simply grows a fifth rather than wrapping around.
	return `${REFERENCE_PREFIXES[kind]}-${year}-${String(sequence).padStart(4, '0')}`;
}

const REFERENCE_PATTERN = /^(NTF|SCR)-(\d{4})-(\d{4,})$/;

export function parseReference(
	value: string
): { kind: ReferenceKind; year: number; sequence: number } | null {
	const m = REFERENCE_PATTERN.exec(value.trim().toUpperCase());
	if (!m) return null;
	const kind = m[1] === 'NTF' ? 'notification' : 'case';
	const sequence = Number(m[3]);
	if (sequence < 1) return null;
	return { kind, year: Number(m[2]), sequence };
}
