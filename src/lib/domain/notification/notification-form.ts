import * as z from 'zod/mini';
import {
	CRITERIA_QUESTIONS,
	GENDERS,
	INCIDENT_TYPES,
	INSTITUTIONAL_SETTINGS,
	INVOLVED_AGENCIES,
	LEGAL_STATUSES,
	MAX_CHILDREN,
	OUTLINE_MAX_LENGTH,
	SERIOUS_INCIDENT_CATEGORIES,
	YES_NO_NOT_KNOWN,
	keysOf,
	type CriteriaQuestion
} from './notification-options';
import { isIsoDate, todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';

// The blank form and the draft's shape are in a zod-free module, so the page can show the form
// before this one (whose schemas take a while to build) has loaded (docs/decisions/014).
export {
	emptyChild,
	emptyNotificationForm,
	type DraftChild,
	type NotificationDraft
} from './notification-draft';

// One schema for the Serious Incident Notification Form, shared by the page, the device outbox
// and the tRPC procedure. Every message says what is wrong and what to do (GOV.UK style).
// Written with zod/mini, whose functions the bundler keeps only when used: the page validates
// with it in the browser (docs/decisions/013-zod-mini-on-the-client.md). The rules, their order
// and their messages are those of zod's classic API; only the spelling differs.

const choice = <T extends Record<string, string>>(options: T, message: string) =>
	z.enum(keysOf(options), { error: message });

const text = (max: number, emptyMessage: string, longMessage: string) =>
	z
		.string({ error: emptyMessage })
		.check(z.trim(), z.minLength(1, emptyMessage), z.maxLength(max, longMessage));

/** Trimmed text that may be left out; missing reads as ''. */
const trimmedOrEmpty = (...checks: z.core.$ZodCheck<string>[]) =>
	z._default(z.optional(z.string().check(z.trim(), ...checks)), '');

const optionalText = (max: number, longMessage: string) =>
	trimmedOrEmpty(z.maxLength(max, longMessage));

/** A calendar date that is not after today (with a day's grace for device clocks ahead of ours). */
const pastDate = (emptyMessage: string, futureMessage: string) =>
	z.string({ error: emptyMessage }).check(
		z.trim(),
		z.minLength(1, emptyMessage),
		z.refine(isIsoDate, 'Enter a real date, for example 27 3 2026'),
		z.refine((d) => d <= graceToday(), futureMessage)
	);

function graceToday(): IsoDate {
	const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
	return todayIso(tomorrow);
}

const childSchema = z.object({
	name: text(
		200,
		"Enter the child's full name, or 'Not known'",
		'Name must be 200 characters or fewer'
	),
	otherNames: optionalText(200, 'Other names must be 200 characters or fewer'),
	dobKnown: choice({ yes: 'Yes', no: 'No' }, "Select whether the child's date of birth is known"),
	dateOfBirth: trimmedOrEmpty(),
	approximateAge: trimmedOrEmpty(),
	gender: z._default(
		z.optional(
			z.union([z.literal(''), z.enum(keysOf(GENDERS))], { error: 'Select a gender from the list' })
		),
		''
	),
	ethnicity: optionalText(100, 'Ethnicity must be 100 characters or fewer')
});

const criteriaShape = Object.fromEntries(
	Object.keys(CRITERIA_QUESTIONS).map((k) => [
		k,
		choice(YES_NO_NOT_KNOWN, 'Select yes, no or not known')
	])
) as Record<CriteriaQuestion, ReturnType<typeof choice<typeof YES_NO_NOT_KNOWN>>>;

export const notificationFormSchema = z
	.object({
		notifier: z.object({
			name: text(200, 'Enter your full name', 'Your name must be 200 characters or fewer'),
			role: text(200, 'Enter your job title or role', 'Role must be 200 characters or fewer'),
			agency: text(200, 'Enter the agency you work for', 'Agency must be 200 characters or fewer'),
			phone: z
				.string({ error: 'Enter a phone number' })
				.check(
					z.trim(),
					z.minLength(1, 'Enter a phone number'),
					z.regex(
						/^\+?[0-9 ()-]{7,20}$/,
						'Enter a phone number, like 01632 960 001 or +44 7700 900 982'
					)
				),
			email: z.pipe(
				z
					.string({ error: 'Enter your email address' })
					.check(z.trim(), z.minLength(1, 'Enter your email address')),
				z.email('Enter an email address in the correct format, like name@example.org')
			)
		}),
		awareOn: pastDate(
			'Enter the date you became aware of the incident',
			'The date you became aware must be today or in the past'
		),
		incidentDateKnown: choice(
			{ yes: 'Yes', no: 'No' },
			'Select whether the incident date is known'
		),
		incidentDate: trimmedOrEmpty(),
		incidentDateUnknownReason: optionalText(500, 'Reason must be 500 characters or fewer'),
		incidentType: choice(INCIDENT_TYPES, 'Select the type of incident'),
		seriousIncidentCategory: z._default(
			z.optional(z.union([z.literal(''), z.enum(keysOf(SERIOUS_INCIDENT_CATEGORIES))])),
			''
		),
		location: text(
			500,
			'Enter where the incident happened, for example the town or the setting',
			'Location must be 500 characters or fewer'
		),
		children: z
			.array(childSchema, { error: 'Add the child this notification is about' })
			.check(
				z.minLength(1, 'Add the child this notification is about'),
				z.maxLength(MAX_CHILDREN, `A notification can name at most ${MAX_CHILDREN} children`)
			),
		legalStatus: choice(LEGAL_STATUSES, "Select the child's legal status, or 'Not known'"),
		institutionalSetting: choice(
			INSTITUTIONAL_SETTINGS,
			"Select the institutional setting, 'None' or 'Not known'"
		),
		otherChildrenAtRisk: choice(
			YES_NO_NOT_KNOWN,
			'Select whether other children may be at risk: this must be answered'
		),
		otherChildrenDetails: optionalText(2000, 'Details must be 2000 characters or fewer'),
		agenciesInvolved: z
			.array(z.enum(keysOf(INVOLVED_AGENCIES)), { error: 'Select the agencies involved' })
			.check(z.minLength(1, "Select the agencies involved, or 'None known'")),
		policeInvolved: choice(YES_NO_NOT_KNOWN, 'Select whether the police are involved'),
		mediaInterest: choice(YES_NO_NOT_KNOWN, 'Select whether there is media interest'),
		criteria: z.object(criteriaShape),
		outline: text(
			OUTLINE_MAX_LENGTH,
			'Enter an outline of what happened',
			`Outline must be ${OUTLINE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`
		),
		declaration: z.literal(true, {
			error: 'Confirm that the information is accurate to the best of your knowledge'
		})
	})
	.check(
		z.superRefine(
			(form, ctx) => {
				// Runs even when other fields failed, so the page lists every problem at once.
				const add = (path: (string | number)[], message: string) =>
					ctx.addIssue({ code: 'custom', path, message });
				// Not an object at all (a broken upload): the type issue is already reported.
				if (typeof form !== 'object' || form === null) return;
				const f = form as Partial<typeof form>;
				if (f.incidentDateKnown === 'yes') {
					const d = f.incidentDate ?? '';
					if (d === '') add(['incidentDate'], 'Enter the date of the incident');
					else if (!isIsoDate(d)) add(['incidentDate'], 'Enter a real date for the incident');
					else if (d > graceToday()) add(['incidentDate'], 'The incident date must be in the past');
					else if (typeof f.awareOn === 'string' && isIsoDate(f.awareOn) && d > f.awareOn)
						add(
							['incidentDate'],
							'The incident date must be on or before the date you became aware'
						);
				}
				if (f.incidentDateKnown === 'no' && (f.incidentDateUnknownReason ?? '').trim() === '')
					add(['incidentDateUnknownReason'], 'Explain why the incident date is not known');
				if (f.incidentType === 'serious_incident' && !f.seriousIncidentCategory)
					add(['seriousIncidentCategory'], 'Select the category of serious incident');
				if (f.otherChildrenAtRisk === 'yes' && (f.otherChildrenDetails ?? '').trim() === '')
					add(['otherChildrenDetails'], 'Describe the other children who may be at risk and why');
				if (Array.isArray(f.agenciesInvolved) && f.agenciesInvolved.includes('none_known')) {
					if (f.agenciesInvolved.length > 1)
						add(['agenciesInvolved'], "Select the agencies involved, or only 'None known'");
				}
				(Array.isArray(f.children) ? f.children : []).forEach((child, i) => {
					const c = child as Partial<typeof child> | undefined;
					if (c?.dobKnown === 'yes') {
						const dob = c.dateOfBirth ?? '';
						if (dob === '') add(['children', i, 'dateOfBirth'], 'Enter the date of birth');
						else if (!isIsoDate(dob))
							add(['children', i, 'dateOfBirth'], 'Enter a real date of birth');
						else if (dob > graceToday())
							add(['children', i, 'dateOfBirth'], 'Date of birth must be in the past');
					}
					if (c?.dobKnown === 'no') {
						const age = c.approximateAge ?? '';
						if (!/^\d{1,2}$/.test(age) || Number(age) > 17)
							add(
								['children', i, 'approximateAge'],
								'Enter the approximate age in whole years, from 0 to 17'
							);
					}
				});
			},
			{ when: () => true }
		)
	);

/** What the page edits: every field as the form holds it. */
export type NotificationFormInput = z.input<typeof notificationFormSchema>;
/** What the server stores: validated and trimmed. */
export type NotificationForm = z.output<typeof notificationFormSchema>;
/** Drop answers that a later choice made irrelevant, so hidden fields never reach the server. */
export function pruneIrrelevant(form: NotificationForm): NotificationForm {
	return {
		...form,
		incidentDate: form.incidentDateKnown === 'yes' ? form.incidentDate : '',
		incidentDateUnknownReason:
			form.incidentDateKnown === 'no' ? form.incidentDateUnknownReason : '',
		seriousIncidentCategory:
			form.incidentType === 'serious_incident' ? form.seriousIncidentCategory : '',
		otherChildrenDetails: form.otherChildrenAtRisk === 'yes' ? form.otherChildrenDetails : '',
		children: form.children.map((c) => ({
			...c,
			dateOfBirth: c.dobKnown === 'yes' ? c.dateOfBirth : '',
			approximateAge: c.dobKnown === 'no' ? c.approximateAge : ''
		}))
	};
}
