import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One email as a real SMTP server received it: the envelope's recipients and the raw message. */
export interface ReceivedMail {
	to: string[];
	subject: string;
	messageId: string;
	/** The message with quoted-printable soft line breaks and escapes undone, headers and body. */
	text: string;
}

function decoded(raw: string): string {
	return raw
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function header(raw: string, name: string): string {
	const match = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw);
	return (match?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
}

/**
 * A real SMTP server in the test process (the `smtp-server` package), plain SMTP on a free port
 * of 127.0.0.1, no authentication: the mailer under test talks real SMTP to it.
 */
export async function startSmtpServer() {
	const received: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({
					to: session.envelope.rcptTo.map((r) => r.address),
					subject: header(raw, 'Subject'),
					messageId: header(raw, 'Message-ID'),
					text: decoded(raw)
				});
				callback();
			});
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((done) => server.close(() => done()))
	};
}
