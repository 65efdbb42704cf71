import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { submitNotifications } from '$lib/server/services/notifications/notifications';
import { notificationFormSchema } from '$lib/domain/notification/notification-form';
import { newClientId, validNotificationForm } from './factories';

/** The user as a session would carry it, for calling services directly. */
export async function sessionUser(db: Db, id: string): Promise<SessionUser> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	if (!row) throw new Error(`no user ${id}`);
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		agencyId: row.agencyId,
		mustChangePassword: row.mustChangePassword
	};
}

export type FormOverrides = Parameters<typeof validNotificationForm>[0];

/** A validated form, as the server stores it. */
export function storedForm(overrides: FormOverrides = {}) {
	return notificationFormSchema.parse(validNotificationForm(overrides));
}

/**
 * Stores notifications received at `now` (the server's receipt time, T0) through the real
 * service, so deadlines can be tested against known dates. Returns their ids, in order.
 */
export async function notificationsReceivedAt(
	db: Db,
	user: SessionUser,
	now: Date,
	forms: FormOverrides[]
): Promise<string[]> {
	const uploads = forms.map((overrides) => ({ id: newClientId(), form: storedForm(overrides) }));
	const results = await submitNotifications(db, user, uploads, now);
	if (results.some((r) => r.outcome !== 'created')) throw new Error('a notification was refused');
	return uploads.map((u) => u.id);
}

export async function notificationReceivedAt(
	db: Db,
	user: SessionUser,
	now: Date,
	overrides: FormOverrides = {}
): Promise<string> {
	const [id] = await notificationsReceivedAt(db, user, now, [overrides]);
	if (!id) throw new Error('no notification stored');
	return id;
}

/** Other children may be at risk: the answer that pins a notification (§13.1). */
export const OTHER_CHILDREN_AT_RISK: FormOverrides = {
	otherChildrenAtRisk: 'yes',
	otherChildrenDetails: 'Two younger siblings live at the same address.'
};

/** A child by name and date of birth, for duplicate checks. */
export function childNamed(name: string, dateOfBirth: string) {
	return {
		name,
		otherNames: '',
		dobKnown: 'yes',
		dateOfBirth,
		approximateAge: '',
		gender: 'not_known',
		ethnicity: ''
	};
}

/** London 10:00 on an ISO date (GMT in winter, BST in summer: good enough for whole days). */
export function morningOf(isoDate: string): Date {
	return new Date(`${isoDate}T10:00:00Z`);
}
