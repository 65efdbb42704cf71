/** 'children.0.name' → 'children-0-name': the id of the input an error path belongs to. */
export function fieldId(path: string): string {
	return path.replace(/[^a-zA-Z0-9]+/g, '-');
}
