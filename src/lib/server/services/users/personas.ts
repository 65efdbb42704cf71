import type { AgencyKind } from '$lib/domain/agencies';
import type { Role } from '$lib/domain/roles';

// The agencies and people the demo and the tests sign in as, in one place: the demo seed, the
// integration tests' factories and the browser tests' sign-in all read them from here. Data and
// types only, so the browser tests can import it outside the app's build.

export const PERSONA_AGENCIES = {
	police: { name: 'North Yorkshire Police', kind: 'police' },
	health: { name: 'Harrogate District NHS Foundation Trust', kind: 'health' },
	education: { name: 'North Yorkshire Education Service', kind: 'education' },
	probation: { name: 'National Probation Service (North Yorkshire)', kind: 'probation' },
	socialCare: { name: "North Yorkshire Children's Social Care", kind: 'childrens_social_care' }
} as const satisfies Record<string, { name: string; kind: AgencyKind }>;
export type PersonaAgency = keyof typeof PERSONA_AGENCIES;

export interface Persona<Agency extends PersonaAgency = PersonaAgency> {
	name: string;
	email: string;
	role: Role;
	/** The agency they work for, one of the set's agencies. */
	agency?: Agency;
}

/** The agencies to create, the people who sign in, and the password they all share. */
export interface PersonaSet<
	Name extends string = string,
	Agency extends PersonaAgency = PersonaAgency
> {
	password: string;
	/**
	 * The TOTP secret (base32) the people whose role needs a second factor are enrolled with, so
	 * they can sign in at once (docs/decisions/022). Public, like the password.
	 */
	totpSecret: string;
	agencies: readonly Agency[];
	people: Record<Name, Persona<Agency>>;
}

/**
 * `npm run demo` and the browser tests: one user per role. The password is public, so the demo
 * uses its own database file (data/demo.db) and must never hold real case data.
 */
export const DEMO_PERSONAS = {
	password: 'demo-password-2026',
	totpSecret: 'WBFRYGQCYTP333RW3LANSPKG6AQ73ZSY',
	agencies: ['police', 'health', 'education', 'probation', 'socialCare'],
	people: {
		practitioner: {
			name: 'Pat Practitioner',
			email: 'practitioner@demo.test',
			role: 'practitioner',
			agency: 'health'
		},
		agency: { name: 'Alex Agency', email: 'agency@demo.test', role: 'agency', agency: 'police' },
		unit: { name: 'Uma Unit', email: 'unit@demo.test', role: 'unit' },
		chair: { name: 'Chris Chair', email: 'chair@demo.test', role: 'chair' },
		admin: { name: 'Ada Admin', email: 'admin@demo.test', role: 'admin' }
	}
} as const satisfies PersonaSet;

/** The integration tests' named people, so a failing test reads like a story. */
export const TEST_PERSONAS = {
	password: 'correct horse battery staple',
	totpSecret: 'DV6HMW5UWNKCPH3N3YTG4L7J7CXIKZPZ',
	agencies: ['police', 'health'],
	people: {
		priya: {
			name: 'Priya Practitioner',
			email: 'priya@example.org',
			role: 'practitioner',
			agency: 'health'
		},
		pete: {
			name: 'Pete Practitioner',
			email: 'pete@example.org',
			role: 'practitioner',
			agency: 'health'
		},
		uma: { name: 'Uma Unit', email: 'uma@example.org', role: 'unit' },
		ursula: { name: 'Ursula Unit', email: 'ursula@example.org', role: 'unit' },
		chris: { name: 'Chris Chair', email: 'chris@example.org', role: 'chair' },
		ada: { name: 'Ada Admin', email: 'ada@example.org', role: 'admin' },
		agnes: { name: 'Agnes Agency', email: 'agnes@example.org', role: 'agency', agency: 'police' }
	}
} as const satisfies PersonaSet;

/**
 * `npm run demo`'s year of activity (services/demo/year-of-activity.ts): the practitioners and
 * agency leads it needs beside DEMO_PERSONAS, so notifications come from several agencies and
 * every agency answers its short reports. Same password; no second factor.
 */
export const DEMO_ACTIVITY_PEOPLE: readonly {
	name: string;
	email: string;
	role: 'practitioner' | 'agency';
	agency: PersonaAgency;
}[] = [
	{
		name: 'Pip Police-Example',
		email: 'pip.police@demo.test',
		role: 'practitioner',
		agency: 'police'
	},
	{
		name: 'Ed Education-Example',
		email: 'ed.education@demo.test',
		role: 'practitioner',
		agency: 'education'
	},
	{
		name: 'Sol Socialcare-Example',
		email: 'sol.socialcare@demo.test',
		role: 'practitioner',
		agency: 'socialCare'
	},
	{ name: 'Hana Health-Example', email: 'hana.health@demo.test', role: 'agency', agency: 'health' },
	{
		name: 'Evie Education-Example',
		email: 'evie.education@demo.test',
		role: 'agency',
		agency: 'education'
	},
	{
		name: 'Paz Probation-Example',
		email: 'paz.probation@demo.test',
		role: 'agency',
		agency: 'probation'
	},
	{
		name: 'Cal Socialcare-Example',
		email: 'cal.socialcare@demo.test',
		role: 'agency',
		agency: 'socialCare'
	}
];
