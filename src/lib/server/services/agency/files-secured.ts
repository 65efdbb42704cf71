import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { filesSecuredInstructions, shortReportRequests } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { problem } from '$lib/server/infra/problem';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { factsByCase, type RequestFacts } from './short-reports';

// The agency side of the files-secured instruction (§13.5). An agency sees every instruction to
// its own agency, whether or not it was also asked for a short report: on the route straight to
// the Chair it is told to secure its files and asked for nothing else, and this is how it learns
// of it, and later of the rescind. Another agency's instruction, or a guessed id, is NOT_FOUND.

export interface AgencyFilesSecuredRow extends RequestFacts {
	id: string;
	instructedOn: IsoDate;
	acknowledgedOn: IsoDate | null;
	rescindedOn: IsoDate | null;
	/** The agency's short report request on the same case, if it has one, to link to. */
	requestId: string | null;
}

/** The caller's agency's instructions: those still in force first, newest first in each group. */
export async function listAgencyFilesSecured(
	db: Db,
	user: SessionUser,
	now = new Date()
): Promise<AgencyFilesSecuredRow[]> {
	if (user.role !== 'agency') throw problem('FORBIDDEN_ROLE');
	if (!user.agencyId) return [];
	const agencyId = user.agencyId;
	return db.transaction(async (tx) => {
		const records = await tx
			.select({
				id: filesSecuredInstructions.id,
				caseId: filesSecuredInstructions.caseId,
				instructedOn: filesSecuredInstructions.instructedOn,
				acknowledgedOn: filesSecuredInstructions.acknowledgedOn,
				rescindedOn: filesSecuredInstructions.rescindedOn
			})
			.from(filesSecuredInstructions)
			.where(eq(filesSecuredInstructions.agencyId, agencyId));
		const requests = await tx
			.select({ id: shortReportRequests.id, caseId: shortReportRequests.caseId })
			.from(shortReportRequests)
			.where(
				and(eq(shortReportRequests.agencyId, agencyId), ne(shortReportRequests.status, 'withdrawn'))
			);
		const requestByCase = new Map(requests.map((r) => [r.caseId, r.id]));
		const facts = await factsByCase(tx, [...new Set(records.map((r) => r.caseId))]);
		const rows = records.map(({ caseId, ...record }) => {
			const f = facts.get(caseId);
			return {
				...record,
				requestId: requestByCase.get(caseId) ?? null,
				caseReference: f?.caseReference ?? '',
				children: f?.children ?? [],
				locations: f?.locations ?? [],
				incidentDates: f?.incidentDates ?? []
			};
		});
		rows.sort((a, b) => {
			const inForce = Number(a.rescindedOn !== null) - Number(b.rescindedOn !== null);
			if (inForce !== 0) return inForce;
			return a.instructedOn < b.instructedOn ? 1 : a.instructedOn > b.instructedOn ? -1 : 0;
		});
		await recordAuditBy(tx, user, now, {
			action: 'agency.files_secured_viewed',
			recordType: 'agency',
			recordId: agencyId,
			detail: { instructionIds: rows.map((r) => r.id) }
		});
		return rows;
	});
}

/**
 * Records that the agency has secured its files as instructed (§13.5): from its inbox, or from a
 * short report request on the same case. Idempotent: a second confirmation changes nothing and
 * records nothing. Refused once the instruction has been rescinded.
 */
export async function acknowledgeFilesSecured(
	db: Db,
	user: SessionUser,
	instructionId: string,
	now = new Date()
): Promise<{ acknowledgedOn: IsoDate }> {
	if (user.role !== 'agency') throw problem('FORBIDDEN_ROLE');
	return db.transaction(async (tx) => {
		const [instruction] = await tx
			.select()
			.from(filesSecuredInstructions)
			.where(eq(filesSecuredInstructions.id, instructionId));
		if (!instruction || !user.agencyId || instruction.agencyId !== user.agencyId) {
			throw problem('NOT_FOUND');
		}
		if (instruction.rescindedOn) {
			throw problem('INVALID_INPUT', {
				_form:
					'The instruction to secure your files for this case was rescinded: there is nothing to confirm.'
			});
		}
		if (instruction.acknowledgedOn) return { acknowledgedOn: instruction.acknowledgedOn };
		const acknowledgedOn = todayIso(now);
		await tx
			.update(filesSecuredInstructions)
			.set({ acknowledgedOn })
			.where(eq(filesSecuredInstructions.id, instruction.id));
		await recordAuditBy(tx, user, now, {
			action: 'files_secured.acknowledged',
			recordType: 'case',
			recordId: instruction.caseId,
			detail: { instructionId: instruction.id, agencyId: instruction.agencyId, acknowledgedOn }
		});
		return { acknowledgedOn };
	});
}
