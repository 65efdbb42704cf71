import type { Db } from '$lib/server/db';
import type { AgencyRow } from '$lib/server/db/schema';
import { createAgency, createUser, findUserByEmail } from './users';
import {
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
		ids[key] = id;
	}
	return { ids, agencies };
}

/** Demo data for `npm run demo` only: never run by `npm start`. See DEMO_PERSONAS. */
export async function seedDemo(db: Db): Promise<void> {
	await seedPersonas(db, DEMO_PERSONAS);
}
