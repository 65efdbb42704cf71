import type { RequestHandler } from './$types';
import { exportWithNames } from '$lib/server/kit/report-exports';

export const POST: RequestHandler = (event) => exportWithNames(event);
