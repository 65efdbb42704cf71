import { z } from 'zod';
import {
	EXPORT_LIST_IDS,
	EXPORT_LISTS,
	REASON_MAX,
	REASON_MIN,
	type ExportListId
} from './export-lists';

export {
	CHILD_NAME_COLUMN,
	EXPORT_LIST_IDS,
	EXPORT_LISTS,
	REASON_MAX,
	REASON_MIN
} from './export-lists';
export type { ExportList, ExportListId } from './export-lists';

/*
 * The lists the Unit and the Chair can download (§13.20: a database "to allow the Performance Sub
 * Group to monitor and evaluate trends"). Children's names are a column only when asked for with
 * a reason, which is recorded with the download (docs/decisions/025).
 */

/** What a download asks for. A reason is needed, and kept, only with the children's names. */
export const exportRequestSchema = z
	.object({
		list: z.enum(EXPORT_LIST_IDS, { error: 'Choose a list to download' }),
		childNames: z.boolean().default(false),
		reason: z
			.string()
			.trim()
			.max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`)
			.optional()
	})
	.superRefine((input, ctx) => {
		if (!input.childNames) return;
		if (!EXPORT_LISTS.find((l) => l.id === input.list)?.hasChildNames) {
			ctx.addIssue({
				code: 'custom',
				path: ['list'],
				message: 'This list has no children’s names'
			});
		}
		if ((input.reason ?? '').length < REASON_MIN) {
			ctx.addIssue({
				code: 'custom',
				path: ['reason'],
				message: `Enter why you need the children's names, in at least ${REASON_MIN} characters`
			});
		}
	});
export type ExportRequest = z.output<typeof exportRequestSchema>;

/** The file's name: the list and the day, never anything about a child. */
export function exportFileName(list: ExportListId, today: string): string {
	return `safeguard-${list}-${today}.csv`;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or return first) is written
 * with a leading apostrophe, so text someone typed into a form cannot act when the file is opened
 * (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The errors a refused download sends back to the dashboard, by code (never the reason typed). */
export const EXPORT_ERROR_MESSAGES = {
	reason: `Enter why you need the children's names, in at least ${REASON_MIN} characters`,
	list: 'Choose a list that holds children’s names'
} as const;
export type ExportErrorCode = keyof typeof EXPORT_ERROR_MESSAGES;
