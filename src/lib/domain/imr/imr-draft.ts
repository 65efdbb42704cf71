// An IMR as the agency's page holds it while it is written, and its limits: apart from the
// IMR's zod schema (imr.ts), which only the server runs, so the page does not bundle zod
// (docs/decisions/013-zod-mini-on-the-client.md).

export const IMR_TEXT_MAX = 20000;
export const CHRONOLOGY_TEXT_MAX = 2000;
export const MAX_CHRONOLOGY_ENTRIES = 200;

export interface ChronologyEntryDraft {
	date: string;
	event: string;
	source: string;
	significance: string;
}

/** What the page holds while the IMR is written: every field a string, the chronology a list. */
export interface ImrDraft {
	author: { name: string; role: string };
	chronology: ChronologyEntryDraft[];
	analysis: string;
	recommendations: string;
	/** Ticked once the senior manager has signed the IMR off (§13.9). */
	signedOff: boolean;
	signOff: { name: string; role: string; signedOffOn: string };
}

export function emptyChronologyEntry(): ChronologyEntryDraft {
	return { date: '', event: '', source: '', significance: '' };
}

export function emptyImr(): ImrDraft {
	return {
		author: { name: '', role: '' },
		chronology: [emptyChronologyEntry()],
		analysis: '',
		recommendations: '',
		signedOff: false,
		signOff: { name: '', role: '', signedOffOn: '' }
	};
}

/** The posted form as a draft: blank chronology rows dropped, fields named as the schema names them. */
export function imrFromForm(data: FormData): ImrDraft {
	const read = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	const chronology: ChronologyEntryDraft[] = [];
	for (let i = 0; i < MAX_CHRONOLOGY_ENTRIES + 1; i += 1) {
		if (!data.has(`chronology.${i}.date`) && !data.has(`chronology.${i}.event`)) break;
		const entry = {
			date: read(`chronology.${i}.date`),
			event: read(`chronology.${i}.event`),
			source: read(`chronology.${i}.source`),
			significance: read(`chronology.${i}.significance`)
		};
		// A row left wholly blank is not an entry: people add a row and then change their mind.
		if (Object.values(entry).some((v) => v.trim() !== '')) chronology.push(entry);
	}
	return {
		author: { name: read('author.name'), role: read('author.role') },
		chronology,
		analysis: read('analysis'),
		recommendations: read('recommendations'),
		signedOff: read('signedOff') === 'yes',
		signOff: {
			name: read('signOff.name'),
			role: read('signOff.role'),
			signedOffOn: read('signOff.signedOffOn')
		}
	};
}
