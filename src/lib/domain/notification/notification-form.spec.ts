import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from 'uuidv7';
import {
	emptyChild,
	emptyNotificationForm,
	notificationFormSchema,
	pruneIrrelevant,
	type DraftChild,
	type NotificationDraft,
	type NotificationForm
} from './notification-form';
import { CRITERIA_QUESTIONS, type CriteriaQuestion } from './notification-options';
import { notificationSubmissionSchema } from './submission';

// The clock is pinned so the "not in the future" rules are deterministic. London is on GMT on
// 21 November 2026, so "today" there is 2026-11-21 and, with a day's grace, 2026-11-22 is allowed.
const NOW = new Date('2026-11-21T12:00:00Z');

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(NOW);
});

afterEach(() => {
	vi.useRealTimers();
});

const CRITERIA_KEYS = Object.keys(CRITERIA_QUESTIONS) as CriteriaQuestion[];

function validChild(overrides: Partial<DraftChild> = {}): DraftChild {
	return {
		...emptyChild(),
		name: 'Jamie Example',
		dobKnown: 'yes',
		dateOfBirth: '2021-04-02',
		gender: 'not_known',
		...overrides
	};
}

/** A complete, valid form as the page would hold it, built from the blank draft. */
function validForm(overrides: Partial<NotificationDraft> = {}): NotificationDraft {
	const form = emptyNotificationForm();
	return {
		...form,
		notifier: {
			name: 'Priya Practitioner',
			role: 'Health visitor',
			agency: 'Harrogate District NHS Foundation Trust',
			phone: '01632 960 001',
			email: 'priya@example.org'
		},
		awareOn: '2026-11-20',
		incidentDateKnown: 'yes',
		incidentDate: '2026-11-19',
		incidentType: 'serious_harm',
		location: 'Harrogate',
		children: [validChild()],
		legalStatus: 'child_in_need',
		institutionalSetting: 'none',
		otherChildrenAtRisk: 'no',
		agenciesInvolved: ['health', 'police'],
		policeInvolved: 'yes',
		mediaInterest: 'no',
		criteria: Object.fromEntries(CRITERIA_KEYS.map((k) => [k, 'not_known'])) as Record<
			CriteriaQuestion,
			string
		>,
		outline: 'Admitted to hospital with injuries not consistent with the account given.',
		declaration: true,
		...overrides
	};
}

type Path = readonly (string | number)[];

function issuesOf(input: unknown) {
	const result = notificationFormSchema.safeParse(input);
	return result.success ? [] : result.error.issues;
}

const key = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Every message at exactly this path, in the order zod reports them. */
function messagesAt(input: unknown, path: Path): string[] {
	return issuesOf(input)
		.filter((i) => key(i.path) === key(path))
		.map((i) => i.message);
}

/** The message the page shows: the first one per field (see fieldErrorsFrom). */
function firstMessageAt(input: unknown, path: Path): string | undefined {
	return messagesAt(input, path)[0];
}

/** The distinct fields that have a problem. */
function fieldsWithIssues(input: unknown): string[] {
	return [...new Set(issuesOf(input).map((i) => key(i.path)))];
}

function parseValid(input: unknown): NotificationForm {
	const result = notificationFormSchema.safeParse(input);
	if (!result.success) {
		throw new Error(`expected a valid form, got: ${JSON.stringify(result.error.issues)}`);
	}
	return result.data;
}

function firstChild(form: NotificationDraft): DraftChild {
	const child = form.children[0];
	if (!child) throw new Error('the form has no child');
	return child;
}

function withForm(mutate: (form: NotificationDraft) => void): NotificationDraft {
	const form = validForm();
	mutate(form);
	return form;
}

describe('notificationFormSchema: a complete form', () => {
	it('accepts the valid builder form with no issues', () => {
		expect(issuesOf(validForm())).toEqual([]);
	});

	it('trims every text answer', () => {
		const data = parseValid(
			validForm({
				notifier: {
					name: '  Priya Practitioner  ',
					role: '\tHealth visitor\n',
					agency: ' Harrogate District NHS Foundation Trust ',
					phone: ' 01632 960 001 ',
					email: '  priya@example.org  '
				},
				awareOn: ' 2026-11-20 ',
				incidentDate: ' 2026-11-19 ',
				location: '  Harrogate ',
				children: [
					validChild({
						name: ' Jamie Example ',
						otherNames: ' JJ ',
						dateOfBirth: ' 2021-04-02 ',
						ethnicity: ' White British '
					})
				],
				otherChildrenAtRisk: 'yes',
				otherChildrenDetails: '  A younger sibling lives at the address.  ',
				outline: '\n  Admitted to hospital.  \n'
			})
		);
		expect(data.notifier).toEqual({
			name: 'Priya Practitioner',
			role: 'Health visitor',
			agency: 'Harrogate District NHS Foundation Trust',
			phone: '01632 960 001',
			email: 'priya@example.org'
		});
		expect(data.awareOn).toBe('2026-11-20');
		expect(data.incidentDate).toBe('2026-11-19');
		expect(data.location).toBe('Harrogate');
		expect(data.children).toEqual([
			{
				name: 'Jamie Example',
				otherNames: 'JJ',
				dobKnown: 'yes',
				dateOfBirth: '2021-04-02',
				approximateAge: '',
				gender: 'not_known',
				ethnicity: 'White British'
			}
		]);
		expect(data.otherChildrenDetails).toBe('A younger sibling lives at the address.');
		expect(data.outline).toBe('Admitted to hospital.');
	});

	it('keeps the answers it was given', () => {
		const data = parseValid(validForm());
		expect(data.incidentDateKnown).toBe('yes');
		expect(data.incidentType).toBe('serious_harm');
		expect(data.legalStatus).toBe('child_in_need');
		expect(data.institutionalSetting).toBe('none');
		expect(data.agenciesInvolved).toEqual(['health', 'police']);
		expect(data.policeInvolved).toBe('yes');
		expect(data.mediaInterest).toBe('no');
		expect(data.declaration).toBe(true);
		expect(Object.keys(data.criteria).sort()).toEqual([...CRITERIA_KEYS].sort());
		for (const k of CRITERIA_KEYS) expect(data.criteria[k]).toBe('not_known');
	});

	it('fills optional text that was left out with empty strings', () => {
		const input: Record<string, unknown> = {
			...validForm(),
			children: [{ name: 'Jamie Example', dobKnown: 'yes', dateOfBirth: '2021-04-02' }]
		};
		delete input.incidentDateUnknownReason;
		delete input.otherChildrenDetails;
		delete input.seriousIncidentCategory;
		const data = parseValid(input);
		expect(data.incidentDateUnknownReason).toBe('');
		expect(data.otherChildrenDetails).toBe('');
		expect(data.seriousIncidentCategory).toBe('');
		expect(data.children[0]).toEqual({
			name: 'Jamie Example',
			otherNames: '',
			dobKnown: 'yes',
			dateOfBirth: '2021-04-02',
			approximateAge: '',
			gender: '',
			ethnicity: ''
		});
	});

	it('refuses the blank draft, naming every unanswered question', () => {
		const fields = fieldsWithIssues(emptyNotificationForm());
		expect(fields).toEqual(
			expect.arrayContaining([
				'notifier.name',
				'notifier.role',
				'notifier.agency',
				'notifier.phone',
				'notifier.email',
				'awareOn',
				'incidentDateKnown',
				'incidentType',
				'location',
				'children.0.name',
				'children.0.dobKnown',
				'legalStatus',
				'institutionalSetting',
				'otherChildrenAtRisk',
				'agenciesInvolved',
				'policeInvolved',
				'mediaInterest',
				...CRITERIA_KEYS.map((k) => `criteria.${k}`),
				'outline',
				'declaration'
			])
		);
		// Nothing is answered by default, so no conditional rule fires on the blank draft.
		expect(fields).not.toContain('incidentDate');
		expect(fields).not.toContain('incidentDateUnknownReason');
		expect(fields).not.toContain('seriousIncidentCategory');
		expect(fields).not.toContain('otherChildrenDetails');
	});
});

describe('notificationFormSchema: mandatory answers', () => {
	const cases: {
		label: string;
		mutate: (f: NotificationDraft) => void;
		path: Path;
		message: string;
	}[] = [
		{
			label: 'notifier name empty',
			mutate: (f) => (f.notifier.name = ''),
			path: ['notifier', 'name'],
			message: 'Enter your full name'
		},
		{
			label: 'notifier name only spaces',
			mutate: (f) => (f.notifier.name = '   '),
			path: ['notifier', 'name'],
			message: 'Enter your full name'
		},
		{
			label: 'notifier role',
			mutate: (f) => (f.notifier.role = ''),
			path: ['notifier', 'role'],
			message: 'Enter your job title or role'
		},
		{
			label: 'notifier agency',
			mutate: (f) => (f.notifier.agency = ' '),
			path: ['notifier', 'agency'],
			message: 'Enter the agency you work for'
		},
		{
			label: 'notifier phone',
			mutate: (f) => (f.notifier.phone = ''),
			path: ['notifier', 'phone'],
			message: 'Enter a phone number'
		},
		{
			label: 'notifier email',
			mutate: (f) => (f.notifier.email = ''),
			path: ['notifier', 'email'],
			message: 'Enter your email address'
		},
		{
			label: 'date became aware',
			mutate: (f) => (f.awareOn = ''),
			path: ['awareOn'],
			message: 'Enter the date you became aware of the incident'
		},
		{
			label: 'whether the incident date is known',
			mutate: (f) => (f.incidentDateKnown = ''),
			path: ['incidentDateKnown'],
			message: 'Select whether the incident date is known'
		},
		{
			label: 'incident type',
			mutate: (f) => (f.incidentType = ''),
			path: ['incidentType'],
			message: 'Select the type of incident'
		},
		{
			label: 'location',
			mutate: (f) => (f.location = ''),
			path: ['location'],
			message: 'Enter where the incident happened, for example the town or the setting'
		},
		{
			label: 'child name',
			mutate: (f) => (firstChild(f).name = ''),
			path: ['children', 0, 'name'],
			message: "Enter the child's full name, or 'Not known'"
		},
		{
			label: 'whether the child date of birth is known',
			mutate: (f) => (firstChild(f).dobKnown = ''),
			path: ['children', 0, 'dobKnown'],
			message: "Select whether the child's date of birth is known"
		},
		{
			label: 'legal status',
			mutate: (f) => (f.legalStatus = ''),
			path: ['legalStatus'],
			message: "Select the child's legal status, or 'Not known'"
		},
		{
			label: 'institutional setting',
			mutate: (f) => (f.institutionalSetting = ''),
			path: ['institutionalSetting'],
			message: "Select the institutional setting, 'None' or 'Not known'"
		},
		{
			label: 'other children at risk',
			mutate: (f) => (f.otherChildrenAtRisk = ''),
			path: ['otherChildrenAtRisk'],
			message: 'Select whether other children may be at risk: this must be answered'
		},
		{
			label: 'agencies involved',
			mutate: (f) => (f.agenciesInvolved = []),
			path: ['agenciesInvolved'],
			message: "Select the agencies involved, or 'None known'"
		},
		{
			label: 'police involved',
			mutate: (f) => (f.policeInvolved = ''),
			path: ['policeInvolved'],
			message: 'Select whether the police are involved'
		},
		{
			label: 'media interest',
			mutate: (f) => (f.mediaInterest = ''),
			path: ['mediaInterest'],
			message: 'Select whether there is media interest'
		},
		{
			label: 'outline',
			mutate: (f) => (f.outline = '  \n '),
			path: ['outline'],
			message: 'Enter an outline of what happened'
		},
		{
			label: 'declaration',
			mutate: (f) => (f.declaration = false),
			path: ['declaration'],
			message: 'Confirm that the information is accurate to the best of your knowledge'
		},
		...CRITERIA_KEYS.map((k) => ({
			label: `criteria question ${k}`,
			mutate: (f: NotificationDraft) => (f.criteria[k] = ''),
			path: ['criteria', k],
			message: 'Select yes, no or not known'
		}))
	];

	it.each(cases)('$label missing: "$message" at that field only', ({ mutate, path, message }) => {
		const form = withForm(mutate);
		expect(firstMessageAt(form, path)).toBe(message);
		expect(fieldsWithIssues(form)).toEqual([key(path)]);
	});

	it.each([
		{
			label: 'incident type',
			mutate: (f: NotificationDraft) => (f.incidentType = 'accident'),
			path: ['incidentType'],
			message: 'Select the type of incident'
		},
		{
			label: 'legal status',
			mutate: (f: NotificationDraft) => (f.legalStatus = 'adopted'),
			path: ['legalStatus'],
			message: "Select the child's legal status, or 'Not known'"
		},
		{
			label: 'police involved',
			mutate: (f: NotificationDraft) => (f.policeInvolved = 'maybe'),
			path: ['policeInvolved'],
			message: 'Select whether the police are involved'
		},
		{
			label: 'child gender',
			mutate: (f: NotificationDraft) => (firstChild(f).gender = 'unknown'),
			path: ['children', 0, 'gender'],
			message: 'Select a gender from the list'
		},
		{
			label: 'criteria answer',
			mutate: (f: NotificationDraft) => (f.criteria.harmNotRecognised = 'perhaps'),
			path: ['criteria', 'harmNotRecognised'],
			message: 'Select yes, no or not known'
		}
	])('refuses an answer that is not on the list: $label', ({ mutate, path, message }) => {
		const form = withForm(mutate);
		expect(firstMessageAt(form, path)).toBe(message);
		expect(fieldsWithIssues(form)).toEqual([key(path)]);
	});

	it('refuses an agency that is not on the list', () => {
		const form = validForm({ agenciesInvolved: ['police', 'fire_service'] });
		expect(fieldsWithIssues(form)).toEqual(['agenciesInvolved.1']);
	});

	it.each([
		{
			path: ['notifier', 'name'],
			set: (f: NotificationDraft, v: string) => (f.notifier.name = v),
			max: 200,
			message: 'Your name must be 200 characters or fewer'
		},
		{
			path: ['notifier', 'role'],
			set: (f: NotificationDraft, v: string) => (f.notifier.role = v),
			max: 200,
			message: 'Role must be 200 characters or fewer'
		},
		{
			path: ['location'],
			set: (f: NotificationDraft, v: string) => (f.location = v),
			max: 500,
			message: 'Location must be 500 characters or fewer'
		},
		{
			path: ['children', 0, 'name'],
			set: (f: NotificationDraft, v: string) => (firstChild(f).name = v),
			max: 200,
			message: 'Name must be 200 characters or fewer'
		},
		{
			path: ['children', 0, 'ethnicity'],
			set: (f: NotificationDraft, v: string) => (firstChild(f).ethnicity = v),
			max: 100,
			message: 'Ethnicity must be 100 characters or fewer'
		}
	])('limits $path to $max characters', ({ path, set, max, message }) => {
		expect(issuesOf(withForm((f) => set(f, 'a'.repeat(max))))).toEqual([]);
		// Surrounding spaces are trimmed before the length is counted.
		expect(issuesOf(withForm((f) => set(f, ` ${'a'.repeat(max)} `)))).toEqual([]);
		const tooLong = withForm((f) => set(f, 'a'.repeat(max + 1)));
		expect(firstMessageAt(tooLong, path)).toBe(message);
		expect(fieldsWithIssues(tooLong)).toEqual([key(path)]);
	});
});

describe('notificationFormSchema: every problem at once', () => {
	it('reports field problems and conditional rules together in one parse', () => {
		const form = validForm({
			notifier: { ...validForm().notifier, name: '' },
			incidentDateKnown: 'yes',
			incidentDate: ''
		});
		const fields = fieldsWithIssues(form);
		expect(firstMessageAt(form, ['notifier', 'name'])).toBe('Enter your full name');
		expect(firstMessageAt(form, ['incidentDate'])).toBe('Enter the date of the incident');
		expect(fields.sort()).toEqual(['incidentDate', 'notifier.name']);
	});

	it('still applies the conditional rules when other answers are missing or not on the list', () => {
		// Unselected choices and an unticked declaration fail zod's own type checks, which
		// would normally stop later refinements; the form must still list every problem.
		const form = validForm({
			notifier: { ...validForm().notifier, name: '', email: 'not an email' },
			legalStatus: '',
			policeInvolved: 'maybe',
			declaration: false,
			incidentDateKnown: 'yes',
			incidentDate: '2026-02-30',
			incidentType: 'serious_incident',
			seriousIncidentCategory: '',
			otherChildrenAtRisk: 'yes',
			otherChildrenDetails: '',
			agenciesInvolved: ['none_known', 'police'],
			children: [
				validChild({ name: '', dateOfBirth: '' }),
				validChild({ dobKnown: 'no', dateOfBirth: '', approximateAge: '18' })
			]
		});
		expect(fieldsWithIssues(form).sort()).toEqual(
			[
				'notifier.name',
				'notifier.email',
				'legalStatus',
				'policeInvolved',
				'declaration',
				'incidentDate',
				'seriousIncidentCategory',
				'otherChildrenDetails',
				'agenciesInvolved',
				'children.0.name',
				'children.0.dateOfBirth',
				'children.1.approximateAge'
			].sort()
		);
		expect(firstMessageAt(form, ['incidentDate'])).toBe('Enter a real date for the incident');
		expect(firstMessageAt(form, ['seriousIncidentCategory'])).toBe(
			'Select the category of serious incident'
		);
		expect(firstMessageAt(form, ['otherChildrenDetails'])).toBe(
			'Describe the other children who may be at risk and why'
		);
		expect(firstMessageAt(form, ['agenciesInvolved'])).toBe(
			"Select the agencies involved, or only 'None known'"
		);
		expect(firstMessageAt(form, ['children', 0, 'dateOfBirth'])).toBe('Enter the date of birth');
		expect(firstMessageAt(form, ['children', 1, 'approximateAge'])).toBe(
			'Enter the approximate age in whole years, from 0 to 17'
		);
	});

	it('applies the conditional rules on the blank draft once the triggering choices are made', () => {
		const form: NotificationDraft = {
			...emptyNotificationForm(),
			incidentDateKnown: 'no',
			incidentType: 'serious_incident'
		};
		const fields = fieldsWithIssues(form);
		expect(fields).toContain('incidentDateUnknownReason');
		expect(fields).toContain('seriousIncidentCategory');
		expect(fields).toContain('declaration');
	});
});

describe('notificationFormSchema: the date you became aware', () => {
	it('accepts today and yesterday in London', () => {
		expect(issuesOf(validForm({ awareOn: '2026-11-21', incidentDate: '2026-11-21' }))).toEqual([]);
		expect(issuesOf(validForm({ awareOn: '2026-11-20' }))).toEqual([]);
	});

	it('allows one day of grace for a device clock that is ahead', () => {
		expect(issuesOf(validForm({ awareOn: '2026-11-22' }))).toEqual([]);
	});

	it('refuses a date in the future', () => {
		for (const awareOn of ['2026-11-23', '2027-01-01']) {
			const form = validForm({ awareOn });
			expect(firstMessageAt(form, ['awareOn'])).toBe(
				'The date you became aware must be today or in the past'
			);
			expect(fieldsWithIssues(form)).toEqual(['awareOn']);
		}
	});

	it('counts today in London, not UTC', () => {
		// 23:30 UTC on 30 June is 00:30 on 1 July in London (BST), so "today" is 1 July and the
		// grace day is 2 July. Counting in UTC would make it 30 June and refuse 2 July.
		vi.setSystemTime(new Date('2026-06-30T23:30:00Z'));
		expect(issuesOf(validForm({ awareOn: '2026-07-02', incidentDate: '2026-06-30' }))).toEqual([]);
		expect(
			firstMessageAt(validForm({ awareOn: '2026-07-03', incidentDate: '2026-06-30' }), ['awareOn'])
		).toBe('The date you became aware must be today or in the past');
	});

	it.each([
		'2026-02-30',
		'2026-13-01',
		'2026-11-00',
		'27/03/2026',
		'2026-3-27',
		'1899-12-31',
		'yesterday'
	])('refuses %s as not a real date', (awareOn) => {
		const form = validForm({
			awareOn,
			incidentDateKnown: 'no',
			incidentDate: '',
			incidentDateUnknownReason: 'Disclosed later'
		});
		expect(firstMessageAt(form, ['awareOn'])).toBe('Enter a real date, for example 27 3 2026');
		expect(fieldsWithIssues(form)).toEqual(['awareOn']);
	});
});

describe('notificationFormSchema: the incident date', () => {
	it('is required when the date is known', () => {
		for (const incidentDate of ['', '   ']) {
			const form = validForm({ incidentDateKnown: 'yes', incidentDate });
			expect(firstMessageAt(form, ['incidentDate'])).toBe('Enter the date of the incident');
			expect(fieldsWithIssues(form)).toEqual(['incidentDate']);
		}
	});

	it('must be a real calendar date', () => {
		for (const incidentDate of ['2026-02-30', '2025-02-29', '19/11/2026', '2026-11-1']) {
			const form = validForm({ incidentDateKnown: 'yes', incidentDate });
			expect(firstMessageAt(form, ['incidentDate'])).toBe('Enter a real date for the incident');
			expect(fieldsWithIssues(form)).toEqual(['incidentDate']);
		}
	});

	it('may be the same day as, but not after, the date you became aware', () => {
		expect(issuesOf(validForm({ awareOn: '2026-11-20', incidentDate: '2026-11-20' }))).toEqual([]);
		const after = validForm({
			awareOn: '2026-11-19',
			incidentDate: '2026-11-20'
		});
		expect(firstMessageAt(after, ['incidentDate'])).toBe(
			'The incident date must be on or before the date you became aware'
		);
		expect(fieldsWithIssues(after)).toEqual(['incidentDate']);
	});

	it('must not be in the future', () => {
		const form = validForm({
			awareOn: '2026-11-20',
			incidentDate: '2027-03-01'
		});
		expect(firstMessageAt(form, ['incidentDate'])).toBe('The incident date must be in the past');
		expect(fieldsWithIssues(form)).toEqual(['incidentDate']);
	});

	it('is not checked against an awareOn that is itself invalid', () => {
		const form = validForm({
			awareOn: '2026-02-30',
			incidentDate: '2026-11-19'
		});
		expect(fieldsWithIssues(form)).toEqual(['awareOn']);
	});

	it('needs a reason instead when the date is not known', () => {
		for (const reason of ['', '   ']) {
			const form = validForm({
				incidentDateKnown: 'no',
				incidentDate: '',
				incidentDateUnknownReason: reason
			});
			expect(firstMessageAt(form, ['incidentDateUnknownReason'])).toBe(
				'Explain why the incident date is not known'
			);
			expect(fieldsWithIssues(form)).toEqual(['incidentDateUnknownReason']);
		}
	});

	it('accepts an unknown date with a reason, and ignores a hidden date answer', () => {
		const reason = 'The child disclosed it months later';
		expect(
			issuesOf(
				validForm({
					incidentDateKnown: 'no',
					incidentDate: '',
					incidentDateUnknownReason: reason
				})
			)
		).toEqual([]);
		expect(
			issuesOf(
				validForm({
					incidentDateKnown: 'no',
					incidentDate: 'left over from before',
					incidentDateUnknownReason: reason
				})
			)
		).toEqual([]);
	});

	it('does not need a reason when the date is known', () => {
		expect(
			issuesOf(validForm({ incidentDateKnown: 'yes', incidentDateUnknownReason: '' }))
		).toEqual([]);
	});

	it('limits the reason to 500 characters', () => {
		const form = validForm({
			incidentDateKnown: 'no',
			incidentDate: '',
			incidentDateUnknownReason: 'a'.repeat(501)
		});
		expect(firstMessageAt(form, ['incidentDateUnknownReason'])).toBe(
			'Reason must be 500 characters or fewer'
		);
	});
});

describe('notificationFormSchema: serious incident category', () => {
	it('is required for a serious child care incident', () => {
		const form = validForm({
			incidentType: 'serious_incident',
			seriousIncidentCategory: ''
		});
		expect(firstMessageAt(form, ['seriousIncidentCategory'])).toBe(
			'Select the category of serious incident'
		);
		expect(fieldsWithIssues(form)).toEqual(['seriousIncidentCategory']);
	});

	it('is accepted when given for a serious child care incident', () => {
		const data = parseValid(
			validForm({
				incidentType: 'serious_incident',
				seriousIncidentCategory: 'police_called'
			})
		);
		expect(data.seriousIncidentCategory).toBe('police_called');
	});

	it.each(['death', 'serious_harm', 'sexual_abuse', 'looked_after'])(
		'is not required for %s',
		(incidentType) => {
			expect(issuesOf(validForm({ incidentType, seriousIncidentCategory: '' }))).toEqual([]);
		}
	);

	it('refuses a category that is not on the list', () => {
		const form = validForm({
			incidentType: 'serious_incident',
			seriousIncidentCategory: 'fire'
		});
		expect(fieldsWithIssues(form)).toEqual(['seriousIncidentCategory']);
	});
});

describe('notificationFormSchema: other children at risk', () => {
	it('needs details when the answer is yes', () => {
		for (const details of ['', '  ']) {
			const form = validForm({
				otherChildrenAtRisk: 'yes',
				otherChildrenDetails: details
			});
			expect(firstMessageAt(form, ['otherChildrenDetails'])).toBe(
				'Describe the other children who may be at risk and why'
			);
			expect(fieldsWithIssues(form)).toEqual(['otherChildrenDetails']);
		}
	});

	it('accepts yes with details', () => {
		expect(
			issuesOf(
				validForm({
					otherChildrenAtRisk: 'yes',
					otherChildrenDetails: 'Two siblings, 4 and 6'
				})
			)
		).toEqual([]);
	});

	it.each(['no', 'not_known'])('does not need details when the answer is %s', (answer) => {
		expect(issuesOf(validForm({ otherChildrenAtRisk: answer, otherChildrenDetails: '' }))).toEqual(
			[]
		);
	});

	it('limits details to 2000 characters', () => {
		const form = validForm({
			otherChildrenAtRisk: 'yes',
			otherChildrenDetails: 'a'.repeat(2001)
		});
		expect(firstMessageAt(form, ['otherChildrenDetails'])).toBe(
			'Details must be 2000 characters or fewer'
		);
	});
});

describe('notificationFormSchema: agencies involved', () => {
	it("accepts 'None known' on its own", () => {
		expect(parseValid(validForm({ agenciesInvolved: ['none_known'] })).agenciesInvolved).toEqual([
			'none_known'
		]);
	});

	it("refuses 'None known' together with an agency, in either order", () => {
		for (const agenciesInvolved of [
			['none_known', 'police'],
			['health', 'none_known'],
			['police', 'health', 'none_known']
		]) {
			const form = validForm({ agenciesInvolved });
			expect(firstMessageAt(form, ['agenciesInvolved'])).toBe(
				"Select the agencies involved, or only 'None known'"
			);
			expect(fieldsWithIssues(form)).toEqual(['agenciesInvolved']);
		}
	});

	it('accepts several agencies', () => {
		expect(
			issuesOf(
				validForm({
					agenciesInvolved: [
						'childrens_social_care',
						'police',
						'health',
						'education',
						'probation',
						'other'
					]
				})
			)
		).toEqual([]);
	});
});

describe('notificationFormSchema: the children', () => {
	it('needs a date of birth when it is known', () => {
		for (const dateOfBirth of ['', '  ']) {
			const form = validForm({
				children: [validChild({ dobKnown: 'yes', dateOfBirth })]
			});
			expect(firstMessageAt(form, ['children', 0, 'dateOfBirth'])).toBe('Enter the date of birth');
			expect(fieldsWithIssues(form)).toEqual(['children.0.dateOfBirth']);
		}
	});

	it('needs a real date of birth', () => {
		for (const dateOfBirth of ['2020-02-30', '2021-02-29', '02/04/2021', '2021-4-2']) {
			const form = validForm({
				children: [validChild({ dobKnown: 'yes', dateOfBirth })]
			});
			expect(firstMessageAt(form, ['children', 0, 'dateOfBirth'])).toBe(
				'Enter a real date of birth'
			);
		}
		expect(
			issuesOf(
				validForm({
					children: [validChild({ dobKnown: 'yes', dateOfBirth: '2020-02-29' })]
				})
			)
		).toEqual([]);
	});

	it('refuses a date of birth in the future', () => {
		const form = validForm({
			children: [validChild({ dobKnown: 'yes', dateOfBirth: '2026-12-25' })]
		});
		expect(firstMessageAt(form, ['children', 0, 'dateOfBirth'])).toBe(
			'Date of birth must be in the past'
		);
		expect(fieldsWithIssues(form)).toEqual(['children.0.dateOfBirth']);
	});

	it('reports the problem against the right child', () => {
		const form = validForm({
			children: [validChild(), validChild({ name: 'Sam Example', dateOfBirth: '' })]
		});
		expect(fieldsWithIssues(form)).toEqual(['children.1.dateOfBirth']);
		expect(firstMessageAt(form, ['children', 1, 'dateOfBirth'])).toBe('Enter the date of birth');
	});

	it.each(['0', '1', '9', '17', '05', ' 12 '])(
		'accepts an approximate age of %j when the date of birth is not known',
		(approximateAge) => {
			const form = validForm({
				children: [validChild({ dobKnown: 'no', dateOfBirth: '', approximateAge })]
			});
			expect(issuesOf(form)).toEqual([]);
		}
	);

	it.each(['', '  ', '18', '99', '100', '-1', '2.5', 'ten', '5 years', '1e1'])(
		'refuses an approximate age of %j',
		(approximateAge) => {
			const form = validForm({
				children: [validChild({ dobKnown: 'no', dateOfBirth: '', approximateAge })]
			});
			expect(firstMessageAt(form, ['children', 0, 'approximateAge'])).toBe(
				'Enter the approximate age in whole years, from 0 to 17'
			);
			expect(fieldsWithIssues(form)).toEqual(['children.0.approximateAge']);
		}
	);

	it('does not check the hidden answer for the other choice', () => {
		// dobKnown 'yes': the approximate age is hidden and not checked.
		expect(
			issuesOf(
				validForm({
					children: [validChild({ dobKnown: 'yes', approximateAge: 'old' })]
				})
			)
		).toEqual([]);
		// dobKnown 'no': the date of birth is hidden and not checked.
		expect(
			issuesOf(
				validForm({
					children: [
						validChild({
							dobKnown: 'no',
							dateOfBirth: '2020-02-30',
							approximateAge: '6'
						})
					]
				})
			)
		).toEqual([]);
	});

	it('needs at least one child', () => {
		const form = validForm({ children: [] });
		expect(firstMessageAt(form, ['children'])).toBe('Add the child this notification is about');
		expect(fieldsWithIssues(form)).toEqual(['children']);
	});

	it('accepts up to four children', () => {
		for (let n = 1; n <= 4; n++) {
			const children = Array.from({ length: n }, (_, i) => validChild({ name: `Child ${i + 1}` }));
			expect(parseValid(validForm({ children })).children).toHaveLength(n);
		}
	});

	it('refuses a fifth child', () => {
		const children = Array.from({ length: 5 }, (_, i) => validChild({ name: `Child ${i + 1}` }));
		const form = validForm({ children });
		expect(firstMessageAt(form, ['children'])).toBe('A notification can name at most 4 children');
		expect(fieldsWithIssues(form)).toEqual(['children']);
	});
});

describe('notificationFormSchema: outline and declaration', () => {
	it('accepts an outline of exactly 10,000 characters', () => {
		expect(parseValid(validForm({ outline: 'x'.repeat(10_000) })).outline).toHaveLength(10_000);
	});

	it('refuses an outline over 10,000 characters', () => {
		const form = validForm({ outline: 'x'.repeat(10_001) });
		expect(firstMessageAt(form, ['outline'])).toBe('Outline must be 10,000 characters or fewer');
		expect(fieldsWithIssues(form)).toEqual(['outline']);
	});

	it('counts the outline after trimming', () => {
		expect(issuesOf(validForm({ outline: `  ${'x'.repeat(10_000)}\n\n` }))).toEqual([]);
	});

	it('accepts only a ticked declaration', () => {
		const message = 'Confirm that the information is accurate to the best of your knowledge';
		expect(firstMessageAt(validForm({ declaration: false }), ['declaration'])).toBe(message);
		for (const declaration of ['true', 'yes', 1, null, undefined]) {
			expect(firstMessageAt({ ...validForm(), declaration }, ['declaration'])).toBe(message);
		}
	});
});

describe('notificationFormSchema: contact details', () => {
	const emailMessage = 'Enter an email address in the correct format, like name@example.org';
	const phoneMessage = 'Enter a phone number, like 01632 960 001 or +44 7700 900 982';

	it.each(['priya@example.org', 'priya.practitioner+scr@nhs.example.co.uk', ' PRIYA@EXAMPLE.ORG '])(
		'accepts the email address %j',
		(email) => {
			const form = withForm((f) => (f.notifier.email = email));
			expect(issuesOf(form)).toEqual([]);
		}
	);

	it.each([
		'priya',
		'priya@',
		'@example.org',
		'priya@example',
		'priya @example.org',
		'priya@@example.org'
	])('refuses the email address %j', (email) => {
		const form = withForm((f) => (f.notifier.email = email));
		expect(firstMessageAt(form, ['notifier', 'email'])).toBe(emailMessage);
		expect(fieldsWithIssues(form)).toEqual(['notifier.email']);
	});

	it.each(['01632 960 001', '+44 7700 900 982', '(01632) 960-001', '01632960001', ' 07700900982 '])(
		'accepts the phone number %j',
		(phone) => {
			const form = withForm((f) => (f.notifier.phone = phone));
			expect(issuesOf(form)).toEqual([]);
		}
	);

	it.each([
		'call me',
		'123456',
		'01632 960 001 ext 5',
		'+44+7700900982',
		'0'.repeat(21),
		'01632.960.001'
	])('refuses the phone number %j', (phone) => {
		const form = withForm((f) => (f.notifier.phone = phone));
		expect(firstMessageAt(form, ['notifier', 'phone'])).toBe(phoneMessage);
		expect(fieldsWithIssues(form)).toEqual(['notifier.phone']);
	});
});

describe('pruneIrrelevant', () => {
	it('keeps every answer that is still relevant', () => {
		const data = parseValid(
			validForm({
				incidentType: 'serious_incident',
				seriousIncidentCategory: 'serious_complaint',
				otherChildrenAtRisk: 'yes',
				otherChildrenDetails: 'A sibling',
				children: [
					validChild(),
					validChild({ dobKnown: 'no', dateOfBirth: '', approximateAge: '7' })
				]
			})
		);
		expect(pruneIrrelevant(data)).toEqual(data);
	});

	it('empties the incident date when it is not known, keeping the reason', () => {
		const data = parseValid(
			validForm({
				incidentDateKnown: 'no',
				incidentDate: '2026-11-19',
				incidentDateUnknownReason: 'Disclosed later'
			})
		);
		const pruned = pruneIrrelevant(data);
		expect(pruned.incidentDate).toBe('');
		expect(pruned.incidentDateUnknownReason).toBe('Disclosed later');
	});

	it('empties the reason when the incident date is known, keeping the date', () => {
		const data = parseValid(
			validForm({
				incidentDateKnown: 'yes',
				incidentDate: '2026-11-19',
				incidentDateUnknownReason: 'Typed before changing the answer'
			})
		);
		const pruned = pruneIrrelevant(data);
		expect(pruned.incidentDate).toBe('2026-11-19');
		expect(pruned.incidentDateUnknownReason).toBe('');
	});

	it('empties the serious incident category for other incident types', () => {
		const data = parseValid(
			validForm({
				incidentType: 'death',
				seriousIncidentCategory: 'accommodated_death'
			})
		);
		expect(data.seriousIncidentCategory).toBe('accommodated_death');
		expect(pruneIrrelevant(data).seriousIncidentCategory).toBe('');
	});

	it.each(['no', 'not_known'] as const)(
		'empties other children details when the answer is %s',
		(otherChildrenAtRisk) => {
			const data = parseValid(
				validForm({
					otherChildrenAtRisk,
					otherChildrenDetails: 'Typed before changing the answer'
				})
			);
			expect(pruneIrrelevant(data).otherChildrenDetails).toBe('');
		}
	);

	it("empties each child's hidden answer according to its own choice", () => {
		const data = parseValid(
			validForm({
				children: [
					validChild({
						name: 'Known',
						dobKnown: 'yes',
						dateOfBirth: '2021-04-02',
						approximateAge: '5'
					}),
					validChild({
						name: 'Unknown',
						dobKnown: 'no',
						dateOfBirth: '2020-01-01',
						approximateAge: '6'
					})
				]
			})
		);
		const pruned = pruneIrrelevant(data);
		expect(pruned.children[0]).toMatchObject({
			name: 'Known',
			dateOfBirth: '2021-04-02',
			approximateAge: ''
		});
		expect(pruned.children[1]).toMatchObject({
			name: 'Unknown',
			dateOfBirth: '',
			approximateAge: '6'
		});
	});

	it('leaves everything else alone and does not change its argument', () => {
		const data = parseValid(
			validForm({
				incidentDateKnown: 'no',
				incidentDate: '2026-11-19',
				incidentDateUnknownReason: 'Disclosed later',
				otherChildrenDetails: 'Hidden',
				seriousIncidentCategory: 'police_called'
			})
		);
		const snapshot = structuredClone(data);
		const pruned = pruneIrrelevant(data);
		expect(data).toEqual(snapshot);
		expect(pruned).toEqual({
			...snapshot,
			incidentDate: '',
			otherChildrenDetails: '',
			seriousIncidentCategory: '',
			children: snapshot.children.map((c) => ({ ...c, approximateAge: '' }))
		});
	});

	it('produces a form that is still valid', () => {
		const data = parseValid(
			validForm({
				incidentDateKnown: 'no',
				incidentDate: '2026-11-19',
				incidentDateUnknownReason: 'Disclosed later'
			})
		);
		expect(issuesOf(pruneIrrelevant(data))).toEqual([]);
	});
});

describe('notificationSubmissionSchema', () => {
	const idMessage = 'The form identifier is not valid. Start a new notification and try again.';

	function idMessages(id: unknown): string[] {
		const result = notificationSubmissionSchema.safeParse({
			id,
			form: validForm()
		});
		return result.success
			? []
			: result.error.issues.filter((i) => key(i.path) === 'id').map((i) => i.message);
	}

	it('accepts a UUIDv7 made on the device with a valid form', () => {
		const id = uuidv7();
		const result = notificationSubmissionSchema.safeParse({
			id,
			form: validForm()
		});
		expect(result.success).toBe(true);
		expect(result.data?.id).toBe(id);
		expect(result.data?.form.notifier.name).toBe('Priya Practitioner');
	});

	it('accepts a fixed, well-formed UUIDv7', () => {
		expect(idMessages('01890a5d-ac96-774b-bcce-b302099a8057')).toEqual([]);
	});

	it('refuses a version 4 UUID', () => {
		expect(idMessages(crypto.randomUUID())).toEqual([idMessage]);
		expect(idMessages('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toEqual([idMessage]);
	});

	it('refuses a UUIDv7 with the wrong variant', () => {
		expect(idMessages('01890a5d-ac96-774b-cbce-b302099a8057')).toEqual([idMessage]);
	});

	it.each([
		'',
		'not-a-uuid',
		'01890a5d-ac96-774b-bcce',
		'01890a5dac96774bbcceb302099a8057',
		` ${'01890a5d-ac96-774b-bcce-b302099a8057'}`
	])('refuses the identifier %j', (id) => {
		expect(idMessages(id)).toEqual([idMessage]);
	});

	it('refuses a missing or non-string identifier', () => {
		expect(idMessages(undefined)).toHaveLength(1);
		expect(idMessages(42)).toHaveLength(1);
	});

	it('validates the form with the same rules, under the form path', () => {
		const result = notificationSubmissionSchema.safeParse({
			id: uuidv7(),
			form: validForm({ notifier: { ...validForm().notifier, name: '' } })
		});
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => [key(i.path), i.message])).toEqual([
			['form.notifier.name', 'Enter your full name']
		]);
	});
});
