'use strict';
// A real SMTP server on loopback that accepts every message (no TLS, no authentication) and keeps it:
// the catch-all mailbox of `npm start` and of the end-to-end tests. n8n's Send Email node talks to it
// through an SMTP credential {host: 127.0.0.1, port, secure: false, disableStartTls: true}.

const { SMTPServer } = require('smtp-server');

/**
 * @param {{host?: string, port?: number, onMessage?: (message: object) => void}} [options]
 * @returns {Promise<{host: string, port: number, messages: object[], waitFor: Function, close: () => Promise<void>, credentialData: object}>}
 */
async function startSmtpServer({ host = '127.0.0.1', port = 0, onMessage } = {}) {
	const messages = [];
	const waiters = new Set();

	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		banner: 'BadgeKit sandbox mailbox',
		size: 10 * 1024 * 1024,
		closeTimeout: 1000,
		onData(stream, session, callback) {
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks);
				const message = {
					...parseMessage(raw.toString('latin1')),
					raw: raw.toString('utf8'),
					envelope: {
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
						to: session.envelope.rcptTo.map((r) => r.address),
					},
					receivedAt: new Date().toISOString(),
				};
				messages.push(message);
				if (onMessage) {
					try {
						onMessage(message);
					} catch {
						/* a logging callback must not break the server */
					}
				}
				for (const waiter of waiters) waiter();
				callback();
			});
		},
	});
	server.on('error', () => {
		/* client errors (e.g. a dropped connection) are not fatal for a test mailbox */
	});

	await new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, host, () => {
			server.server.off('error', reject);
			resolve();
		});
	});
	const address = server.server.address();

	/** Resolves with the first message (received so far or later) for which `predicate` is true. */
	function waitFor(predicate = () => true, { timeoutMs = 30_000 } = {}) {
		return new Promise((resolve, reject) => {
			const check = () => {
				const found = messages.find(predicate);
				if (found) {
					waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
				}
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(
					new Error(
						`no matching email within ${timeoutMs} ms; received: ${messages.map((m) => `${m.headers.to} "${m.subject}"`).join(', ') || 'none'}`,
					),
				);
			}, timeoutMs);
			waiters.add(check);
			check();
		});
	}

	return {
		host,
		port: address.port,
		messages,
		waitFor,
		/** Data of an n8n `smtp` credential pointing at this server. */
		credentialData: { user: '', password: '', host, port: address.port, secure: false, disableStartTls: true, hostName: '' },
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
			}),
	};
}

// ---------------------------------------------------------------------------------------------
// A small MIME reader, enough for what nodemailer sends: headers (unfolded, RFC 2047 words decoded),
// a text/plain and/or text/html body, quoted-printable or base64 transfer encoding, one level of
// multipart/alternative or multipart/mixed.

function splitHeaderBody(raw) {
	const match = /\r?\n\r?\n/.exec(raw);
	if (!match) return { head: raw, body: '' };
	return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function parseHeaders(head) {
	const headers = {};
	const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i <= 0) continue;
		const name = line.slice(0, i).trim().toLowerCase();
		const value = decodeWords(line.slice(i + 1).trim());
		headers[name] = headers[name] === undefined ? value : headers[name] + ', ' + value;
	}
	return headers;
}

function decodeWords(value) {
	return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, encoding, text) => {
		const bytes =
			encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1');
		return decodeCharset(bytes, charset);
	});
}

function decodeCharset(bytes, charset = 'utf-8') {
	const cs = String(charset).toLowerCase();
	if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii') return bytes.toString('latin1');
	return bytes.toString('utf8');
}

/** quoted-printable → latin1 string of the decoded bytes */
function decodeQuotedPrintable(text) {
	return text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

function param(header, name) {
	const match = new RegExp(';\\s*' + name + '="?([^";]+)"?', 'i').exec(header || '');
	return match ? match[1] : undefined;
}

function decodeBody(body, headers) {
	const encoding = String(headers['content-transfer-encoding'] || '7bit').toLowerCase();
	let bytes;
	if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
	else if (encoding === 'quoted-printable') bytes = Buffer.from(decodeQuotedPrintable(body), 'latin1');
	else bytes = Buffer.from(body, 'latin1');
	return decodeCharset(bytes, param(headers['content-type'], 'charset') || 'utf-8');
}

function parsePart(raw) {
	const { head, body } = splitHeaderBody(raw);
	const headers = parseHeaders(head);
	const type = String(headers['content-type'] || 'text/plain')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = param(headers['content-type'], 'boundary');
		const parts = boundary
			? body
					.split('--' + boundary)
					.slice(1)
					.filter((p) => !p.startsWith('--'))
					.map((p) => parsePart(p.replace(/^\r?\n/, '')))
			: [];
		return { headers, type, parts };
	}
	return { headers, type, content: decodeBody(body, headers) };
}

function findText(part, type) {
	if (part.parts) {
		for (const child of part.parts) {
			const found = findText(child, type);
			if (found !== undefined) return found;
		}
		return undefined;
	}
	return part.type === type ? part.content : undefined;
}

/** {headers, subject, from, to, text, html} of a raw RFC 5322 message (given as a latin1 string). */
function parseMessage(raw) {
	const root = parsePart(raw);
	const text = findText(root, 'text/plain');
	const html = findText(root, 'text/html');
	return {
		headers: root.headers,
		subject: root.headers.subject || '',
		from: root.headers.from || '',
		to: root.headers.to || '',
		text: text === undefined ? '' : text.replace(/\r\n/g, '\n'),
		html: html === undefined ? '' : html.replace(/\r\n/g, '\n'),
	};
}

module.exports = { startSmtpServer, parseMessage };
