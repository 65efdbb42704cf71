// `npm run audit:verify` walks the audit trail of the database at DATABASE_URL (default
// file:data/safeguard.db) and checks every event's hash and its link to the one before
// (docs/decisions/004), then that the chain still holds the event the latest signed anchor written
// outside the database vouches for, so deleting the newest events is found too (decision 018; the
// anchors are read from AUDIT_ANCHOR_DIR, or beside an embedded database). It prints
// `OK: N events, chain intact` and a line on the anchor (exit 0) or `BROKEN at event #S: reason`
// (exit 1); exit 2 means it could not run. It only reads.
import { existsSync } from 'node:fs';
import { DEFAULT_DATABASE_URL, openDatabase } from '../src/lib/server/db';
import {
	anchorFileFor,
	verifyAuditAgainstAnchor,
	type AnchoredCheck
} from '../src/lib/server/services/audit-anchors';

function stop(message: string): never {
	console.error(message);
	process.exit(2);
}

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
// Opening a missing file would create an empty database, whose empty chain would pass.
if (url.startsWith('file:') && !existsSync(url.slice('file:'.length))) {
	stop(`There is no database at ${url}. Set DATABASE_URL to the database to check.`);
}

let check: AnchoredCheck;
let anchorFile: string | null = null;
try {
	const { db, client } = await openDatabase(url);
	try {
		anchorFile = anchorFileFor(db);
		check = await verifyAuditAgainstAnchor(db, anchorFile);
	} finally {
		client.close();
	}
} catch {
	stop(`Could not read the audit trail from ${url}.`);
}

if (check.ok) {
	console.log(`OK: ${check.count} events, chain intact`);
	console.log(
		check.anchor
			? `It holds event #${check.anchor.seq}, the head anchored on ${new Date(check.anchor.at).toISOString()}.`
			: `No anchor at ${anchorFile ?? '(none set: AUDIT_ANCHOR_DIR)'}: deleting the newest events would not be found.`
	);
	process.exit(0);
}
console.log(`BROKEN at event #${check.seq}: ${check.reason}`);
process.exit(1);
