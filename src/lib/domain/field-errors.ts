import type { $ZodIssueBase } from 'zod/v4/core';
import type { FieldErrors } from '$lib/errors';

/** What is read of a zod issue: classic zod's and zod/mini's issues both have it. */
export type FieldIssue = Pick<$ZodIssueBase, 'path' | 'message'>;

/**
 * zod issues → { 'children.0.name': 'Enter the child's full name' }, first message per field.
 * `under` drops a leading path segment, so errors in `{ id, form }` read as the form's own
 * field paths (what the page's error summary links to); `id` keeps its name. An issue about the
 * input as a whole is filed under `whole`. Only types come from zod, so a page may use this
 * without bundling it.
 */
export function fieldErrorsFrom(
	error: { readonly issues: readonly FieldIssue[] },
	{ under, whole = '_form' }: { under?: string; whole?: string } = {}
): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const path = issue.path.map(String);
		const key = (under !== undefined && path[0] === under ? path.slice(1) : path).join('.');
		out[key || whole] ??= issue.message;
	}
	return out;
}
