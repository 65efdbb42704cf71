import {
	deleteItem,
	getItem,
	listItems,
	putItem,
	type AgencyAnswerKind,
	type AgencyOutboxDb,
	type AgencyOutboxRecord,
	type QueuedFileState
} from './agency-outbox-db';
import { dropFile, type KeptFile } from './file-chunks';
import { backoffDelay, TransportError, type DrainReport, type OutboxClock } from './outbox';
import { seal, unseal } from './sealed';
import type { ShortReportDraft } from '$lib/domain/agency/short-report-draft';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { FieldErrors } from '$lib/errors';

// The agency's outbox (docs/decisions/032): a short report, a correction or a nil return sent
// with no signal waits here, sealed under the device key, and goes by itself when the server
// answers again. It is the practitioner's outbox (outbox.ts) for another kind of form: the same
// states, the same back-off with jitter, the same probe of the server's return, the same
// idempotence on the form's client id; what it adds is files. An answer and its files go as one
// unit: files first, each resumable from the last byte the server confirmed, then the answer
// naming them. The Unit gets nothing partial: the server accepts a report only when every file
// it names is complete.

/** What the agency sent, as the outbox keeps it (sealed). */
export interface AgencyAnswer {
	kind: AgencyAnswerKind;
	requestId: string;
	/** The version a correction replaces. */
	correctsId?: string;
	/** A report or a correction. */
	report?: ShortReportDraft;
	/** A nil return. */
	nil?: { author: { name: string; role: string } };
	/** Files kept on this device for this answer, in order. */
	files: KeptFile[];
	/** Files an earlier online attempt already stored on the server. */
	uploaded: { id: string; name: string; size: number }[];
}

/** The server refused the answer (or one of its files): the agency must change something. */
export class AnswerRefused extends Error {
	constructor(
		message: string,
		readonly fieldErrors: FieldErrors
	) {
		super(message);
		this.name = 'AnswerRefused';
	}
}

export interface AgencyTransport {
	/** Sends the answer naming its files; resolves with the server's signed receipt. */
	send(clientId: string, answer: AgencyAnswer, attachmentIds: string[]): Promise<SignedReceipt>;
}

export interface UploadHooks {
	requestId: string;
	/** The upload's address once the server created it: kept, to resume from after a reload. */
	onUploadUrl(url: string): Promise<void>;
	/** Bytes of this file the server has confirmed so far (or sent so far, within a chunk). */
	onProgress(sentBytes: number, confirmed: boolean): void;
}

/**
 * Sends one kept file and resolves with the server's attachment id. Throws TransportError when
 * the server cannot be reached (the outbox retries later, resuming), AnswerRefused when the
 * server refuses the file (a wrong hash, a type found only when complete).
 */
export interface FileUploader {
	upload(file: KeptFile, state: QueuedFileState, hooks: UploadHooks): Promise<string>;
}

interface Unlocked {
	db: AgencyOutboxDb;
	key: CryptoKey;
	userId: string;
}

const systemClock: OutboxClock = { now: () => Date.now(), random: () => Math.random() };

/**
 * Queues an answer under its client id. Sent again after the server refused it, it keeps its
 * place in the queue and the files the server already holds.
 */
export async function enqueueAnswer(
	device: Unlocked,
	clientId: string,
	answer: AgencyAnswer,
	clock: OutboxClock = systemClock
): Promise<void> {
	const { db, key, userId } = device;
	const now = clock.now();
	const existing = await getItem(db, userId, clientId);
	const before = new Map((existing?.files ?? []).map((f) => [f.fileId, f]));
	await putItem(db, {
		id: clientId,
		userId,
		requestId: answer.requestId,
		kind: answer.kind,
		queuedAt: existing?.queuedAt ?? now,
		state: 'waiting',
		attempts: 0,
		nextAttemptAt: now,
		sealed: await seal(key, answer),
		files: answer.files.map(
			(f) => before.get(f.fileId) ?? { fileId: f.fileId, size: f.size, sentBytes: 0 }
		)
	});
}

export async function agencyOutboxItems(
	db: AgencyOutboxDb,
	userId: string
): Promise<AgencyOutboxRecord[]> {
	const items = await listItems(db, userId);
	return items.sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1));
}

/** A queued answer, decrypted: for the page to show what waits, or to correct a refused one. */
export async function queuedAnswer(
	device: Unlocked,
	clientId: string
): Promise<AgencyAnswer | undefined> {
	const item = await getItem(device.db, device.userId, clientId);
	if (!item || item.state === 'sent') return undefined;
	return unseal<AgencyAnswer>(device.key, item.sealed);
}

/** Takes an answer off the device with its kept files (sent, or taken back to be corrected). */
export async function removeAnswer(device: Unlocked, clientId: string, keepFiles = false) {
	const item = await getItem(device.db, device.userId, clientId);
	if (!item) return;
	if (!keepFiles) for (const f of item.files) await dropFile(device, f.fileId);
	await deleteItem(device.db, device.userId, clientId);
}

/** Sends again now, ignoring the back-off: when the server is back, or when the person asks. */
export async function retryAnswersNow(device: Unlocked, clock: OutboxClock = systemClock) {
	for (const item of await agencyOutboxItems(device.db, device.userId)) {
		if (item.state === 'waiting' || item.state === 'sending') {
			await putItem(device.db, { ...item, state: 'waiting', nextAttemptAt: clock.now() });
		}
	}
}

export type ProgressListener = (clientId: string, fileIndex: number, sentBytes: number) => void;

/**
 * Sends everything due, oldest first, one answer at a time: its files (each resuming where the
 * server stopped), then the answer naming them. Stops at the first failure of the connection or
 * session, backing the answer off; an answer the server refuses waits for the agency.
 */
export async function drainAgencyOutbox(
	device: Unlocked,
	transport: AgencyTransport,
	uploader: FileUploader,
	onProgress: ProgressListener = () => {},
	clock: OutboxClock = systemClock
): Promise<DrainReport> {
	const { db, key, userId } = device;
	const report: DrainReport = { sent: 0, attention: 0 };
	for (;;) {
		const due = (await agencyOutboxItems(db, userId)).filter(
			(i) => i.state === 'waiting' || i.state === 'sending'
		);
		const item = due[0];
		// In order: when the oldest answer is backing off, later ones wait behind it.
		if (!item || item.nextAttemptAt > clock.now()) return report;
		const answer = await unseal<AgencyAnswer>(key, item.sealed);
		let current: AgencyOutboxRecord = { ...item, state: 'sending' };
		await putItem(db, current);
		const save = async (files: QueuedFileState[]) => {
			current = { ...current, files };
			await putItem(db, current);
		};
		try {
			for (const [index, kept] of answer.files.entries()) {
				const state = current.files[index];
				if (!state || state.attachmentId) continue;
				const attachmentId = await uploader.upload(kept, state, {
					requestId: answer.requestId,
					onUploadUrl: (uploadUrl) =>
						save(current.files.map((f, i) => (i === index ? { ...f, uploadUrl } : f))),
					onProgress: (sentBytes, confirmed) => {
						// What the server confirmed, once a chunk: shown (and announced, politely) and
						// kept, so the page shows it after a reload too. Bytes merely on the wire are not
						// news a screen reader should hear every few milliseconds.
						if (!confirmed) return;
						onProgress(item.id, index, sentBytes);
						void save(current.files.map((f, i) => (i === index ? { ...f, sentBytes } : f)));
					}
				});
				await save(
					current.files.map((f, i) =>
						i === index ? { ...f, attachmentId, sentBytes: kept.size } : f
					)
				);
			}
			const attachmentIds = [
				...answer.uploaded.map((f) => f.id),
				...current.files.map((f) => f.attachmentId ?? '')
			];
			const receipt = await transport.send(item.id, answer, attachmentIds);
			// The receipt is the server's promise: the answer and its files leave the device (what is
			// kept sealed is a null, as the store holds only sealed values).
			for (const f of current.files) await dropFile(device, f.fileId);
			await putItem(db, {
				...current,
				state: 'sent',
				sealed: await seal(key, null),
				receipt,
				sentAt: clock.now(),
				problem: undefined
			});
			report.sent += 1;
		} catch (error) {
			if (error instanceof AnswerRefused) {
				await putItem(db, {
					...current,
					state: 'attention',
					problem: { message: error.message, fieldErrors: error.fieldErrors }
				});
				report.attention += 1;
				continue;
			}
			const kind = error instanceof TransportError ? error.kind : 'network';
			// A session problem is not the server's fault: wait for sign-in, do not count it.
			const attempts =
				kind === 'expired' || kind === 'revoked' ? current.attempts : current.attempts + 1;
			await putItem(db, {
				...current,
				state: 'waiting',
				attempts,
				nextAttemptAt: clock.now() + backoffDelay(Math.max(1, attempts), clock.random())
			});
			report.stopped = kind;
			return report;
		}
	}
}

/**
 * Keeps the receipt of an answer the page sent itself, online (the form action), beside those the
 * outbox sent: the agency finds every receipt in one place, and `npm run receipt:verify` checks it.
 */
export async function keepAnswered(
	device: Unlocked,
	clientId: string,
	answered: { requestId: string; kind: AgencyAnswerKind; receipt: SignedReceipt },
	clock: OutboxClock = systemClock
): Promise<void> {
	const now = clock.now();
	await putItem(device.db, {
		id: clientId,
		userId: device.userId,
		requestId: answered.requestId,
		kind: answered.kind,
		queuedAt: now,
		state: 'sent',
		attempts: 0,
		nextAttemptAt: now,
		sealed: await seal(device.key, null),
		files: [],
		receipt: answered.receipt,
		sentAt: now
	});
}
