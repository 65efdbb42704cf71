import type { RequestHandler } from './$types';
import { exportWithoutNames } from '$lib/server/kit/report-exports';

export const GET: RequestHandler = (event) => exportWithoutNames(event, event.params.list);
