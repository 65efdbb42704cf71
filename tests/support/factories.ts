import type { Db } from '$lib/server/db';
import { seedPersonas } from '$lib/server/services/users/demo-seed';
import { TEST_PERSONAS } from '$lib/server/services/users/personas';
import type { NotificationDraft } from '$lib/domain/notification/notification-form';
import { emptyNotificationForm } from '$lib/domain/notification/notification-form';
import {
	CRITERIA_QUESTIONS,
	type CriteriaQuestion
} from '$lib/domain/notification/notification-options';
import { uuidv7 } from 'uuidv7';

export const PASSWORD = TEST_PERSONAS.password;

/** Named people, so a failing test reads like a story (ODK Central's habit). */
export const PERSONAS = TEST_PERSONAS.people;
export type PersonaName = keyof typeof PERSONAS;

export function createPersonas(db: Db) {
	return seedPersonas(db, TEST_PERSONAS);
}

/** A complete, valid notification form as the page would hold it. */
export function validNotificationForm(
	overrides: Partial<NotificationDraft> = {}
): NotificationDraft {
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
		children: [
			{
				name: 'Jamie Example',
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
		criteria: Object.fromEntries(
			Object.keys(CRITERIA_QUESTIONS).map((k) => [k, 'not_known'])
		) as Record<CriteriaQuestion, string>,
		outline: 'Admitted to hospital with injuries not consistent with the account given.',
		declaration: true,
		...overrides
	};
}

export function newClientId(): string {
	return uuidv7();
}
