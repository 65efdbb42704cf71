import { openDeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { unsentSentence } from '$lib/domain/device-passcode';

/**
 * The sign-in page's first act when this browser's session was withdrawn: remove that user's
 * data from the device (the service worker or the practitioner's pages may have done it already;
 * then this finds nothing more) and say what had not been sent.
 */
export async function wipeWithdrawnUser(userId: string): Promise<string> {
	const wipe = await wipeUser(await openDeviceDb(), userId, 'revoked');
	return unsentSentence(wipe.unsent, wipe.drafts);
}
