import { api, describeApiError } from '$lib/api';
import { AnswerRefused, type AgencyTransport } from './agency-outbox';
import { TransportError } from './outbox';
import { withoutBlankContacts, type ShortReportDraft } from '$lib/domain/agency/short-report-draft';
import type { ShortReportInput } from '$lib/domain/agency/short-report';

// How the agency's outbox sends an answer (docs/decisions/032): through the same tRPC procedures
// the page's form actions call. Its files go first, by tus (agency-outbox-tus.ts). Loaded only by
// the agency's pages, never by the notification form's.

/** Maps what a call threw onto what the outbox decides: try later, or ask the agency. */
function asOutboxError(error: unknown): Error {
	const { code, message, fieldErrors } = describeApiError(error);
	if (code === 'NETWORK') return new TransportError('network', message);
	if (code === 'INTERNAL') return new TransportError('server', message);
	if (code === 'SESSION_REVOKED') return new TransportError('revoked', message);
	if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') {
		return new TransportError('expired', message);
	}
	// The page names fields as the form does: 'report.author.name' → 'author.name'.
	const named = Object.fromEntries(
		Object.entries(fieldErrors).map(([path, text]) => [path.replace(/^report\./, ''), text])
	);
	return new AnswerRefused(message, named);
}

export function agencyTransport(): AgencyTransport {
	return {
		async send(clientId, answer, attachmentIds) {
			const { requestId } = answer;
			try {
				if (answer.kind === 'nil') {
					const author = answer.nil?.author ?? { name: '', role: '' };
					return (await api.agency.nilReturn.mutate({ requestId, clientId, author, confirm: true }))
						.receipt;
				}
				const report = withoutBlankContacts(answer.report as ShortReportDraft) as ShortReportInput;
				const base = { requestId, clientId, report, attachmentIds };
				const sent =
					answer.kind === 'correction'
						? await api.agency.correctReport.mutate({
								...base,
								correctsId: answer.correctsId ?? ''
							})
						: await api.agency.submitReport.mutate(base);
				return sent.receipt;
			} catch (error) {
				throw asOutboxError(error);
			}
		}
	};
}
