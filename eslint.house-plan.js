import boundaries from 'eslint-plugin-boundaries';

/*
 * The house plan (docs/decisions/015-house-plan.md), checked on every import: each kind of file
 * may import only from the kinds listed for it. A break fails `npm run lint`.
 */
const SERVER = 'src/lib/server';
const ELEMENTS = [
	{ type: 'domain', pattern: 'src/lib/domain/**' },
	{ type: 'errors', pattern: 'src/lib/errors.ts' },
	{ type: 'db', pattern: `${SERVER}/db/**` },
	{ type: 'auth', pattern: `${SERVER}/auth/**` },
	{ type: 'infra', pattern: `${SERVER}/infra/**` },
	{ type: 'services', pattern: `${SERVER}/services/**` },
	{ type: 'routers', pattern: `${SERVER}/trpc/routers/**` },
	{ type: 'trpc', pattern: `${SERVER}/trpc/*.ts` },
	{ type: 'kit', pattern: `${SERVER}/kit/**` },
	{ type: 'startup', pattern: `${SERVER}/startup.ts` },
	// SvelteKit's ambient types: what `event.locals` holds.
	{ type: 'app-types', pattern: 'src/app.d.ts' },
	{
		type: 'server-routes',
		pattern: [
			'src/routes/**/+page.server.ts',
			'src/routes/**/+layout.server.ts',
			'src/routes/**/+server.ts',
			'src/hooks.server.ts'
		]
	},
	{
		type: 'client',
		pattern: [
			'src/lib/client/**',
			'src/lib/components/**',
			'src/lib/api.ts',
			'src/sw.ts',
			'src/routes/**/*.svelte',
			'src/routes/**/+page.ts',
			'src/routes/**/+layout.ts'
		]
	}
];
// Matched against each file's whole path, so a pattern may name single files. ('full' is the
// plugin's older spelling; its newer `partialMatch: false` classifies folders only.)
const WHOLE_PATHS = ELEMENTS.map((element) => ({ ...element, mode: 'full' }));
/** `from` may import each of `to`. @param {string} from @param {...string} to */
const may = (from, ...to) => ({
	from: { element: { type: from } },
	allow: { to: { element: { types: { anyOf: to } } } }
});
/** @type {import('eslint').Linter.Config} */
export const layerRules = {
	plugins: { boundaries },
	settings: {
		'boundaries/elements': WHOLE_PATHS,
		'boundaries/include': ['src/**/*'],
		'boundaries/legacy-warnings': false,
		'import/resolver': {
			typescript: { project: './tsconfig.json', extensions: ['.ts', '.js', '.svelte'] }
		}
	},
	rules: {
		// Every file belongs to a layer: a new folder is placed in the plan before it is used.
		'boundaries/no-unknown-files': 'error',
		'boundaries/dependencies': [
			'error',
			{
				default: 'disallow',
				message:
					'The house plan does not let {{from.type}} import {{to.type}} (docs/decisions/015-house-plan.md).',
				policies: [
					// Pure rules: importable by everyone, importing nobody else's code.
					may('domain', 'domain', 'errors'),
					may('errors', 'domain'),
					may('infra', 'infra', 'domain', 'errors'),
					// The bottom layer knows no feature.
					may('db', 'db', 'infra', 'domain'),
					may('auth', 'auth', 'db', 'infra', 'domain', 'errors'),
					// Services: the only code that talks to the database; never SvelteKit or tRPC.
					may('services', 'services', 'db', 'auth', 'infra', 'domain', 'errors'),
					may('startup', 'db', 'services', 'infra', 'domain'),
					// Routers validate, authorise and call services; the database is not theirs.
					may('routers', 'trpc', 'services', 'auth', 'infra', 'domain', 'errors'),
					may('trpc', 'trpc', 'routers', 'startup', 'db', 'auth', 'infra', 'domain', 'errors'),
					may('kit', 'kit', 'trpc', 'services', 'startup', 'auth', 'infra', 'domain', 'errors'),
					// Routes reach everything through kit/ (the tRPC caller, the endpoint services).
					may('server-routes', 'kit', 'trpc', 'startup', 'infra', 'domain', 'errors'),
					may('app-types', 'auth', 'domain'),
					// What runs in the browser imports no server code.
					may('client', 'client', 'domain', 'errors'),
					// ...but for the router's type, which gives the browser's tRPC client its types.
					{
						from: { element: { type: 'client' } },
						allow: { to: { element: { type: 'trpc' } }, dependency: { kind: 'type' } }
					}
				]
			}
		]
	}
};
