import { uuidv7 } from 'uuidv7';
import { emptyNotificationForm } from '../../src/lib/domain/notification/notification-draft';
import type { NotificationDraft } from '../../src/lib/domain/notification/notification-draft';
import { CRITERIA_QUESTIONS } from '../../src/lib/domain/notification/notification-options';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';

/**
 * One of every record a page lists, made through the same tRPC procedures the pages call, so every
 * row is one the app itself could have made. Used by the browser tests (tests/e2e/support/seed.ts)
 * and by `npm run bench` (Lighthouse on every page), each with its own way of calling the API.
 */
export interface Caller {
	/** A mutation, as the signed-in persona. */
	call<T = unknown>(procedure: string, input: unknown): Promise<T>;
	/** A query, as the signed-in persona. */
	query<T = unknown>(procedure: string, input?: unknown): Promise<T>;
}

/** A complete notification form; the overrides make rows long or unusual. */
export function notificationForm(overrides: Partial<NotificationDraft> = {}): NotificationDraft {
	return {
		...emptyNotificationForm(),
		notifier: {
			name: 'Pat Practitioner',
			role: 'Health visitor',
			agency: 'Harrogate District NHS Foundation Trust',
			phone: '01632 960 001',
			email: 'pat@example.org'
		},
		awareOn: '2026-11-20',
		incidentDateKnown: 'yes',
		incidentDate: '2026-11-19',
		incidentType: 'death',
		location: 'Harrogate and Knaresborough',
		children: [
			{
				name: 'Alexandra-Josephine Montgomery-Fairweather',
				otherNames: '',
				dobKnown: 'yes',
				dateOfBirth: '2021-04-02',
				approximateAge: '',
				gender: 'not_known',
				ethnicity: ''
			}
		],
		legalStatus: 'child_in_need',
		institutionalSetting: 'none',
		otherChildrenAtRisk: 'no',
		agenciesInvolved: ['health', 'police'],
		policeInvolved: 'yes',
		mediaInterest: 'no',
		criteria: Object.fromEntries(Object.keys(CRITERIA_QUESTIONS).map((k) => [k, 'not_known'])),
		outline: 'Admitted to hospital with injuries not consistent with the account given.',
		declaration: true,
		...overrides
	} as NotificationDraft;
}

export interface SeededRecords {
	/** A notification still in the queue, saying other children may be at risk (pinned). */
	queued: string;
	/** A notification the Unit returned for correction. */
	returned: string;
	/** A case gathering information, with requests to three agencies. */
	caseId: string;
	/** The notification that case was opened from ("Under consideration"). */
	caseNotification: string;
	/** A case awaiting the Chair's decision. */
	chairCaseId: string;
	/** The police's request that has been answered (a nil return). */
	answeredRequestId: string;
	/** The police's request still waiting for a report. */
	openRequestId: string;
}

/**
 * One of everything a page lists, so every table and list renders with rows: notifications in
 * each status, a case gathering with short report requests (answered and not), a case awaiting
 * the Chair.
 */
export async function seedOneOfEverything(
	practitioner: Caller,
	unit: Caller,
	agency: Caller
): Promise<SeededRecords> {
	const today = todayIso();
	const submit = async (overrides: Partial<NotificationDraft>) => {
		const id = uuidv7();
		await practitioner.call('notifications.submit', { id, form: notificationForm(overrides) });
		return id;
	};
	const queued = await submit({
		otherChildrenAtRisk: 'yes',
		otherChildrenDetails: 'Two siblings live at the same address.',
		incidentType: 'serious_harm'
	});
	const returned = await submit({ incidentType: 'looked_after' });
	const forCase = await submit({ incidentType: 'death' });
	const forChair = await submit({ incidentType: 'sexual_abuse' });
	const forSecondRequest = await submit({ incidentType: 'serious_harm' });

	await unit.call('triage.returnToPractitioner', {
		notificationId: returned,
		message: 'Please add the date of birth of the second child, and the school they attend.'
	});
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const agencyId = (name: string) => {
		const found = agencies.find((a) => a.name === name);
		if (!found) throw new Error(`no agency ${name}`);
		return found.id;
	};
	const gather = async (notificationId: string, names: string[]) => {
		const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
			notificationId,
			classification: 'serious_harm'
		});
		await unit.call('cases.transition', {
			id: caseId,
			version: 1,
			to: 'gathering',
			payload: {
				classification: 'serious_harm',
				agencyIds: names.map(agencyId),
				filesSecureRequestedOn: today
			}
		});
		return caseId;
	};
	const caseId = await gather(forCase, [
		'North Yorkshire Police',
		'Harrogate District NHS Foundation Trust',
		'National Probation Service (North Yorkshire)'
	]);
	const secondCaseId = await gather(forSecondRequest, ['North Yorkshire Police']);

	const { caseId: chairCaseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId: forChair,
		classification: 'child_death'
	});
	await unit.call('cases.transition', {
		id: chairCaseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'child_death',
			reason: 'The child died and neglect is known.',
			securingAgencyIds: [agencyId('North Yorkshire Police')],
			filesSecureRequestedOn: today
		}
	});

	const requests = await agency.query<{ id: string; caseReference: string }[]>('agency.requests');
	const reference = async (id: string) =>
		(await unit.query<{ reference: string }>('cases.get', { id })).reference;
	const first = await reference(caseId);
	const second = await reference(secondCaseId);
	const answered = requests.find((r) => r.caseReference === first);
	const open = requests.find((r) => r.caseReference === second);
	if (!answered || !open) throw new Error('the police were not asked for two reports');
	await agency.call('agency.nilReturn', {
		requestId: answered.id,
		clientId: uuidv7(),
		author: { name: 'Alex Agency', role: 'Detective Sergeant' },
		confirm: true
	});
	return {
		queued,
		returned,
		caseId,
		caseNotification: forCase,
		chairCaseId,
		answeredRequestId: answered.id,
		openRequestId: open.id
	};
}
