// `npm run demo:code [secret]`: the current TOTP code of the demo's published secret (or of the
// base32 secret given), for signing in as the demo's Unit, Chair or administrator (decision 022).
import { DEMO_PERSONAS } from '../src/lib/server/services/users/personas';
import { secondsLeftInStep, totpCodeAt, totpStep } from '../src/lib/domain/second-factor';

const secret = (process.argv[2] ?? DEMO_PERSONAS.totpSecret).replace(/\s+/g, '');
const now = new Date();
if (!/^[A-Za-z2-7]+=*$/.test(secret)) {
	console.error('Give a base32 TOTP secret, or nothing for the demo accounts');
	process.exit(1);
}
const code = totpCodeAt(secret, totpStep(now));
if (process.argv.includes('--code-only')) {
	console.log(code);
} else {
	if (!process.argv[2]) console.log(`TOTP secret: ${secret}`);
	console.log(`Code now: ${code} (for ${secondsLeftInStep(now)} more seconds)`);
	console.log(`Next: ${totpCodeAt(secret, totpStep(now) + 1)}`);
}
