import type { Db } from '$lib/server/db';
import { createAgency, createUser } from '$lib/server/services/users/users';
import type { Role } from '$lib/domain/roles';
import type { NotificationDraft } from '$lib/domain/notification/notification-form';
import { emptyNotificationForm } from '$lib/domain/notification/notification-form';
import {
	CRITERIA_QUESTIONS,
	type CriteriaQuestion
} from '$lib/domain/notification/notification-options';
import { uuidv7 } from 'uuidv7';

export const PASSWORD = 'correct horse battery staple';

/** Named people, so a failing test reads like a story (ODK Central's habit). */
export const PERSONAS = {
	priya: { name: 'Priya Practitioner', email: 'priya@example.org', role: 'practitioner' },
	pete: { name: 'Pete Practitioner', email: 'pete@example.org', role: 'practitioner' },
	uma: { name: 'Uma Unit', email: 'uma@example.org', role: 'unit' },
	ursula: { name: 'Ursula Unit', email: 'ursula@example.org', role: 'unit' },
	chris: { name: 'Chris Chair', email: 'chris@example.org', role: 'chair' },
	ada: { name: 'Ada Admin', email: 'ada@example.org', role: 'admin' },
	agnes: { name: 'Agnes Agency', email: 'agnes@example.org', role: 'agency' }
} as const satisfies Record<string, { name: string; email: string; role: Role }>;
export type PersonaName = keyof typeof PERSONAS;

export async function createPersonas(db: Db) {
	const police = await createAgency(db, 'North Yorkshire Police', 'police');
	const health = await createAgency(db, 'Harrogate District NHS Foundation Trust', 'health');
	const ids = {} as Record<PersonaName, string>;
	for (const [key, p] of Object.entries(PERSONAS) as [
		PersonaName,
		(typeof PERSONAS)[PersonaName]
	][]) {
		const agencyId = p.role === 'agency' ? police.id : p.role === 'practitioner' ? health.id : null;
		const created = await createUser(db, { ...p, password: PASSWORD, agencyId });
		if (!created) throw new Error(`persona ${key} already exists`);
		ids[key] = created.id;
	}
	return { ids, agencies: { police, health } };
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
