/** A text field from a posted form: '' when missing or when a file was sent instead. */
export function formText(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}
