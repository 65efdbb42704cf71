import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import {
	addMilestone,
	addPanelMember,
	appointIndependentPerson,
	getMeeting,
	listMeetings,
	recordMeeting,
	recordOfstedDispatch,
	recordSpecialistOpinion,
	reviewWork,
	saveDocumentVersion
} from '$lib/server/services/review/panel-and-meetings';
import {
	documentVersionInput,
	independentAppointmentInput,
	meetingInput,
	milestoneInput,
	ofstedDispatchInput,
	panelMemberInput,
	specialistOpinionInput
} from '$lib/domain/review/review-work';
import { optionalTextField } from '$lib/domain/case/payload-fields';

// The review as work (§13.7–§13.14, docs/decisions/027): the Unit records, the Chair reads
// everything read-only, agencies and practitioners are refused by role.
const unitOrChair = rolesProcedure('unit', 'chair');
const unit = rolesProcedure('unit');

const caseId = z.uuid('Enter a valid case identifier');
const target = {
	id: caseId,
	version: z.number({ error: 'Reload the case and try again' }).int().min(1)
};

export const panelRouter = router({
	work: unitOrChair
		.input(z.object({ id: caseId }))
		.query(({ ctx, input }) => reviewWork(ctx.db, ctx.user, input.id)),

	meetings: unitOrChair
		.input(z.object({ id: caseId }))
		.query(({ ctx, input }) => listMeetings(ctx.db, ctx.user, input.id)),

	meeting: unitOrChair
		.input(z.object({ id: caseId, meetingId: z.uuid('Select a meeting from the list') }))
		.query(({ ctx, input }) => getMeeting(ctx.db, ctx.user, input)),

	appointIndependent: unit
		.input(independentAppointmentInput.extend(target))
		.mutation(({ ctx, input }) => appointIndependentPerson(ctx.db, ctx.user, input)),

	addMember: unit
		.input(panelMemberInput.extend(target))
		.mutation(({ ctx, input }) => addPanelMember(ctx.db, ctx.user, input)),

	addMilestone: unit
		.input(milestoneInput.extend(target))
		.mutation(({ ctx, input }) => addMilestone(ctx.db, ctx.user, input)),

	recordSpecialistOpinion: unit
		.input(specialistOpinionInput.extend(target))
		.mutation(({ ctx, input }) => recordSpecialistOpinion(ctx.db, ctx.user, input)),

	recordMeeting: unit
		.input(meetingInput.extend({ ...target, minutes: optionalTextField('the minutes', 200_000) }))
		.mutation(({ ctx, input }) => recordMeeting(ctx.db, ctx.user, input)),

	saveDocumentVersion: unit
		.input(documentVersionInput.extend(target))
		.mutation(({ ctx, input }) => saveDocumentVersion(ctx.db, ctx.user, input)),

	recordOfstedDispatch: unit
		.input(ofstedDispatchInput.extend(target))
		.mutation(({ ctx, input }) => recordOfstedDispatch(ctx.db, ctx.user, input))
});
