/*
 * Who passkeys are made for (WebAuthn's relying party, docs/decisions/023): the origin people use,
 * from ORIGIN (which `npm start` requires), never from a request's Host header. A passkey is bound
 * to the RP ID, the origin's host name, so one made for another site never signs in here.
 */
export interface RelyingParty {
	name: string;
	/** The host name of ORIGIN. */
	id: string;
	/** ORIGIN itself: scheme, host and port, as the browser reports it in clientDataJSON. */
	origin: string;
}

/** Vite's development server, when ORIGIN is not set (`npm run dev`). */
const DEVELOPMENT_ORIGIN = 'http://localhost:5173';

export function relyingParty(origin = process.env.ORIGIN ?? DEVELOPMENT_ORIGIN): RelyingParty {
	const url = new URL(origin);
	return { name: 'Safeguard Tracker', id: url.hostname, origin: url.origin };
}
