import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import type { ShortReportInput } from '$lib/domain/agency/short-report';

/** A complete, valid short report from the police's Agnes, as the schema accepts it. */
export function validShortReport(overrides: Partial<ShortReportInput> = {}): ShortReportInput {
	const today = todayIso();
	return {
		involvementFrom: '2025-01-06',
		involvementTo: today,
		keyContacts: [{ date: '2025-03-01', contact: 'Welfare visit after a neighbour called' }],
		lastContactOn: addCalendarDays(today, -3),
		concernsAndAction: 'Bruising seen at the welfare visit; referred to children’s social care.',
		immediateSteps: 'Strategy discussion held the same day.',
		recordsSecured: 'yes',
		recordsSecuredOn: today,
		earlyLearning: 'None identified yet.',
		criteriaView: 'The criteria in §13.2 appear to be met.',
		author: { name: 'Agnes Agency', role: 'Detective Sergeant' },
		signOff: { leadName: 'DI Lead', confirmed: true },
		...overrides
	};
}
