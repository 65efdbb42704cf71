/**
 * Attendees who are not users of the app, typed one a line as "Name, Organisation" (the
 * organisation optional): what the meeting form sends.
 */
export function othersFromLines(text: string): { name: string; organisation?: string }[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.map((line) => {
			const comma = line.indexOf(',');
			if (comma < 0) return { name: line };
			const organisation = line.slice(comma + 1).trim();
			return organisation
				? { name: line.slice(0, comma).trim(), organisation }
				: { name: line.slice(0, comma).trim() };
		});
}
