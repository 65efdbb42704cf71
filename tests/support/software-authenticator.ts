import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/*
 * A passkey authenticator in software, for the integration tests (docs/decisions/023): it answers
 * SimpleWebAuthn's options as a browser and a real ES256 authenticator would (attestation "none",
 * a P-256 key made with Node's crypto), so the server's verification runs for real. Each answer
 * can be bent (another origin, another challenge, a counter that goes back) to test refusals.
 */

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key. */
function cbor(value: unknown): Buffer {
	const head = (major: number, n: number) => {
		if (n < 24) return Buffer.from([(major << 5) | n]);
		if (n < 256) return Buffer.from([(major << 5) | 24, n]);
		return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
	};
	if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
	if (typeof value === 'string') {
		const bytes = Buffer.from(value, 'utf8');
		return Buffer.concat([head(3, bytes.length), bytes]);
	}
	if (value instanceof Uint8Array)
		return Buffer.concat([head(2, value.length), Buffer.from(value)]);
	if (value instanceof Map) {
		const parts: Buffer[] = [head(5, value.size)];
		for (const [k, v] of value) parts.push(cbor(k), cbor(v));
		return Buffer.concat(parts);
	}
	throw new Error('cbor: unsupported value');
}

interface Bend {
	origin?: string;
	challenge?: string;
	rpId?: string;
	/** The signature counter this answer reports (default: one more than the last). */
	counter?: number;
	userVerified?: boolean;
}

export class SoftwareAuthenticator {
	readonly credentialId = randomBytes(16);
	readonly #privateKey: KeyObject;
	readonly #publicJwk: { x: string; y: string };
	#counter = 0;

	constructor(
		readonly origin: string,
		readonly rpId = new URL(origin).hostname
	) {
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.#privateKey = privateKey;
		const jwk = publicKey.export({ format: 'jwk' });
		this.#publicJwk = { x: jwk.x!, y: jwk.y! };
	}

	get id() {
		return b64url(this.credentialId);
	}

	#authData(rpId: string, flags: number, counter: number, attested?: Buffer) {
		const count = Buffer.alloc(4);
		count.writeUInt32BE(counter);
		return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)]);
	}

	#clientData(type: string, challenge: string, origin: string) {
		return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
	}

	/** The answer to `generateRegistrationOptions`' options, as `startRegistration` gives it. */
	register(options: { challenge: string }, bend: Bend = {}) {
		const coseKey = cbor(
			new Map<number, unknown>([
				[1, 2], // kty: EC2
				[3, -7], // alg: ES256
				[-1, 1], // crv: P-256
				[-2, Buffer.from(this.#publicJwk.x, 'base64url')],
				[-3, Buffer.from(this.#publicJwk.y, 'base64url')]
			])
		);
		const idLength = Buffer.from([this.credentialId.length >> 8, this.credentialId.length & 0xff]);
		const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, coseKey]);
		// User present (0x01), verified (0x04), attested credential data (0x40).
		const flags = 0x01 | (bend.userVerified === false ? 0 : 0x04) | 0x40;
		const authData = this.#authData(bend.rpId ?? this.rpId, flags, 0, attested);
		const attestationObject = cbor(
			new Map<string, unknown>([
				['fmt', 'none'],
				['attStmt', new Map()],
				['authData', authData]
			])
		);
		const clientDataJSON = this.#clientData(
			'webauthn.create',
			bend.challenge ?? options.challenge,
			bend.origin ?? this.origin
		);
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key' as const,
			clientExtensionResults: {},
			response: {
				clientDataJSON: b64url(clientDataJSON),
				attestationObject: b64url(attestationObject),
				transports: ['internal' as const]
			}
		};
	}

	/** The answer to `generateAuthenticationOptions`' options, as `startAuthentication` gives it. */
	authenticate(options: { challenge: string }, bend: Bend = {}) {
		const counter = bend.counter ?? this.#counter + 1;
		this.#counter = Math.max(this.#counter, counter);
		const flags = 0x01 | (bend.userVerified === false ? 0 : 0x04);
		const authenticatorData = this.#authData(bend.rpId ?? this.rpId, flags, counter);
		const clientDataJSON = this.#clientData(
			'webauthn.get',
			bend.challenge ?? options.challenge,
			bend.origin ?? this.origin
		);
		const signature = sign(
			'sha256',
			Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
			this.#privateKey
		);
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key' as const,
			clientExtensionResults: {},
			response: {
				clientDataJSON: b64url(clientDataJSON),
				authenticatorData: b64url(authenticatorData),
				signature: b64url(signature)
			}
		};
	}
}
