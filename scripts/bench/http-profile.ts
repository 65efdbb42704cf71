// Where the time of one page goes over HTTP (docs/decisions/034): the built server runs under
// V8's sampling profiler (--cpu-prof) while 32 signed-in clients load the triage queue, and each
// sample is put down to the first part of the request its stack is in: the audit write, the
// session, the queries (drizzle and libSQL, the disk's flush included: libSQL's calls are
// synchronous), the render (Svelte), or the rest (HTTP, SvelteKit, tRPC).
//   npx tsx scripts/bench/http-profile.ts <seeded.db> [path] [port]
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server';
import { loadPage, sessions } from './http-pages';
import { DEMO_PERSONAS } from '../../src/lib/server/services/users/personas';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const PARTS: [string, (frame: ProfileNode['callFrame']) => boolean][] = [
	[
		'audit write',
		(f) => /recordAuditEvents|recordViewBy|writeGroup|hashAuditEvent/.test(f.functionName)
	],
	['session', (f) => /validateSessionToken|authenticate|sessionIdFromToken/.test(f.functionName)],
	// The only writes of a page view are its audit events' group COMMITs (the flush to disk).
	['COMMIT (the audit write)', (f) => f.functionName === 'commit'],
	['queries', (f) => /drizzle-orm|@libsql|libsql/.test(f.url)],
	// Svelte is bundled into the build's chunks: known render functions and component chunks.
	[
		'render',
		(f) =>
			/\.svelte\.js/.test(f.url) ||
			/^(render_response|#render|#open_render|_page|_layout|Layout|Root)$/.test(f.functionName)
	],
	['idle', (f) => f.functionName === '(idle)'],
	['garbage collection', (f) => f.functionName === '(garbage collector)']
];

/** Milliseconds of samples in each part, and the busiest functions. */
export function splitProfile(profile: Profile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const partOf = new Map<number, string>();
	const part = (id: number): string => {
		const known = partOf.get(id);
		if (known) return known;
		let found = 'other (HTTP, SvelteKit, tRPC)';
		// The outermost matching part wins from the innermost: walk up and keep the first match in
		// PARTS order, so a query run by the audit write counts as the audit write.
		const stack: ProfileNode['callFrame'][] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const node = byId.get(at);
			if (node) stack.push(node.callFrame);
		}
		for (const [name, test] of PARTS) {
			if (stack.some(test)) {
				found = name;
				break;
			}
		}
		partOf.set(id, found);
		return found;
	};
	const totals = new Map<string, number>();
	const self = new Map<string, number>();
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		const name = part(id);
		totals.set(name, (totals.get(name) ?? 0) + ms);
		const frame = byId.get(id)?.callFrame;
		const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.split('/').slice(-2).join('/') ?? ''}`;
		self.set(key, (self.get(key) ?? 0) + ms);
	});
	return {
		parts: [...totals].sort((a, b) => b[1] - a[1]),
		top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [seeded, path = '/unit/queue', port = '4656'] = process.argv.slice(2);
	if (!seeded) throw new Error('usage: http-profile.ts <seeded.db> [path] [port]');
	const dir = mkdtempSync(join(tmpdir(), 'safeguard-profile-'));
	const file = join(dir, 'profile.db');
	copyFileSync(seeded, file);
	copyFileSync(`${seeded}.receipt-key-secret`, `${file}.receipt-key-secret`);
	const url = `file:${file}`;
	const server = await startServer(['--cpu-prof', `--cpu-prof-dir=${dir}`, 'build'], Number(port), {
		ORIGIN: `http://localhost:${port}`,
		DATABASE_URL: url,
		REMINDERS_INTERVAL_MS: '0'
	});
	const pool = await sessions(server.origin, url, DEMO_PERSONAS.people.unit.email, 32);
	await loadPage(server.origin, path, 8, pool, 2);
	const run = await loadPage(server.origin, path, 32, pool, 10);
	await server.stop();
	const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!name) throw new Error('no profile written');
	const { parts, top } = splitProfile(JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profile);
	const busy = parts.filter(([n]) => n !== 'idle').reduce((sum, [, ms]) => sum + ms, 0);
	console.log(
		`${path}, 32 clients: ${run.perSecond.toFixed(0)} pages/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.errors} errors`
	);
	console.log(`CPU profile of the whole server process (sign-ins included), ${dir}/${name}:`);
	for (const [n, ms] of parts) {
		const share = n === 'idle' ? '' : ` (${((100 * ms) / busy).toFixed(0)} % of busy time)`;
		console.log(`  ${n.padEnd(32)} ${ms.toFixed(0).padStart(7)} ms${share}`);
	}
	console.log('Busiest functions (self time):');
	for (const [n, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${n}`);
}
