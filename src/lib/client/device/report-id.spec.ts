import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newReportId } from './report-id';

describe('a report’s client id', () => {
	it('is a UUIDv7 the server accepts, carrying its time in its first 48 bits', () => {
		const now = Date.UTC(2026, 10, 30, 3, 0, 0, 123);
		const id = newReportId(now);
		expect(z.uuidv7().safeParse(id).success).toBe(true);
		expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
	});

	it('is different each time, and later ids sort after earlier ones', () => {
		const ids = Array.from({ length: 200 }, (_, i) => newReportId(1_800_000_000_000 + i));
		expect(new Set(ids).size).toBe(200);
		expect([...ids].sort()).toEqual(ids);
	});
});
