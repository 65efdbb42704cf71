import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';

/*
 * Sending email (docs/decisions/024-reminders.md). With SMTP_URL (e.g.
 * `smtps://user:pass@mail.example.org:465`) mail goes over SMTP with nodemailer; without it, each
 * email is written as an .eml file under MAIL_DIR (default data/mail/) for the demo, so nothing
 * is sent anywhere by accident. MAIL_FROM is the sender's address.
 */

export interface OutgoingEmail {
	to: string;
	subject: string;
	text: string;
	/** Stable per email, so a resend after a crash is recognisably the same message. */
	messageId: string;
}

export interface Mailer {
	send(email: OutgoingEmail): Promise<void>;
	/** Where mail goes, for the log: "smtp" or "files". */
	readonly kind: 'smtp' | 'files';
	close(): void;
}

export const DEFAULT_MAIL_FROM = 'Safeguard Tracker <no-reply@safeguard.invalid>';
export const DEFAULT_MAIL_DIR = 'data/mail';

/** An SMTP mailer for `url` (nodemailer's connection URL). */
export function smtpMailer(url: string, from: string): Mailer {
	const transport = nodemailer.createTransport(url);
	return {
		kind: 'smtp',
		async send(email) {
			await transport.sendMail({ from, ...email });
		},
		close: () => transport.close()
	};
}

/** Writes each email as an .eml file under `dir`, as an SMTP server would have received it. */
export function fileMailer(dir: string, from: string): Mailer {
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
	return {
		kind: 'files',
		async send(email) {
			const info = await transport.sendMail({ from, ...email });
			await mkdir(dir, { recursive: true });
			// Named by time and the stable id: one file per email, in the order sent.
			const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`;
			await writeFile(join(dir, name), info.message as Buffer);
		},
		close: () => transport.close()
	};
}

/** The mailer the environment asks for: SMTP_URL, else .eml files under MAIL_DIR. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
	const from = env.MAIL_FROM ?? DEFAULT_MAIL_FROM;
	if (env.SMTP_URL) return smtpMailer(env.SMTP_URL, from);
	return fileMailer(resolve(env.MAIL_DIR ?? DEFAULT_MAIL_DIR), from);
}
