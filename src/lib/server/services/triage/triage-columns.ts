import { eq, isNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { notificationChildren, notifications } from '$lib/server/db/schema';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import { childIdentity } from '$lib/domain/triage/duplicate-match';
import { receiptDate, triageDueOn } from '$lib/domain/triage/triage-deadline';
import { isIsoDate } from '$lib/domain/calendar/iso-date';
import { pinRank } from '$lib/domain/triage/other-children';

// The copies of a notification's form that triage filters, sorts and matches on. Filled when a
// notification is stored, and for rows stored before they existed, once at start-up.

export function triageColumnsFor(form: NotificationForm, receivedAt: Date) {
	return {
		triageDueOn: triageDueOn(receiptDate(receivedAt)),
		// A new notification has no recorded action yet: yes and not known go to the top (§13.1).
		pinRank: pinRank(form.otherChildrenAtRisk, false),
		firstChildName: form.children[0]?.name ?? '',
		childCount: form.children.length,
		// Only a serious incident has a category; the form keeps any other choice unused.
		seriousIncidentCategory:
			form.incidentType === 'serious_incident' && form.seriousIncidentCategory
				? form.seriousIncidentCategory
				: null,
		incidentDate:
			form.incidentDateKnown === 'yes' && isIsoDate(form.incidentDate) ? form.incidentDate : null
	};
}

/** The children of notifications as compared for duplicates, in one INSERT. */
export async function storeNotificationChildren(
	tx: Tx,
	stored: readonly { id: string; stored: NotificationForm }[]
) {
	const rows = stored.flatMap(({ id, stored: form }) =>
		form.children.map((child, position) => ({
			notificationId: id,
			position,
			...childIdentity(child)
		}))
	);
	if (rows.length > 0) await tx.insert(notificationChildren).values(rows).onConflictDoNothing();
}

/**
 * Fills the triage columns of notifications stored before they existed. Runs after the
 * migrations (the SQL migration cannot count working days); a no-op once every row is filled.
 */
export async function fillTriageColumns(db: Db): Promise<number> {
	return db.transaction(async (tx) => {
		const unfilled = await tx
			.select({
				id: notifications.id,
				form: notifications.form,
				receivedAt: notifications.receivedAt,
				otherChildrenActionAt: notifications.otherChildrenActionAt
			})
			.from(notifications)
			.where(isNull(notifications.triageDueOn));
		for (const row of unfilled) {
			const form = row.form as NotificationForm;
			const columns = triageColumnsFor(form, row.receivedAt);
			await tx
				.update(notifications)
				.set({
					...columns,
					pinRank: pinRank(form.otherChildrenAtRisk, row.otherChildrenActionAt !== null)
				})
				.where(eq(notifications.id, row.id));
			await storeNotificationChildren(tx, [{ id: row.id, stored: form }]);
		}
		return unfilled.length;
	});
}
