// The lists the Unit and the Chair can download, without zod, so the pages that offer them carry
// no schema code (the request's schema is exports.ts, used on the server).

export const EXPORT_LIST_IDS = ['queue', 'cases', 'clocks', 'requests', 'action-plan'] as const;
export type ExportListId = (typeof EXPORT_LIST_IDS)[number];

export interface ExportList {
	id: ExportListId;
	title: string;
	/** Whether the list can carry the children's names at all. */
	hasChildNames: boolean;
}

export const EXPORT_LISTS: readonly ExportList[] = [
	{ id: 'queue', title: 'Triage queue', hasChildNames: true },
	{ id: 'cases', title: 'Cases', hasChildNames: true },
	{ id: 'clocks', title: 'Deadlines of every case', hasChildNames: false },
	{ id: 'requests', title: 'Short report requests', hasChildNames: false },
	{ id: 'action-plan', title: 'Action plan items', hasChildNames: false }
];

export const CHILD_NAME_COLUMN = 'First child named';
export const REASON_MIN = 10;
export const REASON_MAX = 500;
