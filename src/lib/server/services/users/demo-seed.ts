import type { Db } from '$lib/server/db';
import { createAgency, createUser, findUserByEmail } from './users';
import type { Role } from '$lib/domain/roles';
import type { AgencyKind } from '$lib/domain/agencies';

// Demo data for `npm run demo` only: never run by `npm start`. The password is public, so the
// demo uses its own database file (data/demo.db) and must never hold real case data.
export const DEMO_PASSWORD = 'demo-password-2026';

export const DEMO_AGENCIES: { name: string; kind: AgencyKind }[] = [
	{ name: 'North Yorkshire Police', kind: 'police' },
	{ name: 'Harrogate District NHS Foundation Trust', kind: 'health' },
	{ name: 'North Yorkshire Education Service', kind: 'education' },
	{ name: 'National Probation Service (North Yorkshire)', kind: 'probation' },
	{ name: "North Yorkshire Children's Social Care", kind: 'childrens_social_care' }
];

export const DEMO_USERS: { name: string; email: string; role: Role; agency?: string }[] = [
	{
		name: 'Pat Practitioner',
		email: 'practitioner@demo.test',
		role: 'practitioner',
		agency: 'Harrogate District NHS Foundation Trust'
	},
	{
		name: 'Alex Agency',
		email: 'agency@demo.test',
		role: 'agency',
		agency: 'North Yorkshire Police'
	},
	{ name: 'Uma Unit', email: 'unit@demo.test', role: 'unit' },
	{ name: 'Chris Chair', email: 'chair@demo.test', role: 'chair' },
	{ name: 'Ada Admin', email: 'admin@demo.test', role: 'admin' }
];

/** Creates the demo agencies and one user per role, once; running it again changes nothing. */
export async function seedDemo(db: Db): Promise<void> {
	const agencyIds = new Map<string, string>();
	for (const a of DEMO_AGENCIES) agencyIds.set(a.name, (await createAgency(db, a.name, a.kind)).id);
	for (const u of DEMO_USERS) {
		if (await findUserByEmail(db, u.email)) continue;
		await createUser(db, {
			name: u.name,
			email: u.email,
			role: u.role,
			password: DEMO_PASSWORD,
			agencyId: u.agency ? (agencyIds.get(u.agency) ?? null) : null
		});
	}
}
