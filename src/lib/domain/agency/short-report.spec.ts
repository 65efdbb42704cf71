import { describe, expect, it } from 'vitest';
import { nilReturnSchema, shortReportFromForm, shortReportSchema } from './short-report';
import { reportSizeRefusal, sizeRefusal } from './attachment-rules';

function formWith(entries: Record<string, string>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(entries)) data.append(key, value);
	return data;
}

const complete = {
	involvementFrom: '2025-01-06',
	involvementTo: '2025-06-01',
	'keyContacts.0.date': '2025-03-01',
	'keyContacts.0.contact': 'Welfare visit',
	'keyContacts.1.date': '',
	'keyContacts.1.contact': '',
	lastContactOn: '2025-05-30',
	concernsAndAction: 'Bruising; referred.',
	immediateSteps: 'None',
	recordsSecured: 'no',
	recordsSecuredOn: '2025-01-01',
	earlyLearning: 'None identified',
	criteriaView: 'Met',
	'author.name': 'Alex Agency',
	'author.role': 'DS',
	'signOff.leadName': 'DI Lead',
	'signOff.confirmed': 'yes'
};

describe('short report form', () => {
	it('reads a posted form into the schema’s shape, dropping blank contact rows', () => {
		const draft = shortReportFromForm(formWith(complete));
		expect(draft.keyContacts).toEqual([{ date: '2025-03-01', contact: 'Welfare visit' }]);
		const report = shortReportSchema.parse(draft);
		// A date for records not secured is not kept.
		expect(report.recordsSecuredOn).toBe('');
		expect(report.signOff.confirmed).toBe(true);
	});

	it('names each bad field with what to do', () => {
		const draft = shortReportFromForm(
			formWith({
				...complete,
				involvementTo: '2024-12-01',
				recordsSecured: 'yes',
				recordsSecuredOn: '',
				'signOff.confirmed': ''
			})
		);
		const result = shortReportSchema.safeParse(draft);
		expect(result.success).toBe(false);
		const messages = Object.fromEntries(
			(result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message])
		);
		// Cross-field problems show with the others, not after they are fixed.
		expect(messages).toEqual({
			involvementTo: 'The date your involvement ended must be on or after it started',
			recordsSecuredOn: 'Enter the date your records were secured',
			'signOff.confirmed': 'Confirm that your safeguarding lead has signed off this report'
		});
	});

	it('needs the author’s confirmation for a nil return', () => {
		const result = nilReturnSchema.safeParse({ author: { name: 'A', role: 'B' }, confirm: false });
		expect(result.error?.issues[0]?.message).toBe(
			'Confirm that your agency has no record of involvement with this child or family'
		);
	});
});

describe('attachment sizes', () => {
	it('refuses empty and oversize files, and reports over 50 MB in all', () => {
		expect(sizeRefusal('a.pdf', 10)).toBeNull();
		expect(sizeRefusal('a.pdf', 0)).toMatch(/^a\.pdf is empty/);
		expect(sizeRefusal('a.pdf', 20 * 1024 * 1024 + 1)).toMatch(/larger than 20 MB/);
		expect(reportSizeRefusal(50 * 1024 * 1024)).toBeNull();
		expect(reportSizeRefusal(50 * 1024 * 1024 + 1)).toMatch(/more than the 50 MB/);
	});
});
