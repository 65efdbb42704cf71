import type { DeviceDb } from './device-db';
import { seal, unseal } from './sealed';
import type { ShortReportDraft } from '$lib/domain/agency/short-report-draft';

// An agency's short report as it is typed, sealed under the device key in the same `drafts`
// store as the practitioner's notifications (docs/decisions/029): restored after a reload or a
// crash, counted and removed by the same wipes. One draft per user and request; it keeps the
// report's client id, so the report sent after a reload is the same report to the server.

export interface ReportDraft {
	clientId: string;
	/** The version a correction replaces; absent for the first report. */
	correctsId?: string;
	draft: ShortReportDraft;
}

interface Unlocked {
	db: DeviceDb;
	key: CryptoKey;
	userId: string;
}

const draftId = (userId: string, requestId: string) => `report:${userId}:${requestId}`;

export async function saveReportDraft(device: Unlocked, requestId: string, value: ReportDraft) {
	const { db, key, userId } = device;
	const id = draftId(userId, requestId);
	const now = Date.now();
	const existing = await db.get('drafts', id);
	await db.put('drafts', {
		id,
		userId,
		createdAt: existing?.createdAt ?? now,
		updatedAt: now,
		sealed: await seal(key, value)
	});
}

export async function loadReportDraft(
	device: Unlocked,
	requestId: string
): Promise<ReportDraft | undefined> {
	const { db, key, userId } = device;
	const record = await db.get('drafts', draftId(userId, requestId));
	if (!record || record.userId !== userId) return undefined;
	return unseal<ReportDraft>(key, record.sealed);
}

/** After the server accepted the report: nothing of it stays on the device. */
export async function dropReportDraft(device: Unlocked, requestId: string) {
	await device.db.delete('drafts', draftId(device.userId, requestId));
}
