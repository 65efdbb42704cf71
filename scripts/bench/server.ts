import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunningServer {
	process: ChildProcess;
	origin: string;
	stop(): Promise<void>;
}

/** Starts a server process and resolves once it prints "Listening". */
export function startServer(
	args: string[],
	port: number,
	env: Record<string, string>
): Promise<RunningServer> {
	const child = spawn(process.execPath, args, {
		env: { ...process.env, ...env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const origin = `http://localhost:${port}`;
	return new Promise((resolve, reject) => {
		const onExit = (code: number | null) => reject(new Error(`${args.join(' ')} exited (${code})`));
		child.once('exit', onExit);
		child.stdout?.on('data', (chunk: Buffer) => {
			if (!String(chunk).includes('Listening')) return;
			child.off('exit', onExit);
			resolve({
				process: child,
				origin,
				stop: () =>
					new Promise<void>((done) => {
						if (child.exitCode !== null) return done();
						child.once('exit', () => done());
						child.kill('SIGTERM');
					})
			});
		});
	});
}

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS). */
export function residentMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
	return kb / 1024;
}
