import { json } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { attachmentsFor } from '$lib/server/kit/endpoint-services';
import { Problem } from '$lib/server/infra/problem';
import { ERRORS } from '$lib/errors';

/**
 * Downloads an attachment: the Unit any, an agency only its own, the Chair any sent with a short
 * report; anyone else is told it does not exist. Always as a download with the type checked at upload, never rendered in the page.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) {
		return json(
			{ error: { code: 'UNAUTHENTICATED', message: ERRORS.UNAUTHENTICATED.message } },
			{ status: 401 }
		);
	}
	const attachments = await attachmentsFor(locals.user);
	try {
		const { attachment, bytes } = await attachments.open(params.id);
		const ascii = attachment.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
		return new Response(bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'Content-Type': attachment.mime,
				'Content-Length': String(bytes.byteLength),
				'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
				'X-Content-Type-Options': 'nosniff',
				'Cache-Control': 'no-store'
			}
		});
	} catch (error) {
		const cause = error instanceof TRPCError ? error.cause : undefined;
		if (cause instanceof Problem && cause.code === 'NOT_FOUND') {
			return json(
				{ error: { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message } },
				{ status: 404 }
			);
		}
		throw error;
	}
};
