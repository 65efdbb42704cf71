import type { Db } from '$lib/server/db';
import { count, notInArray } from 'drizzle-orm';
import { users, type AgencyRow } from '$lib/server/db/schema';
import { createAgency, createUser, findUserByEmail } from './users';
import { enrolKnownSecret } from './second-factor';
import { needsSecondFactor } from '$lib/domain/second-factor';
import {
	DEMO_ACTIVITY_PEOPLE,
	DEMO_PERSONAS,
	PERSONA_AGENCIES,
	type Persona,
	type PersonaAgency,
	type PersonaSet
} from './personas';

/**
 * Creates a set's agencies and people, once: an agency or a person (by email) already there is
 * kept as it is. Returns each person's id and each agency's row, by their names in the set.
 */
export async function seedPersonas<Name extends string, Agency extends PersonaAgency>(
	db: Db,
	set: PersonaSet<Name, Agency>
): Promise<{ ids: Record<Name, string>; agencies: Record<Agency, AgencyRow> }> {
	const agencies = {} as Record<Agency, AgencyRow>;
	for (const key of set.agencies) {
		const { name, kind } = PERSONA_AGENCIES[key];
		agencies[key] = await createAgency(db, name, kind);
	}
	const ids = {} as Record<Name, string>;
	for (const [key, person] of Object.entries(set.people) as [Name, Persona<Agency>][]) {
		const existing = await findUserByEmail(db, person.email);
		const id =
			existing?.id ??
			(
				await createUser(db, {
					name: person.name,
					email: person.email,
					role: person.role,
					password: set.password,
					agencyId: person.agency ? agencies[person.agency].id : null
				})
			)?.id;
		if (!id) throw new Error(`persona ${key} could not be created`);
		// Enrolled already with the set's published secret, so the demo's Unit, Chair and
		// administrator sign in in a minute (decision 022). Kept if already enrolled.
		if (needsSecondFactor(person.role)) await enrolKnownSecret(db, id, set.totpSecret);
		ids[key] = id;
	}
	return { ids, agencies };
}

export class NotADemoDatabase extends Error {
	constructor(others: number) {
		super(
			`This database holds ${others} account${others === 1 ? '' : 's'} besides the demo's, so it is not a demo database: ` +
				'npm run demo adds accounts whose password is public and will not run on it. ' +
				'Unset DATABASE_URL to use data/demo.db, or point it at a new file.'
		);
		this.name = 'NotADemoDatabase';
	}
}

/**
 * Demo data for `npm run demo` only: never run by `npm start`. See DEMO_PERSONAS. Refuses a
 * database holding anyone else: pointed at a real one (DATABASE_URL), it would otherwise add
 * five accounts with a published password to it (docs/decisions/018).
 */
export async function seedDemo(db: Db): Promise<void> {
	const demoEmails = [
		...Object.values(DEMO_PERSONAS.people).map((person) => person.email),
		// The year of activity's extra practitioners and agency leads (services/demo/).
		...DEMO_ACTIVITY_PEOPLE.map((person) => person.email)
	];
	const [others] = await db
		.select({ count: count() })
		.from(users)
		.where(notInArray(users.email, demoEmails));
	if (others && others.count > 0) throw new NotADemoDatabase(others.count);
	await seedPersonas(db, DEMO_PERSONAS);
}
