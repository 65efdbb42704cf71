import { count, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '$lib/server/db';
import { agencies, notifications, shortReportRequests } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { createUser, findUserByEmail } from '$lib/server/services/users/users';
import { submitNotifications } from '$lib/server/services/notifications/notifications';
import { linkToCase, openCase } from '$lib/server/services/triage/case-opening';
import { returnToPractitioner } from '$lib/server/services/triage/triage';
import {
	recordCdopInformed,
	recordLeadAuthority
} from '$lib/server/services/triage/lead-authority';
import { transitionCase } from '$lib/server/services/cases/case-transitions';
import { recordCaseDate } from '$lib/server/services/cases/cases';
import { addActionItem, updateActionItem } from '$lib/server/services/cases/action-plan';
import { submitNilReturn, submitShortReport } from '$lib/server/services/agency/short-reports';
import {
	addCalendarDays,
	addCalendarMonths,
	todayIso,
	type IsoDate
} from '$lib/domain/calendar/iso-date';
import { addWorkingDays, isWorkingDay } from '$lib/domain/calendar/working-days';
import { cdopNeeded } from '$lib/domain/triage/cdop';
import type { CaseState } from '$lib/domain/case/case-states';
import type { CaseClassification } from '$lib/domain/case/case-choices';
import type { SeparateDateName } from '$lib/domain/case/separate-dates';
import { emptyNotificationForm } from '$lib/domain/notification/notification-draft';
import { notificationFormSchema } from '$lib/domain/notification/notification-form';
import {
	CRITERIA_QUESTIONS,
	type IncidentType,
	type SeriousIncidentCategory
} from '$lib/domain/notification/notification-options';
import { shortReportSchema } from '$lib/domain/agency/short-report';
import {
	DEMO_ACTIVITY_PEOPLE,
	DEMO_PERSONAS,
	PERSONA_AGENCIES,
	type PersonaAgency
} from '$lib/server/services/users/personas';

/*
 * A year of obviously fictional activity for `npm run demo` (issue 16), so that every role lands
 * on a full screen: about 200 notifications, 40 cases in every state with clocks met, running and
 * overdue, short reports answered, overdue and nil, action plans, a closed Serious Case Review.
 * Everything goes through the services with the day it happened as `now`, so every row is one
 * the app itself could have made and every invariant (versions, timelines, audit, clocks) holds.
 * Seeded once: a database already holding notifications is left alone.
 */

const FIRST = ['Ada', 'Bo', 'Cy', 'Di', 'Eli', 'Fen', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kit', 'Lu'];
const LAST = ['Example', 'Sample', 'Specimen', 'Madeup', 'Placeholder', 'Fictional', 'Demo'];
const AREAS = ['North Yorkshire', 'North Yorkshire', 'North Yorkshire', 'York', 'Leeds', 'Durham'];
const CATEGORIES: SeriousIncidentCategory[] = [
	'police_called',
	'serious_complaint',
	'child_protection_enquiry',
	'accommodated_death',
	'media_or_practice_concern'
];

/** The same year every time: a small deterministic generator. */
function generator(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T };
}

/** The working day `n` working days before `day` (addWorkingDays counts forwards only). */
function workingDaysBefore(day: IsoDate, n: number): IsoDate {
	let found = day;
	let left = n;
	while (left > 0) {
		found = addCalendarDays(found, -1);
		if (isWorkingDay(found)) left -= 1;
	}
	return found;
}

/** 10:00 UTC on a day: within the day in England all year. */
const at = (day: IsoDate) => new Date(`${day}T10:00:00.000Z`);

interface Cast {
	unit: SessionUser;
	chair: SessionUser;
	practitioners: SessionUser[];
	agencyLeads: Map<string, SessionUser>;
	agencyIds: Record<PersonaAgency, string>;
}

async function sessionUserByEmail(db: Db, email: string): Promise<SessionUser> {
	const row = await findUserByEmail(db, email);
	if (!row) throw new Error(`demo person ${email} missing`);
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		agencyId: row.agencyId,
		mustChangePassword: row.mustChangePassword
	};
}

async function castOf(db: Db): Promise<Cast> {
	for (const person of DEMO_ACTIVITY_PEOPLE) {
		if (await findUserByEmail(db, person.email)) continue;
		const [agency] = await db
			.select({ id: agencies.id })
			.from(agencies)
			.where(eq(agencies.name, PERSONA_AGENCIES[person.agency].name));
		await createUser(db, {
			name: person.name,
			email: person.email,
			role: person.role,
			password: DEMO_PERSONAS.password,
			agencyId: agency?.id ?? null
		});
	}
	const people = DEMO_PERSONAS.people;
	const agencyIds = {} as Record<PersonaAgency, string>;
	for (const [key, { name }] of Object.entries(PERSONA_AGENCIES) as [
		PersonaAgency,
		{ name: string }
	][]) {
		const [row] = await db
			.select({ id: agencies.id })
			.from(agencies)
			.where(eq(agencies.name, name));
		if (row) agencyIds[key] = row.id;
	}
	const practitioners = [await sessionUserByEmail(db, people.practitioner.email)];
	const agencyLeads = new Map<string, SessionUser>();
	const police = await sessionUserByEmail(db, people.agency.email);
	if (police.agencyId) agencyLeads.set(police.agencyId, police);
	for (const person of DEMO_ACTIVITY_PEOPLE) {
		const user = await sessionUserByEmail(db, person.email);
		if (person.role === 'practitioner') practitioners.push(user);
		else if (user.agencyId) agencyLeads.set(user.agencyId, user);
	}
	return {
		unit: await sessionUserByEmail(db, people.unit.email),
		chair: await sessionUserByEmail(db, people.chair.email),
		practitioners,
		agencyLeads,
		agencyIds
	};
}

type Random = ReturnType<typeof generator>;

function demoForm(random: Random, type: IncidentType, day: IsoDate) {
	const child = `${random.pick(FIRST)} ${random.pick(LAST)}`;
	const born = addCalendarDays(day, -Math.floor(365 * (1 + random.next() * 15)));
	return notificationFormSchema.parse({
		...emptyNotificationForm(),
		notifier: {
			name: 'Demo Notifier',
			role: 'Practitioner (fictional)',
			agency: 'Demo agency',
			phone: '01632 960 000',
			email: 'notifier@demo.test'
		},
		awareOn: day,
		incidentDateKnown: 'yes',
		incidentDate: addCalendarDays(day, -1),
		incidentType: type,
		seriousIncidentCategory: type === 'serious_incident' ? random.pick(CATEGORIES) : '',
		location: 'Fictional Town',
		children: [
			{
				name: child,
				otherNames: '',
				dobKnown: 'yes',
				dateOfBirth: born,
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
		outline: 'A fictional incident made up for the demonstration. No real child or family.',
		declaration: true
	});
}

interface DemoCase {
	id: string;
	version: number;
}

function move(
	who: 'unit' | 'chair',
	to: CaseState,
	payload: (day: IsoDate) => Record<string, unknown>
) {
	return (cast: Cast, db: Db) => async (c: DemoCase, day: IsoDate) => {
		const { version } = await transitionCase(
			db,
			who === 'unit' ? cast.unit : cast.chair,
			{ id: c.id, version: c.version, to, payload: payload(day) },
			at(day)
		);
		c.version = version;
	};
}

function recordDate(name: SeparateDateName) {
	return (cast: Cast, db: Db) => async (c: DemoCase, day: IsoDate) => {
		const { version } = await recordCaseDate(
			db,
			cast.unit,
			{ id: c.id, version: c.version, name, date: day },
			at(day)
		);
		c.version = version;
	};
}

type StepMaker = (cast: Cast, db: Db) => (c: DemoCase, day: IsoDate) => Promise<void>;

const decided = (day: IsoDate) => ({
	decidedOn: day,
	rationale: 'As the Sub Group recommended (demo)'
});
const notAnScr = (day: IsoDate, extra: Record<string, unknown> = {}) => ({
	...decided(day),
	filesHold: 'rescind',
	rescindInstructionOn: day,
	departureReason: 'The Sub Group found abuse or neglect was not a factor (demo)',
	...extra
});

/** The steps from triage to each state, in order; a journey stops at its target. */
function path(target: CaseState, agencyIds: string[]): [number, StepMaker][] {
	const gather: [number, StepMaker][] = [
		[
			1,
			move('unit', 'gathering', (day) => ({
				classification: 'serious_harm',
				agencyIds,
				filesSecureRequestedOn: day
			}))
		],
		[7, move('unit', 'chair_briefed', (day) => ({ chairBriefedOn: day }))],
		[3, move('unit', 'panel_scheduled', (day) => ({ meetingOn: day }))],
		[
			5,
			move('unit', 'panel_recommended', (day) => ({
				meetingOn: day,
				recommendation: 'scr',
				recommendationReasons: 'Set out in the minutes (demo)',
				subGroupChair: 'Sam Subgroup-Example'
			}))
		],
		[2, move('unit', 'chair_decision', (day) => ({ recommendationSentOn: day }))]
	];
	const decision = (to: CaseState, payload: (day: IsoDate) => Record<string, unknown>) => [
		...gather,
		[3, move('chair', to, payload)] as [number, StepMaker]
	];
	const scr: [number, StepMaker][] = [
		...decision('scr_initiated', decided),
		[1, recordDate('ofstedNotifiedOn')],
		[2, recordDate('lettersSentOn')],
		[1, recordDate('imrsRequestedOn')],
		[5, move('unit', 'scoping', () => ({}))],
		[
			15,
			move('unit', 'in_review', (day) => ({
				termsOfReferenceAgreedOn: day,
				independentChair: 'Irene Independent-Example',
				overviewWriter: 'Owen Overview-Example',
				panelAgreedOn: day,
				timetableAgreedOn: day,
				mediaStrategyAgreedOn: day
			}))
		],
		[
			40,
			move('unit', 'drafting', (day) => ({
				chronologiesReceivedOn: day,
				imrsSignedOffOn: day,
				healthOverviewReceivedOn: day
			}))
		],
		[
			20,
			move('unit', 'executive', (day) => ({
				overviewReportAgreedOn: day,
				executiveSummaryAgreedOn: day,
				actionPlanAgreedOn: day
			}))
		],
		[
			10,
			move('unit', 'sent_to_ofsted', (day) => ({
				executiveMeetingOn: day,
				publicationDecision: 'publish_overview_report',
				sentToOfstedOn: day
			}))
		],
		[
			15,
			move('unit', 'evaluated', (day) => ({ evaluationLetterOn: day, evaluationGrade: 'adequate' }))
		],
		[3, move('unit', 'publication', () => ({}))],
		[
			10,
			move('unit', 'monitoring', (day) => ({ publicationOutcome: 'published', publicationOn: day }))
		],
		[25, move('unit', 'closed', () => ({ noActionPlanReason: '' }))]
	];
	const cut = (steps: [number, StepMaker][], state: CaseState) => {
		const order: CaseState[] = [
			'gathering',
			'chair_briefed',
			'panel_scheduled',
			'panel_recommended',
			'chair_decision'
		];
		return steps.slice(0, order.indexOf(state) + 1);
	};
	switch (target) {
		case 'triage':
			return [];
		case 'si_ofsted':
			return [
				[
					1,
					move('unit', 'si_ofsted', (day) => ({
						classification: 'serious_incident',
						ofstedReportedOn: day
					}))
				],
				[15, recordDate('siReportSentOn')]
			];
		case 'gathering':
		case 'chair_briefed':
		case 'panel_scheduled':
		case 'panel_recommended':
		case 'chair_decision':
			return cut(gather, target);
		case 'deferred':
			return decision('deferred', (day) => ({
				...decided(day),
				deferUntil: addCalendarDays(day, 60)
			}));
		case 'no_further_action':
			return decision('no_further_action', (day) => notAnScr(day));
		case 'imrs_only':
		case 'audit':
			return decision(target, (day) =>
				notAnScr(day, { lead: 'Health (demo)', dueOn: addCalendarMonths(day, 2) })
			);
		case 'internal_review':
			return decision('internal_review', (day) => notAnScr(day, { lead: 'Education (demo)' }));
		case 'scr_initiated':
		case 'scoping':
		case 'in_review':
		case 'drafting':
		case 'executive':
		case 'sent_to_ofsted':
		case 'evaluated':
		case 'publication':
		case 'monitoring': {
			const upTo: Record<string, number> = {
				scr_initiated: 6,
				scoping: 10,
				in_review: 11,
				drafting: 12,
				executive: 13,
				sent_to_ofsted: 14,
				evaluated: 15,
				publication: 16,
				monitoring: 17
			};
			return scr.slice(0, upTo[target]);
		}
		default:
			return [];
	}
}

/** The closed journeys: each decision taken through to closing. */
function closedPath(kind: number, agencyIds: string[]): [number, StepMaker][] {
	switch (kind) {
		case 0:
			return [
				...path('no_further_action', agencyIds),
				[
					5,
					move('chair', 'closed', () => ({
						noActionPlanReason: 'Nothing for agencies to change (demo)'
					}))
				]
			];
		case 1:
			return [
				...path('imrs_only', agencyIds),
				[
					30,
					move('unit', 'closed', (day) => ({
						completedOn: day,
						noActionPlanReason: 'Lessons shared in the IMRs (demo)'
					}))
				]
			];
		case 2:
			return [
				...path('audit', agencyIds),
				[
					30,
					move('unit', 'closed', (day) => ({
						completedOn: day,
						noActionPlanReason: 'The audit found practice sound (demo)'
					}))
				]
			];
		case 3:
			return [
				...path('internal_review', agencyIds),
				[
					40,
					move('unit', 'closed', (day) => ({
						internalReviewFindingsOn: day,
						actionPlanAgreedOn: day,
						executiveSummaryAgreedOn: day,
						noActionPlanReason: 'Agencies changed practice during the review (demo)'
					}))
				]
			];
		case 4:
			return [
				[
					1,
					move('unit', 'closed', (day) => ({
						closeAs: 'out_of_scope',
						reason: 'An incident in a residential unit (demo)',
						residentialReferralOn: day
					}))
				]
			];
		default:
			return path('monitoring', agencyIds);
	}
}

interface Journey {
	/** Working days before today the first notification arrived. */
	startedAgo: number;
	target: CaseState | { closed: number };
	type: IncidentType;
	/** How many more notifications of the same incident join the case. */
	more: number;
}

/** Forty cases: every state, some fresh, some left waiting long enough to be overdue. */
const JOURNEYS: Journey[] = [
	{ startedAgo: 3, target: 'triage', type: 'serious_harm', more: 1 },
	{ startedAgo: 25, target: 'triage', type: 'death', more: 0 },
	{ startedAgo: 40, target: 'triage', type: 'serious_harm', more: 2 },
	{ startedAgo: 12, target: 'si_ofsted', type: 'serious_incident', more: 0 },
	{ startedAgo: 60, target: 'si_ofsted', type: 'serious_incident', more: 1 },
	{ startedAgo: 4, target: 'gathering', type: 'serious_harm', more: 2 },
	{ startedAgo: 9, target: 'gathering', type: 'sexual_abuse', more: 3 },
	{ startedAgo: 30, target: 'gathering', type: 'serious_harm', more: 1 },
	{ startedAgo: 50, target: 'gathering', type: 'looked_after', more: 2 },
	{ startedAgo: 14, target: 'chair_briefed', type: 'serious_harm', more: 3 },
	{ startedAgo: 70, target: 'chair_briefed', type: 'death', more: 1 },
	{ startedAgo: 18, target: 'panel_scheduled', type: 'serious_harm', more: 4 },
	{ startedAgo: 90, target: 'panel_scheduled', type: 'sexual_abuse', more: 2 },
	{ startedAgo: 32, target: 'panel_recommended', type: 'death', more: 3 },
	{ startedAgo: 24, target: 'chair_decision', type: 'serious_harm', more: 2 },
	{ startedAgo: 80, target: 'chair_decision', type: 'looked_after', more: 4 },
	{ startedAgo: 100, target: 'deferred', type: 'serious_harm', more: 3 },
	{ startedAgo: 60, target: 'no_further_action', type: 'serious_harm', more: 5 },
	{ startedAgo: 120, target: 'imrs_only', type: 'sexual_abuse', more: 4 },
	{ startedAgo: 110, target: 'audit', type: 'serious_harm', more: 3 },
	{ startedAgo: 90, target: 'internal_review', type: 'looked_after', more: 5 },
	{ startedAgo: 150, target: 'internal_review', type: 'serious_incident', more: 2 },
	{ startedAgo: 45, target: 'scr_initiated', type: 'death', more: 6 },
	{ startedAgo: 70, target: 'scoping', type: 'death', more: 4 },
	{ startedAgo: 110, target: 'in_review', type: 'serious_harm', more: 5 },
	{ startedAgo: 150, target: 'in_review', type: 'death', more: 6 },
	{ startedAgo: 150, target: 'drafting', type: 'death', more: 3 },
	{ startedAgo: 170, target: 'executive', type: 'serious_harm', more: 4 },
	{ startedAgo: 180, target: 'sent_to_ofsted', type: 'death', more: 5 },
	{ startedAgo: 195, target: 'evaluated', type: 'sexual_abuse', more: 3 },
	{ startedAgo: 200, target: 'publication', type: 'death', more: 4 },
	{ startedAgo: 215, target: 'monitoring', type: 'serious_harm', more: 6 },
	{ startedAgo: 240, target: 'monitoring', type: 'death', more: 5 },
	{ startedAgo: 200, target: { closed: 0 }, type: 'serious_harm', more: 2 },
	{ startedAgo: 230, target: { closed: 1 }, type: 'looked_after', more: 3 },
	{ startedAgo: 220, target: { closed: 2 }, type: 'serious_harm', more: 2 },
	{ startedAgo: 235, target: { closed: 3 }, type: 'serious_incident', more: 3 },
	{ startedAgo: 160, target: { closed: 4 }, type: 'serious_incident', more: 0 },
	{ startedAgo: 35, target: 'gathering', type: 'serious_harm', more: 2 },
	// The closed Serious Case Review: a year from notification to closing.
	{ startedAgo: 250, target: { closed: 5 }, type: 'death', more: 6 }
];

const closesAtTriage = (journey: Journey) =>
	typeof journey.target === 'object' && journey.target.closed === 4;

export interface ActivityCounts {
	notifications: number;
	cases: number;
}

/** Seeds the year once; returns what it made, or null when the database already had some. */
export async function seedYearOfActivity(db: Db, now = new Date()): Promise<ActivityCounts | null> {
	const [existing] = await db.select({ n: count() }).from(notifications);
	if ((existing?.n ?? 0) > 0) return null;
	const cast = await castOf(db);
	const random = generator(2026);
	const today = todayIso(now);
	let notificationCount = 0;
	const submit = async (type: IncidentType, day: IsoDate) => {
		const id = uuidv7();
		const practitioner = cast.practitioners[
			notificationCount % cast.practitioners.length
		] as SessionUser;
		await submitNotifications(
			db,
			practitioner,
			[{ id, form: demoForm(random, type, day) }],
			at(day)
		);
		notificationCount += 1;
		return id;
	};
	const lead = async (notificationId: string, day: IsoDate) => {
		const lookedAfter = random.next() < 0.2;
		await recordLeadAuthority(
			db,
			cast.unit,
			{
				notificationId,
				facts: {
					childLivesIn: random.pick(AREAS),
					lookedAfter,
					responsibleAuthority: lookedAfter ? random.pick(AREAS) : null,
					partnerLscbs: []
				}
			},
			at(day)
		);
	};
	const past = (day: IsoDate) => day <= today;
	const { police, health, education, probation, socialCare } = cast.agencyIds;
	const agencySets = [
		[police, health, education],
		[police, socialCare],
		[health, probation, education, socialCare]
	];

	let caseCount = 0;
	for (const [index, journey] of JOURNEYS.entries()) {
		const start = workingDaysBefore(today, journey.startedAgo);
		const first = await submit(journey.type, start);
		const opened = addWorkingDays(start, 1);
		if (past(opened)) await lead(first, opened);
		if (!past(opened)) continue;
		const classification: CaseClassification =
			journey.type === 'death'
				? 'child_death'
				: journey.type === 'serious_incident'
					? 'serious_incident'
					: 'serious_harm';
		const { caseId } = await openCase(
			db,
			cast.unit,
			{ notificationId: first, classification },
			at(opened)
		);
		caseCount += 1;
		const demoCase: DemoCase = { id: caseId, version: 1 };
		// CDOP is told of every death on a case that closes (a death case closes only then, §13.5)
		// and on half the others, so the "CDOP not yet informed" flag shows on a few open cases.
		const tellCdop = typeof journey.target === 'object' || index % 2 === 0;
		const cdop = async (notificationId: string, day: IsoDate) => {
			const [facts] = await db
				.select({
					incidentType: notifications.incidentType,
					seriousIncidentCategory: notifications.seriousIncidentCategory
				})
				.from(notifications)
				.where(eq(notifications.id, notificationId));
			if (!tellCdop || !facts || !cdopNeeded(facts, classification)) return;
			await recordCdopInformed(
				db,
				cast.unit,
				{ notificationId, informedOn: day, informedBy: 'The Safeguarding Unit (demo)' },
				at(day)
			);
		};
		await cdop(first, opened);
		// Other professionals' notifications of the same incident, joined to the case as they come.
		for (let more = 0; more < journey.more; more++) {
			const day = addWorkingDays(opened, more % 3);
			if (!past(day)) break;
			const extra = await submit(journey.type, day);
			await linkToCase(db, cast.unit, { notificationId: extra, caseId }, at(day));
			demoCase.version += 1;
			await cdop(extra, day);
		}
		const agencyIds = agencySets[index % agencySets.length] as string[];
		const steps =
			typeof journey.target === 'object'
				? closedPath(journey.target.closed, agencyIds)
				: path(journey.target, agencyIds);
		// Deaths go to the Chair with the reason for any decision but an SCR (§13.2); the
		// classification set at gathering is the case's own.
		let day = addWorkingDays(opened, journey.more > 0 ? 2 : 0);
		for (const [index2, [gap, make]] of steps.entries()) {
			// Some steps run late, so the clocks show met late as well as on time.
			const late = (index + index2) % 5 === 0 ? 6 : 0;
			const next = addWorkingDays(day, gap + late);
			if (!past(next)) break;
			await make(cast, db)(demoCase, next);
			day = next;
			// Entering gathering asks the agencies for short reports: they answer (or not).
			if (index2 === 0 && journey.target !== 'si_ofsted' && !closesAtTriage(journey)) {
				await answerRequests(db, cast, caseId, next, today, index);
			}
		}
		await actionPlan(db, cast, demoCase, journey, today, index);
	}

	// The queue: a fortnight of notifications not yet triaged, a few past their T1 deadline.
	for (let i = 0; i < 14; i++) {
		const day = workingDaysBefore(today, Math.floor(i * 1.6));
		const id = await submit(
			random.pick(['serious_harm', 'death', 'serious_incident', 'sexual_abuse'] as const),
			day
		);
		if (i % 3 === 0) await lead(id, day);
	}
	for (const ago of [15, 18, 22]) await submit('serious_harm', workingDaysBefore(today, ago));
	// Returned to the practitioner for correction.
	for (const ago of [2, 6, 11, 20, 33, 47]) {
		const day = workingDaysBefore(today, ago);
		const id = await submit('looked_after', day);
		await returnToPractitioner(
			db,
			cast.unit,
			{ notificationId: id, message: 'Please add the school the child attends (demo).' },
			at(addWorkingDays(day, 1) <= today ? addWorkingDays(day, 1) : day)
		);
	}
	return { notifications: notificationCount, cases: caseCount };
}

/** Each agency answers its request: a report on time, late, a nil return, or not yet. */
async function answerRequests(
	db: Db,
	cast: Cast,
	caseId: string,
	askedOn: IsoDate,
	today: IsoDate,
	seed: number
) {
	const requests = await db
		.select({
			id: shortReportRequests.id,
			agencyId: shortReportRequests.agencyId,
			dueOn: shortReportRequests.dueOn
		})
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, caseId));
	for (const [i, request] of requests.entries()) {
		const lead = cast.agencyLeads.get(request.agencyId);
		if (!lead) continue;
		const way = (seed + i) % 4;
		const day = way === 1 ? addWorkingDays(request.dueOn, 3) : addWorkingDays(askedOn, 2 + i);
		if (way === 3 || day > today) continue;
		const author = { name: lead.name, role: 'Safeguarding lead (fictional)' };
		if (way === 2) {
			await submitNilReturn(
				db,
				lead,
				{ requestId: request.id, clientId: uuidv7(), author, confirm: true },
				at(day)
			);
			continue;
		}
		const report = shortReportSchema.parse({
			involvementFrom: addCalendarDays(day, -400),
			involvementTo: day,
			keyContacts: [{ date: addCalendarDays(day, -30), contact: 'Home visit (fictional)' }],
			lastContactOn: addCalendarDays(day, -30),
			concernsAndAction: 'Fictional concerns and the action taken, for the demonstration.',
			immediateSteps: 'None',
			recordsSecured: 'yes',
			recordsSecuredOn: day,
			earlyLearning: 'None identified',
			criteriaView: 'The criteria may be met (demo).',
			author,
			signOff: { leadName: lead.name, confirmed: true }
		});
		await submitShortReport(
			db,
			lead,
			{ requestId: request.id, clientId: uuidv7(), report, attachmentIds: [] },
			at(day)
		);
	}
}

/** Reviews past the Executive carry an action plan: some items done, some overdue, some open. */
async function actionPlan(
	db: Db,
	cast: Cast,
	demoCase: DemoCase,
	journey: Journey,
	today: IsoDate,
	seed: number
) {
	const planned =
		journey.target === 'monitoring' ||
		journey.target === 'publication' ||
		journey.target === 'evaluated' ||
		journey.target === 'internal_review';
	if (!planned) return;
	const owners = Object.values(cast.agencyIds);
	const actions = [
		'Refresh training on recognising neglect (demo)',
		'Audit information sharing at the front door (demo)',
		'Review the escalation policy (demo)'
	];
	for (const [i, action] of actions.entries()) {
		const addedOn = workingDaysBefore(today, 30 + i * 10);
		const dueOn = addCalendarDays(today, (i - 1) * 30 + (seed % 7));
		const added = await addActionItem(
			db,
			cast.unit,
			{
				id: demoCase.id,
				version: demoCase.version,
				ownerAgencyId: owners[(seed + i) % owners.length] as string,
				action,
				dueOn
			},
			at(addedOn)
		);
		demoCase.version = added.version;
		if (i === 0) {
			const updated = await updateActionItem(
				db,
				cast.unit,
				{
					id: demoCase.id,
					version: demoCase.version,
					itemId: added.itemId,
					status: 'done',
					evidence: 'Training delivered (demo)'
				},
				at(addWorkingDays(addedOn, 10))
			);
			demoCase.version = updated.version;
		}
	}
}
