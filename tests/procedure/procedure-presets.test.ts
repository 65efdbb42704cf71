import { describe, expect, it } from 'vitest';
import { wt2023Payload } from '../support/wt2023';
import {
	ALL_CASE_STATES,
	DEFAULT_PROCEDURE_PRESET,
	PROCEDURE_PRESETS,
	parseProcedureSetting,
	procedurePreset
} from '$lib/domain/procedure-presets/presets';
import { CASE_DATE_NAMES } from '$lib/domain/case/case-dates';
import { checkWt2023Move } from '$lib/domain/procedure-presets/wt2023-transitions';
import { WT2023_MOVES } from '$lib/domain/procedure-presets/wt2023-table';
import { PARTNER_AGREEMENT_FIELDS } from '$lib/domain/procedure-presets/wt2023-partners';
import { todayIso } from '$lib/domain/calendar/iso-date';

/*
 * Both presets held as data the same way (docs/decisions/033), checked for the same shape: every
 * move joins two of the preset's states, every state is reached from where a case opens and has a
 * way on until `closed`, every clock runs between dates a case can hold. Then what the
 * Working Together 2023 table says of each move: which fields it requires, that a joint decision
 * needs all three partners, and that only the Unit records it.
 */

describe.each(PROCEDURE_PRESETS)('the %s preset as data', (id) => {
	const preset = procedurePreset(id);
	const states = new Set<string>(preset.states);

	it('joins only its own states, each labelled, and every state is in the cases table', () => {
		for (const move of preset.moves) {
			expect(states.has(move.from), move.key).toBe(true);
			expect(states.has(move.to), move.key).toBe(true);
			expect(move.key).toBe(`${move.from}->${move.to}`);
			expect(move.section, move.key).toMatch(/\S/);
			expect(move.roles.length, move.key).toBeGreaterThan(0);
		}
		for (const state of preset.states) {
			expect(preset.stateLabels[state], state).toMatch(/\S/);
			expect(ALL_CASE_STATES).toContain(state);
		}
	});

	it('reaches every state from the one a case opens in, and only `closed` has no way on', () => {
		const reached = new Set<string>([preset.initialState]);
		for (let grew = true; grew;) {
			grew = false;
			for (const move of preset.moves) {
				if (reached.has(move.from) && !reached.has(move.to)) {
					reached.add(move.to);
					grew = true;
				}
			}
		}
		// The seed's `received` precedes triage, where cases now open (kept for old rows).
		const unreached = preset.states.filter((s) => !reached.has(s) && s !== 'received');
		expect(unreached).toEqual([]);
		const deadEnds = preset.states.filter(
			(s) => s !== 'closed' && !preset.moves.some((m) => m.from === s)
		);
		expect(deadEnds).toEqual([]);
		expect(preset.moves.filter((m) => m.from === 'closed')).toEqual([]);
	});

	it('runs each clock between dates a case holds, and opens a case with its anchor recorded', () => {
		for (const clock of preset.clocks) {
			expect(CASE_DATE_NAMES).toContain(clock.startsAt);
			for (const name of clock.metBy) expect(CASE_DATE_NAMES).toContain(name);
		}
		expect(preset.openingDates('2026-11-30').receivedOn).toBe('2026-11-30');
	});

	it('offers one button text per move from each state', () => {
		for (const state of preset.states) {
			const actions = preset.moves.filter((m) => m.from === state).map((m) => m.action);
			expect(new Set(actions).size, state).toBe(actions.length);
		}
	});
});

describe('SAFEGUARD_PROCEDURE', () => {
	it("is the seed's procedure when unset or blank, a named preset otherwise, and refuses anything else", () => {
		expect(DEFAULT_PROCEDURE_PRESET).toBe('lscb_2006');
		expect(parseProcedureSetting(undefined)).toBe('lscb_2006');
		expect(parseProcedureSetting('  ')).toBe('lscb_2006');
		expect(parseProcedureSetting('wt_2023')).toBe('wt_2023');
		expect(() => parseProcedureSetting('WT2023')).toThrow(/must be one of lscb_2006, wt_2023/);
	});
});

describe('the Working Together 2023 table, move by move', () => {
	const today = todayIso();
	const dates = { receivedOn: today, becameAwareOn: today };

	it.each(WT2023_MOVES.map((m) => [m.key, m] as const))(
		'%s: the Unit alone records it, and each field it requires is refused when missing',
		(key, move) => {
			expect(move.roles).toEqual(['unit']);
			const payload = wt2023Payload(key, today);
			const [from, to] = key.split('->') as [string, string];
			const accepted = checkWt2023Move({ from, to, role: 'unit', payload, today, dates });
			expect(accepted.ok, JSON.stringify(accepted)).toBe(true);
			expect(checkWt2023Move({ from, to, role: 'chair', payload, today, dates })).toMatchObject({
				ok: false,
				code: 'ROLE_NOT_ALLOWED'
			});
			for (const field of move.requires.filter((f) => f !== 'lacDeathNotifiedOn')) {
				const { [field]: _left, ...without } = payload;
				const refused = checkWt2023Move({ from, to, role: 'unit', payload: without, today, dates });
				expect(refused, `${key} without ${field}`).toMatchObject({ ok: false });
				if (!refused.ok) expect(Object.keys(refused.fieldErrors ?? {}), field).toContain(field);
			}
		}
	);

	it("asks for the three partners' agreement on each joint decision, and only there", () => {
		const joint = WT2023_MOVES.filter((m) =>
			PARTNER_AGREEMENT_FIELDS.every((f) => m.requires.includes(f))
		).map((m) => m.key);
		expect(joint).toEqual([
			'notification_decision->not_notifiable',
			'panel_notified->rapid_review_sent',
			'panel_notified->not_notifiable',
			'lcspr_decision->lcspr_commissioned',
			'lcspr_decision->no_lcspr',
			'lcspr_commissioned->final_report_received',
			'final_report_received->publication_deferred'
		]);
	});
});
