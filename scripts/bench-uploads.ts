// `npm run bench:uploads`: the built server's resident memory before, at its peak during, and
// after six concurrent 45 MB short-report posts (three 15 MB PDFs each), as an agency sends them
// from the request page. Issue 15 found six concurrent 50 MB bodies took the server from 239 MB
// to 822 MB when bodies were read whole; files now go to disk as they arrive (decision 018).
// A benchmark, not a test: it prints figures and asserts nothing.
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { DEMO_PERSONAS } from '../src/lib/server/services/users/personas';
import { signIn } from './bench/browser';

const PORT = Number(process.env.BENCH_PORT ?? 4391);
const POSTS = 6;
const FILE_BYTES = 15 * 1024 * 1024;
const FILES = 3;
const origin = `http://localhost:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'safeguard-bench-uploads-'));
const MB = 1024 * 1024;

const server = spawn(process.execPath, ['build'], {
	env: {
		...process.env,
		PORT: String(PORT),
		// As `npm start` sets it: the largest upload (a 50 MB report).
		BODY_SIZE_LIMIT: '52M',
		ORIGIN: origin,
		DATABASE_URL: `file:${join(dir, 'bench.db')}`,
		ATTACHMENTS_DIR: join(dir, 'attachments'),
		SAFEGUARD_DEMO: '1'
	},
	stdio: ['ignore', 'pipe', 'inherit']
});
await new Promise<void>((resolve, reject) => {
	server.stdout.on('data', (chunk: Buffer) => {
		if (String(chunk).includes('Listening')) resolve();
	});
	server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

/** The server's resident memory, from the kernel's account of the process. */
function rss(): number {
	const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** One post's body, made as it is sent: three PDFs of 15 MB, each its own content. */
function reportBody(boundary: string): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	function* pieces() {
		yield encoder.encode(
			`--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${uuidv7()}\r\n`
		);
		for (let f = 0; f < FILES; f++) {
			yield encoder.encode(
				`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="file-${f}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`
			);
			for (let sent = 0; sent < FILE_BYTES; sent += 256 * 1024) {
				const chunk = new Uint8Array(256 * 1024).fill(0x20);
				if (sent === 0) chunk.set(encoder.encode(`%PDF-1.4\n% ${uuidv7()}\n`));
				yield chunk;
			}
			yield encoder.encode('\r\n');
		}
		yield encoder.encode(`--${boundary}--\r\n`);
	}
	const source = pieces();
	return new ReadableStream({
		pull(controller) {
			const next = source.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		}
	});
}

const length = (boundary: string) => {
	let total = 0;
	const encoder = new TextEncoder();
	total += encoder.encode(
		`--${boundary}\r\nContent-Disposition: form-data; name="clientId"\r\n\r\n${uuidv7()}\r\n`
	).byteLength;
	for (let f = 0; f < FILES; f++) {
		total += encoder.encode(
			`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="file-${f}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`
		).byteLength;
		total += FILE_BYTES + 2;
	}
	return total + encoder.encode(`--${boundary}--\r\n`).byteLength;
};

try {
	const cookie = await signIn(origin, DEMO_PERSONAS.people.agency.email);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const before = rss();
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
	const started = performance.now();
	// No such request: the files are stored as they arrive, then the report is refused as not found.
	const statuses = await Promise.all(
		Array.from({ length: POSTS }, async () => {
			const boundary = `----bench${uuidv7()}`;
			const response = await fetch(
				`${origin}/agency/requests/${crypto.randomUUID()}?/submitReport`,
				{
					method: 'POST',
					body: reportBody(boundary),
					duplex: 'half',
					headers: {
						cookie,
						origin,
						'content-type': `multipart/form-data; boundary=${boundary}`,
						'content-length': String(length(boundary))
					}
				} as RequestInit
			);
			if (process.env.BENCH_DEBUG) console.log(await response.text());
			else await response.arrayBuffer();
			return response.status;
		})
	);
	clearInterval(sampler);
	const seconds = (performance.now() - started) / 1000;
	console.log(
		`${POSTS} concurrent ${(length('----bench' + uuidv7()) / MB).toFixed(0)} MB report posts (statuses ${[...new Set(statuses)].join(', ')}) in ${seconds.toFixed(1)} s`
	);
	console.log(
		`server RSS: ${(before / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB at peak, ${(rss() / MB).toFixed(0)} MB after`
	);
} finally {
	server.kill('SIGTERM');
}
