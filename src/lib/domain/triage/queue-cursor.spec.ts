import { describe, expect, it } from 'vitest';
import { decodeQueueCursor, encodeQueueCursor, type QueuePosition } from './queue-cursor';

const position: QueuePosition = {
	sort: 'deadline',
	pinRank: 2,
	dueOn: '2026-11-16',
	receivedAt: 1_795_000_000_000,
	id: '019a6b2e-7a3c-7def-8abc-0123456789ab'
};

describe('queue cursors', () => {
	it('round-trip as a URL-safe opaque string', () => {
		const cursor = encodeQueueCursor(position);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(decodeQueueCursor(cursor)).toEqual(position);
	});

	it('refuse anything that is not one of ours', () => {
		expect(decodeQueueCursor('')).toBeNull();
		expect(decodeQueueCursor('not a cursor!')).toBeNull();
		expect(decodeQueueCursor(btoa(JSON.stringify({ s: 'sideways' })))).toBeNull();
		const badDate = encodeQueueCursor({ ...position, dueOn: '2026-02-30' });
		expect(decodeQueueCursor(badDate)).toBeNull();
	});

	it('carry each pin rank, and refuse one that is not a rank (nor the boolean cursors used to hold)', () => {
		for (const pinRank of [0, 1, 2] as const) {
			expect(decodeQueueCursor(encodeQueueCursor({ ...position, pinRank }))?.pinRank).toBe(pinRank);
		}
		const encoded = (p: unknown) =>
			btoa(JSON.stringify({ s: 'deadline', p, d: '2026-11-16', r: 1, i: 'x' }));
		expect(decodeQueueCursor(encoded(1))).not.toBeNull();
		for (const p of [3, -1, 1.5, true, false, '2'])
			expect(decodeQueueCursor(encoded(p))).toBeNull();
	});
});
