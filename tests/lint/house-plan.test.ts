import { ESLint } from 'eslint';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layerRules } from '../../eslint.house-plan.js';

/*
 * The layer rules of docs/decisions/015-house-plan.md, tried on one import each: what the plan
 * forbids fails lint, and what it allows passes. Each import is linted as if it were written at
 * the top of a real file of that layer, so the rules see the same paths as `npm run lint`.
 */
const eslint = new ESLint({
	cwd: process.cwd(),
	overrideConfigFile: true,
	overrideConfig: [
		...svelte.configs.recommended,
		{ files: ['**/*.ts'], languageOptions: { parser: ts.parser } },
		{ files: ['**/*.svelte'], languageOptions: { parserOptions: { parser: ts.parser } } },
		{ files: ['src/**/*.ts', 'src/**/*.svelte'], ...layerRules }
	]
});

async function layerErrors(file: string, importLine: string): Promise<string[]> {
	const code = file.endsWith('.svelte')
		? `<script lang="ts">\n\t${importLine}\n</script>\n`
		: `${importLine}\n`;
	const results = await eslint.lintText(code, { filePath: file });
	return results
		.flatMap((r) => r.messages)
		.filter((m) => m.ruleId === 'boundaries/dependencies')
		.map((m) => m.message);
}

const FORBIDDEN: [rule: string, file: string, importLine: string][] = [
	[
		'domain imports nothing from server',
		'src/lib/domain/roles.ts',
		"import { log } from '$lib/server/infra/log';"
	],
	[
		'domain imports nothing from client',
		'src/lib/domain/reference.ts',
		"import { afterPaint } from '$lib/client/after-paint';"
	],
	[
		'client code imports no server code',
		'src/lib/client/after-paint.ts',
		"import { problem } from '$lib/server/infra/problem';"
	],
	[
		'a component imports no server code',
		'src/lib/components/Banner.svelte',
		"import { appDatabase } from '$lib/server/startup';"
	],
	[
		'a page component imports no server code',
		'src/routes/(chair)/chair/+page.svelte',
		"import { requireRole } from '$lib/server/kit/guards';"
	],
	[
		'routes never import db/',
		'src/routes/(chair)/chair/+page.server.ts',
		"import { cases } from '$lib/server/db/schema';"
	],
	[
		'an endpoint never imports db/',
		'src/routes/api/receipt-key/+server.ts',
		"import { openDatabase } from '$lib/server/db';"
	],
	[
		'routes reach services only through kit/',
		'src/routes/(agency)/agency/+page.server.ts',
		"import { listAgencyRequests } from '$lib/server/services/agency/short-reports';"
	],
	[
		'routers never import db/',
		'src/lib/server/trpc/routers/users.ts',
		"import { users } from '$lib/server/db/schema';"
	],
	[
		'services import no kit/',
		'src/lib/server/services/audit.ts',
		"import { requireRole } from '$lib/server/kit/guards';"
	],
	[
		'services import no trpc/',
		'src/lib/server/services/references.ts',
		"import { router } from '$lib/server/trpc/trpc';"
	],
	[
		'db/ knows no feature',
		'src/lib/server/db/transaction.ts',
		"import { recordAudit } from '$lib/server/services/audit';"
	],
	[
		'db/ knows no session',
		'src/lib/server/db/index.ts',
		"import { sessionReaderOf } from '../auth/session-reader';"
	]
];

const ALLOWED: [rule: string, file: string, importLine: string][] = [
	[
		'a service uses the database',
		'src/lib/server/services/audit.ts',
		"import { auditEvents } from '$lib/server/db/schema';"
	],
	[
		'a route uses kit/',
		'src/routes/(chair)/chair/+page.server.ts',
		"import { serverCaller } from '$lib/server/kit/guards';"
	],
	[
		'a router calls a service',
		'src/lib/server/trpc/routers/users.ts',
		"import { findAgencies } from '$lib/server/services/users/directory';"
	],
	[
		'a page uses the domain',
		'src/routes/(chair)/chair/+page.svelte',
		"import { formatIsoDate } from '$lib/domain/calendar/date-format';"
	],
	[
		"the browser's tRPC client takes the router's type",
		'src/lib/api.ts',
		"import type { AppRouter } from '$lib/server/trpc/root';"
	]
];

describe('the house plan (docs/decisions/015-house-plan.md)', () => {
	it.each(FORBIDDEN)('refuses a break of "%s"', async (_rule, file, importLine) => {
		const errors = await layerErrors(file, importLine);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(/^The house plan does not let \S+ import \S+/);
	});

	it.each(ALLOWED)('allows "%s"', async (_rule, file, importLine) => {
		expect(await layerErrors(file, importLine)).toEqual([]);
	});

	it("refuses the browser's tRPC client a value import of the router", async () => {
		const errors = await layerErrors(
			'src/lib/api.ts',
			"import { appRouter } from '$lib/server/trpc/root';"
		);
		expect(errors).toHaveLength(1);
	});
});
