import { canonicalJson } from './canonical-json';

/**
 * The server's signed acknowledgement of one upload (docs/decisions/006). The device keeps it and
 * may delete its own copy of the form once it holds one; anyone with the server's public key can
 * check it later. The signature is Ed25519 over `receiptSigningText(receipt)`.
 */
export interface SignedReceipt {
	id: string;
	reference: string;
	/** Server receipt time, epoch milliseconds. */
	receivedAt: number;
	/** SHA-256 (hex) of the canonical JSON of the stored form. */
	contentHash: string;
	/** Which server key signed it (hex SHA-256 of the public key, first 16 characters). */
	keyId: string;
	/** Ed25519 signature, base64url without padding. */
	signature: string;
}

/** The exact bytes that are signed: the receipt's facts in canonical JSON, with a purpose tag. */
export function receiptSigningText(r: Omit<SignedReceipt, 'signature'>): string {
	return canonicalJson({
		purpose: 'safeguard-tracker/notification-receipt/v1',
		id: r.id,
		reference: r.reference,
		receivedAt: r.receivedAt,
		contentHash: r.contentHash,
		keyId: r.keyId
	});
}
