import type { ClockDefinition } from '$lib/domain/case/clock-preset';

/**
 * The Working Together 2023 deadlines as data, the same shape as the seed's SCR_PROCEDURE_CLOCKS
 * (computed by the same computeClocks). Each names its source; docs/procedure-wt2023.md gives the
 * wording found, how sure it is, and its test. Working days are England's (weekends and bank
 * holidays excluded), an assumption the guidance does not define.
 *
 * A joint agreement that the incident is not notifiable (`notNotifiableOn`) meets the
 * notification clocks too: there is nothing to send.
 */
export const WT2023_CLOCKS: readonly ClockDefinition[] = [
	{
		id: 'WT1',
		label: 'Notification to the national Panel',
		section: 'WT2023 ch. 5; Children Act 2004 s16C',
		kind: 'working_days',
		amount: 5,
		startsAt: 'becameAwareOn',
		metBy: ['panelNotifiedOn', 'notNotifiableOn']
	},
	{
		id: 'WT2',
		label: 'Safeguarding partners told of the incident',
		section: 'WT2023 ch. 5',
		kind: 'working_days',
		amount: 5,
		startsAt: 'becameAwareOn',
		metBy: ['partnersInformedOn', 'notNotifiableOn']
	},
	{
		id: 'WT3',
		label: 'Rapid review sent to the national Panel',
		section: 'WT2023 ch. 5',
		kind: 'working_days',
		amount: 15,
		startsAt: 'panelNotifiedOn',
		metBy: ['rapidReviewSentOn', 'notNotifiableOn']
	},
	{
		// The duty is certain; the 5 working days are the notification form's, assumed the same
		// (docs/procedure-wt2023.md, O6).
		id: 'WT4',
		label: "Looked-after child's death told to the Secretary of State and Ofsted",
		section: 'WT2023 ch. 5',
		kind: 'working_days',
		amount: 5,
		startsAt: 'lacDeathKnownOn',
		metBy: ['lacDeathNotifiedOn']
	},
	{
		// Unconfirmed in WT2023's own text (docs/procedure-wt2023.md, O17): shown, not enforced.
		id: 'WT5',
		label: 'Local review completed and published',
		section: 'WT2023 ch. 5 (6 months: unconfirmed)',
		kind: 'calendar_months',
		amount: 6,
		startsAt: 'lcsprCommissionedOn',
		metBy: ['publishedOn']
	},
	{
		id: 'wt_publication_deferral',
		label: 'Deferred publication considered again',
		section: 'WT2023 ch. 5',
		kind: 'fixed_date',
		startsAt: 'publicationDeferredOn',
		dueAt: 'publicationReviewOn',
		metBy: ['publishedOn']
	}
];
