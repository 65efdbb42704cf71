import { describe, expect, it } from 'vitest';
import { areaKey, leadLscb, partnerLscbs } from './lead-authority';
import { leadAuthorityInput } from './lead-authority-input';
import { cdopNeeded, reportsChildDeath } from './cdop';

describe('the lead LSCB (§13.3, §13.4)', () => {
	it('is where the child normally lives, unless the child is looked after', () => {
		const lives = { childLivesIn: 'North Yorkshire', responsibleAuthority: 'Leeds' };
		expect(leadLscb({ ...lives, lookedAfter: false })).toBe('North Yorkshire');
		expect(leadLscb({ ...lives, lookedAfter: true })).toBe('Leeds');
	});

	it('compares areas without case, spacing or a trailing "LSCB"', () => {
		expect(areaKey('  North   Yorkshire LSCB ')).toBe(areaKey('north yorkshire'));
		expect(partnerLscbs('Leeds', ['leeds lscb', 'York', 'york ', ''])).toEqual(['York']);
	});

	it('keeps a responsible authority only for a looked-after child', () => {
		expect(
			leadAuthorityInput.parse({
				childLivesIn: 'North Yorkshire',
				lookedAfter: 'no',
				responsibleAuthority: 'Leeds',
				partnerLscbs: ['Leeds']
			})
		).toEqual({
			childLivesIn: 'North Yorkshire',
			lookedAfter: false,
			responsibleAuthority: null,
			partnerLscbs: ['Leeds']
		});
		expect(
			leadAuthorityInput.safeParse({ childLivesIn: 'North Yorkshire', lookedAfter: 'yes' }).success
		).toBe(false);
	});
});

describe('CDOP (§13.5)', () => {
	it('is told of a death by its type or its §13.20 category, or in a case classed as a death', () => {
		expect(reportsChildDeath({ incidentType: 'death' })).toBe(true);
		expect(
			reportsChildDeath({
				incidentType: 'serious_incident',
				seriousIncidentCategory: 'accommodated_death'
			})
		).toBe(true);
		expect(reportsChildDeath({ incidentType: 'looked_after' })).toBe(false);
		expect(cdopNeeded({ incidentType: 'looked_after' }, 'child_death')).toBe(true);
		expect(cdopNeeded({ incidentType: 'serious_harm' }, 'serious_harm')).toBe(false);
	});
});
