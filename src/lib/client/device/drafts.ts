import type { DeviceDb, DraftRecord } from './device-db';
import { seal, unseal } from './sealed';
import type { NotificationDraft } from '$lib/domain/notification/notification-form';

export interface DraftSummary {
	id: string;
	createdAt: number;
	updatedAt: number;
	/** Shown in the list so drafts can be told apart; decrypted on the device only. */
	childName: string;
	incidentType: string;
}

// Saves still under way in this page. A save made as a form is left (a new form, another page)
// may still be writing when the next page reads the drafts: reads wait for them.
const saving = new Set<Promise<void>>();
const saved = () => Promise.all(saving);

export function saveDraft(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	id: string,
	form: NotificationDraft,
	correctsId?: string
): Promise<void> {
	const write = writeDraft(db, key, userId, id, form, correctsId);
	saving.add(write);
	const done = () => void saving.delete(write);
	write.then(done, done);
	return write;
}

async function writeDraft(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	id: string,
	form: NotificationDraft,
	correctsId?: string
): Promise<void> {
	const now = Date.now();
	const existing = await db.get('drafts', id);
	const record: DraftRecord = {
		id,
		userId,
		...(correctsId ? { correctsId } : {}),
		createdAt: existing?.createdAt ?? now,
		updatedAt: now,
		sealed: await seal(key, form)
	};
	await db.put('drafts', record);
}

export async function loadDraft(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	id: string
): Promise<{ form: NotificationDraft; correctsId?: string } | undefined> {
	await saved();
	const record = await db.get('drafts', id);
	if (!record || record.userId !== userId) return undefined;
	const form = await unseal<NotificationDraft>(key, record.sealed);
	return record.correctsId ? { form, correctsId: record.correctsId } : { form };
}

export async function listDrafts(
	db: DeviceDb,
	key: CryptoKey,
	userId: string
): Promise<DraftSummary[]> {
	await saved();
	const records = await db.getAllFromIndex('drafts', 'byUser', userId);
	const summaries = await Promise.all(
		records.map(async (r) => {
			const form = await unseal<NotificationDraft>(key, r.sealed);
			return {
				id: r.id,
				createdAt: r.createdAt,
				updatedAt: r.updatedAt,
				childName: form.children[0]?.name ?? '',
				incidentType: form.incidentType
			};
		})
	);
	return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function deleteDraft(db: DeviceDb, userId: string, id: string): Promise<void> {
	await saved();
	const record = await db.get('drafts', id);
	if (record && record.userId === userId) await db.delete('drafts', id);
}
