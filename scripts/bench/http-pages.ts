import { copyFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import type { LoadResult } from './ingest';
import { residentMb, startServer } from './server';
import { seedDatabase, type SeedCounts } from './seed';
import { openDatabase } from '../../src/lib/server/db';
import { DEMO_PERSONAS, PERSONA_AGENCIES } from '../../src/lib/server/services/users/personas';
import { SECOND_FACTOR_ROLES, totpCodeAt, totpStep } from '../../src/lib/domain/second-factor';

// Pages as a person gets them: over HTTP from the built server, each client signed in with a
// session of its own, on the seeded 100,000 notifications and 20,000 cases. Each request pays
// for the session lookup, the page's queries, the render and the audit event of the view
// (docs/decisions/034). The agency's pages render in the browser from the API (decision 029), so
// their rows time the API call that fills them.

const COUNTS: SeedCounts = { notifications: 100_000, cases: 20_000 };
const CLIENTS = [1, 8, 32];
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
/** Requests with a body of interest, at most as many as this (the case page's agencies). */
const REQUESTED_CASES = 40;

export interface HttpPageRun extends LoadResult {
	page: string;
}

export interface HttpPagesFigures {
	seeded: string;
	runs: HttpPageRun[];
	/** Bytes of one response of each page (HTML, or the API's JSON for the agency's pages). */
	bytes: Record<string, number>;
	/** How long the first request of each page took, alone, before the load. */
	firstMs: Record<string, number>;
	rssMb: number;
}

export interface Session {
	cookie: string;
}

function cookiesOf(response: Response): string[] {
	return response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
}

/** Resets the demo account's code replay guard, as 30 seconds passing would (the e2e helper). */
async function allowNextCode(url: string, email: string) {
	const client = createClient({ url });
	try {
		await client.execute('PRAGMA busy_timeout = 5000');
		await client.execute({
			sql: `UPDATE second_factors SET last_used_step = NULL
				WHERE user_id = (SELECT id FROM users WHERE email = ?)`,
			args: [email]
		});
	} finally {
		client.close();
	}
}

/** A new session for a demo persona, through the sign-in and, for its role, the code step. */
export async function signInSession(origin: string, url: string, email: string): Promise<Session> {
	const post = (procedure: string, body: unknown, cookie = '') =>
		fetch(`${origin}/api/trpc/${procedure}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(body)
		});
	const first = await post('auth.signIn', { email, password: DEMO_PERSONAS.password });
	if (!first.ok) throw new Error(`sign-in failed: ${first.status}`);
	let cookies = cookiesOf(first);
	const persona = Object.values(DEMO_PERSONAS.people).find((p) => p.email === email);
	if (persona && SECOND_FACTOR_ROLES.includes(persona.role)) {
		await allowNextCode(url, email);
		const code = totpCodeAt(DEMO_PERSONAS.totpSecret, totpStep(new Date()));
		const second = await post('auth.secondFactor', { code }, cookies.join('; '));
		if (!second.ok) throw new Error(`code step failed: ${second.status}`);
		cookies = [...cookies, ...cookiesOf(second)];
	}
	const session = cookies.filter((c) => c.startsWith('session=')).at(-1);
	if (!session) throw new Error(`no session for ${email}`);
	return { cookie: session };
}

export async function sessions(origin: string, url: string, email: string, count: number) {
	const made: Session[] = [];
	for (let i = 0; i < count; i++) made.push(await signInSession(origin, url, email));
	return made;
}

/**
 * GETs `path` from `clients` connections for SECONDS, each connection with its own session.
 * Everything but a 2xx counts as an error.
 */
export async function loadPage(
	origin: string,
	path: string,
	clients: number,
	pool: readonly Session[],
	seconds = SECONDS
): Promise<LoadResult> {
	let next = 0;
	const result = await autocannon({
		url: `${origin}${path}`,
		connections: clients,
		duration: seconds,
		timeout: 30,
		initialContext: {},
		requests: [
			{
				method: 'GET',
				setupRequest: (request, context) => {
					const own = context as { cookie?: string };
					own.cookie ??= pool[next++ % pool.length]?.cookie;
					return { ...request, headers: { ...request.headers, cookie: own.cookie ?? '' } };
				}
			}
		]
	});
	const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
	const ok = result['2xx'];
	const requests = result.requests.total;
	return {
		clients,
		requests,
		ok,
		errors: requests - ok + result.errors + result.timeouts,
		perSecond: ok / elapsed,
		p50: result.latency.p50,
		p99: result.latency.p99
	};
}

async function apiGet<T>(origin: string, session: Session, path: string): Promise<T> {
	const response = await fetch(`${origin}${path}`, { headers: { cookie: session.cookie } });
	const body = (await response.json()) as { result?: { data?: T }; error?: unknown };
	if (!response.ok) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
	return body.result?.data as T;
}

async function trpc<T>(origin: string, session: Session, procedure: string, input: unknown) {
	const response = await fetch(`${origin}/api/trpc/${procedure}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: session.cookie },
		body: JSON.stringify(input)
	});
	const body = (await response.json()) as { result?: { data?: T }; error?: unknown };
	if (!response.ok) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
	return body.result?.data as T;
}

/**
 * Seeds `file`, starts the built app on it and times each page with 1, 8 and 32 signed-in
 * clients. Short report requests to the demo agency are made first through the API, so the
 * agency's inbox and request page have something to show.
 */
export async function benchHttpPages(port: number, file: string): Promise<HttpPagesFigures> {
	const url = `file:${file}`;
	const seedStart = performance.now();
	// BENCH_HTTP_SEEDED=<file> starts from a copy of a database seeded before (`npx tsx
	// scripts/bench/seed.ts file:<file>`), with the secret kept beside it: seeding takes minutes.
	const seededFile = process.env.BENCH_HTTP_SEEDED;
	if (seededFile) {
		copyFileSync(seededFile, file);
		copyFileSync(`${seededFile}.receipt-key-secret`, `${file}.receipt-key-secret`);
	}
	const seededDb = seededFile ? await openDatabase(url) : await seedDatabase(url, COUNTS);
	const seedSeconds = (performance.now() - seedStart) / 1000;
	const gathering = await seededDb.client.execute({
		sql: `SELECT id, version FROM cases WHERE state = 'gathering' ORDER BY id LIMIT ?`,
		args: [REQUESTED_CASES]
	});
	seededDb.client.close();

	const server = await startServer(['build'], port, {
		ORIGIN: `http://localhost:${port}`,
		// Not SAFEGUARD_DEMO: the seed made the demo accounts, with the bench's own beside them.
		DATABASE_URL: url,
		// The reminders' minute run reads every case and notification: on this seed it holds the
		// one connection for seconds and grows the server past 1 GB (decision 034). It is measured
		// apart (BENCH_HTTP_REMINDERS=1 runs it), so these rows time the pages alone.
		REMINDERS_INTERVAL_MS: process.env.BENCH_HTTP_REMINDERS === '1' ? '60000' : '0'
	});
	try {
		const { origin } = server;
		const people = DEMO_PERSONAS.people;
		const max = Math.max(...CLIENTS);
		const unit = await sessions(origin, url, people.unit.email, max);
		const agency = await sessions(origin, url, people.agency.email, max);
		const unitOne = unit[0] as Session;
		const agencies = await apiGet<{ id: string; name: string }[]>(
			origin,
			unitOne,
			'/api/trpc/agencies.list'
		);
		const police = agencies.find((a) => a.name === PERSONA_AGENCIES.police.name);
		if (!police) throw new Error('no demo police agency');
		for (const row of gathering.rows) {
			// Refused on a copy where an earlier run made the requests already: those stand.
			await trpc(origin, unitOne, 'cases.requestShortReports', {
				id: row.id,
				version: Number(row.version),
				agencyIds: [police.id]
			}).catch(() => undefined);
		}
		const first = gathering.rows[0]?.id;
		const casePageId = typeof first === 'string' ? first : '';
		const listed = await apiGet<{ id: string }[]>(
			origin,
			agency[0] as Session,
			'/api/trpc/agency.requests'
		);
		const requestId = listed[0]?.id ?? '';

		const pages: [string, string, Session[]][] = [
			['triage queue (/unit/queue)', '/unit/queue', unit],
			['cases list (/unit/cases)', '/unit/cases', unit],
			['case page (/cases/:id)', `/cases/${casePageId}`, unit],
			['agency inbox (agency.requests)', '/api/trpc/agency.requests', agency],
			[
				'request page (agency.request)',
				`/api/trpc/agency.request?input=${encodeURIComponent(JSON.stringify({ id: requestId }))}`,
				agency
			],
			['dashboard (/reports, the last 12 months)', '/reports', unit]
		];
		const bytes: Record<string, number> = {};
		const firstMs: Record<string, number> = {};
		const runs: HttpPageRun[] = [];
		// BENCH_HTTP_PAGES=queue,case picks pages by a word of their name (while working on one).
		const picked = process.env.BENCH_HTTP_PAGES?.split(',');
		for (const [page, path, pool] of pages) {
			if (picked && !picked.some((word) => page.includes(word))) continue;
			const started = performance.now();
			const one = await fetch(`${origin}${path}`, { headers: { cookie: pool[0]?.cookie ?? '' } });
			if (!one.ok) throw new Error(`${page}: ${one.status}`);
			bytes[page] = (await one.arrayBuffer()).byteLength;
			firstMs[page] = performance.now() - started;
			// Warm the page's statements and the JIT before timing it.
			await loadPage(origin, path, 8, pool, 1);
			for (const clients of CLIENTS) {
				runs.push({ page, ...(await loadPage(origin, path, clients, pool)) });
			}
		}
		return {
			seeded: seededFile
				? `copied from ${seededFile}`
				: `${COUNTS.notifications} notifications, ${COUNTS.cases} cases in ${seedSeconds.toFixed(1)} s`,
			runs,
			bytes,
			firstMs,
			rssMb: residentMb(server.process.pid ?? 0)
		};
	} finally {
		await server.stop();
	}
}
