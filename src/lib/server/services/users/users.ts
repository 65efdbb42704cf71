import { asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { agencies, secondFactors, users } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import { recordAudit, type AuditInput } from '$lib/server/services/audit';
import { problem } from '$lib/server/infra/problem';
import type { Role } from '$lib/domain/roles';
import type { AgencyKind } from '$lib/domain/agencies';

export interface NewUser {
	email: string;
	name: string;
	password: string;
	role: Role;
	agencyId?: string | null;
	/** Set for accounts an administrator creates: they choose their own password at first sign-in. */
	mustChangePassword?: boolean;
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string) {
	const [row] = await db
		.select()
		.from(users)
		.where(eq(users.email, normaliseEmail(email)));
	return row;
}

/** Creates an account. Returns null when the email address is already taken. */
export async function createUser(
	db: Db,
	input: NewUser,
	actor: Pick<AuditInput, 'actorId' | 'actorRole'> = { actorId: null, actorRole: null }
) {
	const passwordHash = await hashPassword(input.password);
	const id = crypto.randomUUID();
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, normaliseEmail(input.email)));
		if (existing) return null;
		// An unknown agency is the administrator's choice to correct, not a foreign-key crash.
		if (input.agencyId) {
			const [agency] = await tx
				.select({ id: agencies.id })
				.from(agencies)
				.where(eq(agencies.id, input.agencyId));
			if (!agency) throw problem('INVALID_INPUT', { agencyId: 'Select an agency from the list' });
		}
		const row = {
			id,
			email: normaliseEmail(input.email),
			name: input.name.trim(),
			passwordHash,
			role: input.role,
			agencyId: input.agencyId ?? null,
			mustChangePassword: input.mustChangePassword ?? false,
			createdAt: new Date()
		};
		await tx.insert(users).values(row);
		await recordAudit(tx, {
			...actor,
			action: 'user.created',
			recordType: 'user',
			recordId: id,
			detail: {
				role: input.role,
				agencyId: row.agencyId,
				mustChangePassword: row.mustChangePassword
			}
		});
		return { id, email: row.email, name: row.name, role: row.role, agencyId: row.agencyId };
	});
}

export async function listUsers(db: Db) {
	return db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			agencyName: agencies.name,
			disabledAt: users.disabledAt,
			mustChangePassword: users.mustChangePassword,
			secondFactorEnrolledAt: secondFactors.enrolledAt
		})
		.from(users)
		.leftJoin(agencies, eq(users.agencyId, agencies.id))
		.leftJoin(secondFactors, eq(secondFactors.userId, users.id))
		.orderBy(asc(users.name));
}

export async function findUserById(db: Db, id: string) {
	const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
	return row;
}

export async function createAgency(db: Db, name: string, kind: AgencyKind) {
	const [existing] = await db.select().from(agencies).where(eq(agencies.name, name));
	if (existing) return existing;
	const row = { id: crypto.randomUUID(), name, kind, createdAt: new Date() };
	await db.insert(agencies).values(row);
	return row;
}

export async function listAgencies(db: Db) {
	return db.select().from(agencies).orderBy(asc(agencies.name));
}
