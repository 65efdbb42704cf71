import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { setPasscode } from './device-lock';
import { dropReportDraft, loadReportDraft, saveReportDraft } from './report-drafts';
import { emptyShortReport } from '$lib/domain/agency/short-report-draft';

// An agency's short report draft (docs/decisions/029): sealed under the device key, one per user
// and request, with the report's client id; removed when sent and by every wipe.

const AGENCY = 'agency-user';
const OTHER = 'other-user';
let db: DeviceDb;
let key: CryptoKey;

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
	key = await setPasscode(db, AGENCY, 'a device passcode', 0, 1000);
});

function typed(concerns: string) {
	return { ...emptyShortReport(), concernsAndAction: concerns };
}

describe('a short report draft on the device', () => {
	it('comes back as it was typed, with its client id, and is stored only sealed', async () => {
		const device = { db, key, userId: AGENCY };
		await saveReportDraft(device, 'request-1', {
			clientId: 'client-1',
			correctsId: 'version-1',
			draft: typed('Bruising seen by PC Sealed')
		});
		expect(await loadReportDraft(device, 'request-1')).toEqual({
			clientId: 'client-1',
			correctsId: 'version-1',
			draft: typed('Bruising seen by PC Sealed')
		});
		const [record] = await db.getAll('drafts');
		const stored = JSON.stringify(record, (_k, v: unknown) =>
			v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v
		);
		expect(stored).not.toContain('PC Sealed');
		expect(stored).not.toContain('client-1');
		expect(await loadReportDraft(device, 'request-2')).toBeUndefined();
		// Another user of the device neither finds nor opens it.
		expect(await loadReportDraft({ db, key, userId: OTHER }, 'request-1')).toBeUndefined();
	});

	it('a later save replaces the earlier one; sending drops it', async () => {
		const device = { db, key, userId: AGENCY };
		await saveReportDraft(device, 'request-1', { clientId: 'c', draft: typed('first') });
		await saveReportDraft(device, 'request-1', { clientId: 'c', draft: typed('second') });
		expect((await loadReportDraft(device, 'request-1'))?.draft.concernsAndAction).toBe('second');
		expect(await db.count('drafts')).toBe(1);
		await dropReportDraft(device, 'request-1');
		expect(await loadReportDraft(device, 'request-1')).toBeUndefined();
	});

	it('is counted and removed by a wipe, with the user’s key', async () => {
		const device = { db, key, userId: AGENCY };
		await saveReportDraft(device, 'request-1', { clientId: 'c', draft: typed('unsent') });
		const wipe = await wipeUser(db, AGENCY, 'revoked');
		expect(wipe.drafts).toBe(1);
		expect(await db.count('drafts')).toBe(0);
		expect(await db.get('locks', AGENCY)).toBeUndefined();
	});
});
