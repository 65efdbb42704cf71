import { DEMO_PERSONAS } from '../../src/lib/server/services/users/personas';

// Debian's Chromium as the browser tests launch it (playwright.config.ts, docs/stack-pitfalls.md).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** Signs a demo persona in through the API and returns its `session=…` cookie. */
export function signIn(origin: string, email: string): Promise<string> {
	return signInAs(origin, email, DEMO_PERSONAS.password);
}

/** Signs anyone with no second factor in through the API and returns the `session=…` cookie. */
export async function signInAs(origin: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${origin}/api/trpc/auth.signIn`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status}`);
	return cookie;
}
