// Small pieces of English shared by messages and summaries.

/** 'the date of the meeting' → 'The date of the meeting'. */
export function capitalise(phrase: string): string {
	return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** ['a', 'b', 'c'] → 'a, b and c' (or 'a, b or c'). */
export function listInWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1) ?? ''}`;
}
