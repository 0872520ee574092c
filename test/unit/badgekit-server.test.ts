// Tests of the BadgeKit-compatible test server (sandbox): it must reproduce the real
// BadgeKit API 0.2.22 behaviour listed in sandbox/README.md, because the nodes' own
// tests and the sandbox rely on it. Requests are signed by a small helper of our own here, not by
// the package's transport, so that these tests stay independent of it.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import jwt from 'jsonwebtoken';
import { createBadgeKitServer, signWebhook } from '../../sandbox';
import type { BadgeKitServer } from '../../sandbox';
import { FIXTURE_SECRET, FIXTURES_DIR } from '../helpers/fixtures';

const MASTER = 'bk-master-secret';
/** The captured deliveries are signed with it. */
const HOOK_SECRET = FIXTURE_SECRET;
const FIXTURES = FIXTURES_DIR;

// --- signing & HTTP helpers ------------------------------------------------------------------------

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function latin1Sha256(s: string): string {
	return crypto.createHash('sha256').update(s, 'latin1').digest('hex');
}

function utf8Sha256(s: string): string {
	return crypto.createHash('sha256').update(s, 'utf8').digest('hex');
}

interface TokenOptions {
	method: string;
	path: string;
	body?: string;
	key?: string;
	secret?: string;
	header?: Record<string, unknown>;
	exp?: number;
	hash?: string;
	claims?: Record<string, unknown>;
}

/** A BadgeKit request token: HS256 JWS with key/method/path[/exp][/body] claims. */
function makeToken(o: TokenOptions): string {
	const header = o.header ?? { typ: 'JWT', alg: 'HS256' };
	const claims: Record<string, unknown> = { key: o.key ?? 'master', method: o.method, path: o.path };
	if (o.exp !== undefined) claims.exp = o.exp;
	if (o.body !== undefined) claims.body = { alg: 'sha256', hash: o.hash ?? latin1Sha256(o.body) };
	Object.assign(claims, o.claims);
	const input = b64(header) + '.' + b64(claims);
	if (header.alg === 'none') return input + '.';
	return (
		input +
		'.' +
		crypto
			.createHmac('sha256', o.secret ?? MASTER)
			.update(input)
			.digest('base64url')
	);
}

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

function send(
	server: BadgeKitServer,
	method: string,
	urlPath: string,
	opts: { headers?: Record<string, string | number>; body?: string; agent?: http.Agent } = {},
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(server.url + urlPath, { method, headers: opts.headers, agent: opts.agent }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (text += c));
			res.on('end', () => {
				let body: unknown = null;
				try {
					body = text ? JSON.parse(text) : null;
				} catch {
					body = text;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
			});
		});
		req.on('error', reject);
		req.end(opts.body);
	});
}

/** A correctly signed JSON request (`body` undefined = no body, Content-Length: 0). */
function api(server: BadgeKitServer, method: string, urlPath: string, body?: unknown, token: Partial<TokenOptions> = {}) {
	const str = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
	const headers: Record<string, string | number> = {
		Authorization: `JWT token="${makeToken({ method, path: urlPath, body: str, ...token })}"`,
	};
	if (str !== undefined) {
		headers['Content-Type'] = 'application/json';
		headers['Content-Length'] = Buffer.byteLength(str);
	} else if (method !== 'GET') {
		headers['Content-Length'] = 0;
	}
	return send(server, method, urlPath, { headers, body: str });
}

/** Resolves with 'timeout' when no answer came within `ms` (for the real server's hangs). */
function raceTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
	return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

interface Captured {
	rawHeaders: string[];
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A webhook receiver that records every request and answers `status`. */
async function startReceiver(status = 200) {
	const received: Captured[] = [];
	const receiver = { received, status, server: http.createServer(), url: '' };
	receiver.server.on('request', (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ rawHeaders: req.rawHeaders, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = receiver.status;
			res.end('ok');
		});
	});
	await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', () => r()));
	const addr = receiver.server.address() as { port: number };
	receiver.url = `http://127.0.0.1:${addr.port}/hooks/demo`;
	return receiver;
}

/** Recursive "shape" (keys in order, value kinds) for comparing against the captured deliveries. */
function shape(v: unknown): unknown {
	if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
	return v === null ? 'null' : typeof v;
}

// --- suite ---------------------------------------------------------------------------------------

let server: BadgeKitServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
	receiver = await startReceiver();
	server = await createBadgeKitServer({
		seed: 'demo',
		masterSecret: MASTER,
		consumers: [{ key: 'c1', secret: 's1', system: 'demo' }],
	});
});

beforeEach(() => {
	server.reset();
	server.setWebhook('demo', { url: receiver.url, secret: HOOK_SECRET });
	receiver.received.length = 0;
	receiver.status = 200;
});

afterAll(async () => {
	await server.close();
	await new Promise((r) => receiver.server.close(r));
});

describe('request verification', () => {
	it('accepts a correctly signed request and needs no token for / and /public/*', async () => {
		expect((await api(server, 'GET', '/systems/demo')).status).toBe(200);
		const health = await send(server, 'GET', '/');
		expect(health.body).toEqual({ app: 'BadgeKit API', version: '0.2.22' });
		expect((await send(server, 'GET', '/public/badges')).status).toBe(200);
	});

	it('refuses a missing or malformed Authorization header', async () => {
		const r = await send(server, 'GET', '/systems');
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ code: 'NotAuthorized', message: 'Missing valid Authorization header' });
		const bearer = await send(server, 'GET', '/systems', { headers: { Authorization: 'Bearer abc' } });
		expect(bearer.body.message).toBe('Missing valid Authorization header');
	});

	it('answers the misleading "Missing JWT claim: method" when the header lacks typ: "JWT"', async () => {
		const token = makeToken({ method: 'GET', path: '/systems', header: { alg: 'HS256' } });
		const r = await send(server, 'GET', '/systems', { headers: { Authorization: `JWT token="${token}"` } });
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ code: 'NotAuthorized', message: 'Missing JWT claim: method' });
	});

	it('hashes bodies as latin1: a UTF-8-hashed non-ASCII body is refused', async () => {
		const body = JSON.stringify({ email: 'cafe@example.com', comment: 'Café ☕' });
		const ok = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', body);
		expect(ok.status).toBe(201);

		const body2 = JSON.stringify({ email: 'cafe2@example.com', comment: 'Café ☕' });
		const given = utf8Sha256(body2);
		const bad = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', body2, { hash: given });
		expect(bad.status).toBe(403);
		expect(bad.body.message).toBe(`Computed hash does not match given hash: ${given} != ${latin1Sha256(body2)}`);

		// Pure-ASCII JSON (\u escapes) hashes the same both ways, and the server decodes it right.
		const ascii = JSON.stringify({ email: 'cafe3@example.com', comment: 'Café ☕' }).replace(
			/[\u0080-\uffff]/g,
			(c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
		);
		expect(utf8Sha256(ascii)).toBe(latin1Sha256(ascii));
		const esc = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', ascii, { hash: utf8Sha256(ascii) });
		expect(esc.status).toBe(201);
		await server.webhooksIdle();
		expect(JSON.parse(server.deliveries[1].body).comment).toBe('Café ☕');
	});

	it('can never authenticate an empty POST body', async () => {
		const token = makeToken({ method: 'POST', path: '/systems', body: '' });
		const r = await send(server, 'POST', '/systems', {
			headers: { Authorization: `JWT token="${token}"`, 'Content-Type': 'application/json', 'Content-Length': 0 },
		});
		expect(r.status).toBe(403);
		expect(r.body.message).toBe('Could not calculate hash, unsupported algorithm: sha256');
	});

	it('answers 415 to a DELETE sent without Content-Length: 0', async () => {
		const urlPath = '/systems/demo/badges/archived-demo';
		const token = makeToken({ method: 'DELETE', path: urlPath });
		const r = await send(server, 'DELETE', urlPath, { headers: { Authorization: `JWT token="${token}"` } });
		expect(r.status).toBe(415);
		expect(r.body).toEqual({ code: 'UnsupportedMediaType', message: 'application/octet-stream' });
		const ok = await api(server, 'DELETE', urlPath);
		expect(ok.status).toBe(200);
		expect(ok.body.status).toBe('deleted');
	});

	it('compares the path claim with the raw URL, query string order included', async () => {
		const token = makeToken({ method: 'GET', path: '/systems?page=1&count=2' });
		const auth = { Authorization: `JWT token="${token}"` };
		expect((await send(server, 'GET', '/systems?page=1&count=2', { headers: auth })).status).toBe(200);
		const r = await send(server, 'GET', '/systems?count=2&page=1', { headers: auth });
		expect(r.status).toBe(403);
		expect(r.body.message).toBe('`path` does not match: trying to use token for "/systems?page=1&count=2" on "/systems?count=2&page=1"');
	});

	it('compares method case-insensitively', async () => {
		expect((await api(server, 'GET', '/systems', undefined, { method: 'get' })).status).toBe(200);
		const r = await api(server, 'GET', '/systems', undefined, { method: 'POST' });
		expect(r.status).toBe(403);
		expect(r.body.message).toBe('`method` does not match: using "POST" token for "GET" request');
	});

	it('rejects exp <= now without skew and accepts a future exp', async () => {
		const now = Math.floor(Date.now() / 1000);
		const r = await api(server, 'GET', '/systems', undefined, { exp: now });
		expect(r.status).toBe(403);
		expect(r.body.message).toMatch(/^Token is expired \(token expiry: \d+, server time: \d+$/);
		expect((await api(server, 'GET', '/systems', undefined, { exp: now + 60 })).status).toBe(200);
	});

	it('limits consumer keys to the paths of their own system', async () => {
		const c1 = { key: 'c1', secret: 's1' };
		expect((await api(server, 'GET', '/systems/demo/badges', undefined, c1)).status).toBe(200);
		const created = await api(server, 'POST', '/systems', { slug: 'other', name: 'Other', url: 'https://other.example.org' });
		expect(created.status).toBe(201);
		const other = await api(server, 'GET', '/systems/other/badges', undefined, c1);
		expect(other.status).toBe(403);
		expect(other.body.message).toBe('Invalid token for system');
		expect((await api(server, 'GET', '/systems', undefined, c1)).body.message).toBe('Invalid token for system');
		expect((await api(server, 'GET', '/systems/demo', undefined, { key: 'nope', secret: 's1' })).body.message).toBe(
			'Could not find consumer for API key',
		);
		expect((await api(server, 'GET', '/systems/demo', undefined, { key: 'c1', secret: 'wrong' })).body.message).toBe('Invalid token signature');
		expect((await api(server, 'GET', '/systems/demo', undefined, { secret: 'wrong' })).body.message).toBe('Invalid token signature');
	});

	it('accepts alg "none" tokens (the real server\'s hole)', async () => {
		const r = await api(server, 'GET', '/systems', undefined, { header: { typ: 'JWT', alg: 'none' } });
		expect(r.status).toBe(200);
	});

	it('answers 500 InternalError to a token that is not three-part and drops the socket', async () => {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		let socketClosed!: Promise<void>;
		const reply = await new Promise<Reply>((resolve, reject) => {
			const req = http.request(`${server.url}/systems`, { agent, headers: { Authorization: 'JWT token="abc.def"' } }, (res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: JSON.parse(text) }));
			});
			req.on('socket', (socket) => {
				socketClosed = new Promise((r) => socket.once('close', () => r()));
			});
			req.on('error', reject);
			req.end();
		});
		expect(reply.status).toBe(500);
		expect(reply.body.code).toBe('InternalError');
		expect(reply.headers.connection).toBe('close');
		expect(await raceTimeout(socketClosed, 1000)).not.toBe('timeout');
		agent.destroy();
	});

	it('takes form-urlencoded bodies but never multipart ones', async () => {
		const urlPath = '/systems/demo/badges/direct-demo/instances';
		/** A correctly signed POST of `body` sent as `contentType`. */
		const post = (contentType: string, body: string) =>
			send(server, 'POST', urlPath, {
				headers: { Authorization: `JWT token="${makeToken({ method: 'POST', path: urlPath, body })}"`, 'Content-Type': contentType },
				body,
			});
		const r = await post('application/x-www-form-urlencoded', 'email=form%40example.com&comment=via+form');
		expect(r.status).toBe(201);
		expect(r.body.instance.email).toBe('form@example.com');

		const m = await post('multipart/form-data; boundary=X', '--X\r\nContent-Disposition: form-data; name="email"\r\n\r\nm@example.com\r\n--X--\r\n');
		expect(m.status).toBe(403);
		expect(m.body.message).toBe('Could not calculate hash, unsupported algorithm: sha256');
	});

	it('routes before verifying: unknown paths 404 and wrong methods 405 without a token', async () => {
		const r = await send(server, 'GET', '/nowhere');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ code: 'ResourceNotFound', message: '/nowhere does not exist' });
		const m = await send(server, 'PATCH', '/systems');
		expect(m.status).toBe(405);
	});
});

describe('asMaster: a signed call as the master key', () => {
	it('is signed as the master key, sends the JSON body and parses the answer', async () => {
		const listed = await server.asMaster('GET', '/systems');
		expect(listed.status).toBe(200);
		expect(listed.json.systems.map((system: { slug: string }) => system.slug)).toContain('demo');
		const awarded = await server.asMaster('POST', '/systems/demo/badges/direct-demo/instances', { email: 'as-master@example.org' });
		expect(awarded.status).toBe(201);
		expect(awarded.json.instance.email).toBe('as-master@example.org');
		// The request the server logged carried BadgeKit's JWT header, as any signed client's does.
		expect(server.requests.at(-1)).toMatchObject({ method: 'POST', status: 201 });
	});

	it("returns BadgeKit's error answers as they are", async () => {
		const missing = await server.asMaster('DELETE', '/systems/demo/badges/direct-demo/instances/nobody@example.org');
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ code: 'ResourceNotFound' });
	});
});

describe('responses and errors', () => {
	it('paginates with page & count and adds pageData', async () => {
		const all = await api(server, 'GET', '/systems/demo/badges');
		expect(all.body.pageData).toBeUndefined();
		expect(all.body.badges.length).toBe(7); // the archived one is hidden by default
		const page = await api(server, 'GET', '/systems/demo/badges?page=2&count=3');
		expect(page.body.pageData).toEqual({ page: 2, count: 3, total: 7 });
		expect(page.body.badges.map((b: { slug: string }) => b.slug)).toEqual(all.body.badges.slice(3, 6).map((b: { slug: string }) => b.slug));
		const zero = await api(server, 'GET', '/systems/demo/badges?page=0&count=3');
		expect(zero.body.pageData).toBeUndefined();
		const archived = await api(server, 'GET', '/systems/demo/badges?archived=true');
		expect(archived.body.badges.map((b: { slug: string }) => b.slug)).toEqual(['archived-demo']);
		expect((await api(server, 'GET', '/systems/demo/badges?archived=any')).body.badges.length).toBe(8);
	});

	it('shapes systems and badges like the real server (0/1 booleans, no system description)', async () => {
		const sys = (await api(server, 'GET', '/systems/demo')).body.system;
		expect(Object.keys(sys)).toEqual(['id', 'slug', 'url', 'name', 'email', 'imageUrl', 'issuers']);
		const badge = (await api(server, 'GET', '/systems/demo/badges/assessed-demo')).body.badge;
		expect(badge.unique).toBe(0);
		expect(badge.archived).toBe(false);
		expect(badge.created).toMatch(/\.000Z$/);
		expect(badge.criteria.map((c: { required: number }) => c.required)).toEqual([1, 0]);
		const codes = (await api(server, 'GET', '/systems/demo/badges/direct-demo/codes')).body.claimCodes;
		expect(codes[0]).toEqual({ id: 1, code: 'DEMO-CLAIM-1', claimed: 0, email: null, multiuse: 0 });
	});

	it('answers 400 ValidationError, without message for a missing required field', async () => {
		const invalid = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'not-an-email' });
		expect(invalid.status).toBe(400);
		expect(invalid.body).toEqual({
			code: 'ValidationError',
			message: 'Could not validate required fields',
			details: [{ field: 'email', value: 'not-an-email', message: 'Invalid email' }],
		});
		const missing = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', {});
		expect(missing.body.details).toEqual([{ field: 'email', value: '' }]);
	});

	it('answers 404 ResourceNotFound with the finder message', async () => {
		const r = await api(server, 'GET', '/systems/demo/badges/x');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ code: 'ResourceNotFound', message: 'Could not find badge field: `slug`, value: `x`' });
		expect((await api(server, 'GET', '/systems/nope/badges')).body.message).toBe('Could not find system field: `slug`, value: `nope`');
	});

	it('answers 409 ResourceConflict with message and details', async () => {
		const dup = await api(server, 'POST', '/systems', { slug: 'demo', name: 'Again', url: 'https://again.example.org' });
		expect(dup.status).toBe(409);
		expect(dup.body.code).toBe('ResourceConflict');
		expect(dup.body.message).toBe('system with that `slug` already exists');
		expect(dup.body.details.slug).toBe('demo');

		const first = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'twice@example.com' });
		await server.webhooksIdle();
		const again = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'twice@example.com' });
		expect(again.status).toBe(409);
		expect(again.body).toEqual({
			code: 'ResourceConflict',
			message: 'User twice@example.com has already been awarded badge direct-demo',
			details: { assertionUrl: first.body.instance.assertionUrl },
		});
		await server.webhooksIdle();
		expect(server.deliveries.length).toBe(1); // no webhook for the refused award
	});

	it('answers a database-style 500 (message only) for a badge without type', async () => {
		const r = await api(server, 'POST', '/systems/demo/badges', {
			slug: 'typeless',
			name: 'Typeless',
			earnerDescription: 'e',
			consumerDescription: 'c',
			criteriaUrl: 'https://demo.example.org/c',
			unique: false,
			image: 'https://demo.example.org/i.png',
		});
		expect(r.status).toBe(500);
		expect(r.body).toEqual({ message: "ER_BAD_NULL_ERROR: Column 'type' cannot be null" });
	});

	it('creates a badge with criteria in program scope (201)', async () => {
		const r = await api(server, 'POST', '/systems/demo/issuers/demo-issuer/programs/demo-program/badges', {
			slug: 'new-program-badge',
			name: 'New',
			earnerDescription: 'e',
			consumerDescription: 'c',
			criteriaUrl: 'https://demo.example.org/c',
			unique: 'true',
			type: 'skill',
			image: 'https://demo.example.org/i.png',
			criteria: [{ description: 'Do it', required: true, note: 'n' }],
		});
		expect(r.status).toBe(201);
		expect(r.body.badge.unique).toBe(1);
		expect(r.body.badge.program.slug).toBe('demo-program');
		expect(r.body.badge.criteria).toEqual([{ id: expect.any(Number), description: 'Do it', required: 1, note: 'n' }]);
	});

	it('filters applications by processed: false and any work, true is a 500 SQL error', async () => {
		const base = '/systems/demo/badges/assessed-demo/applications';
		const created = await api(server, 'POST', base, { learner: 'second@example.com' });
		expect(created.status).toBe(201);
		const slug = created.body.application.slug;
		const processedAt = '2026-01-02T03:04:05.678Z';
		const upd = await api(server, 'PUT', `${base}/${slug}`, { processed: processedAt });
		expect(upd.body.application.processed).toBe('2026-01-02T03:04:05.000Z');

		const slugs = (r: Reply) => r.body.applications.map((a: { slug: string }) => a.slug);
		expect(slugs(await api(server, 'GET', '/systems/demo/applications?processed=false'))).toEqual(['demo-application-1']);
		expect(slugs(await api(server, 'GET', '/systems/demo/applications?processed=any'))).toEqual(['demo-application-1', slug]);
		expect(slugs(await api(server, 'GET', '/systems/demo/applications'))).toEqual(['demo-application-1', slug]);
		const t = await api(server, 'GET', '/systems/demo/applications?processed=true');
		expect(t.status).toBe(500);
		expect(t.body.code).toBeUndefined();
		expect(t.body.message).toMatch(/^ER_PARSE_ERROR/);
	});

	it('orders applications like BadgeKit (badge, then creation date, not id) and counts them exactly', async () => {
		const store = server.store;
		const system = store.findSystem('demo')!;
		const direct = store.findBadge(system.id, 'direct-demo')!;
		const assessed = store.findBadge(system.id, 'assessed-demo')!;
		const add = (badge: typeof direct, slug: string, created: string, processed: string | null = null) =>
			(store.addApplication as (fields: object) => { id: number })({
				slug,
				badgeId: badge.id,
				learner: `${slug}@example.org`,
				created: new Date(created),
				processed: processed ? new Date(processed) : null,
				systemId: system.id,
			});
		const late = add(assessed, 'late', '2099-02-01T00:00:00Z', '2099-02-02T00:00:00Z');
		const early = add(assessed, 'early', '2020-01-01T00:00:00Z'); // a higher id, created earlier
		const other = add(direct, 'other', '2099-03-01T00:00:00Z');
		expect(early.id).toBeGreaterThan(late.id);
		const slugs = (r: Reply) => r.body.applications.map((a: { slug: string }) => a.slug);

		const all = await api(server, 'GET', '/systems/demo/applications?processed=any');
		const byBadge =
			[direct.id, assessed.id].sort((a, b) => a - b)[0] === direct.id
				? ['other', 'early', 'demo-application-1', 'late']
				: ['early', 'demo-application-1', 'late', 'other'];
		expect(slugs(all)).toEqual(byBadge);
		expect(all.body.applications.map((a: { id: number }) => a.id)).not.toEqual(
			[...all.body.applications.map((a: { id: number }) => a.id)].sort((a, b) => a - b),
		);
		void other;

		// pages are slices of that order; pageData.total counts the whole filtered list
		const page2 = await api(server, 'GET', '/systems/demo/applications?processed=any&page=2&count=1');
		expect(slugs(page2)).toEqual([byBadge[1]]);
		expect(page2.body.pageData).toEqual({ page: 2, count: 1, total: 4 });
		const open = await api(server, 'GET', '/systems/demo/applications?processed=false&page=1&count=1');
		expect(open.body.pageData).toEqual({ page: 1, count: 1, total: 3 });
		const oneBadge = await api(server, 'GET', '/systems/demo/badges/assessed-demo/applications?processed=any&page=1&count=2');
		expect(slugs(oneBadge)).toEqual(['early', 'demo-application-1']);
		expect(oneBadge.body.pageData.total).toBe(3);
	});

	it('stores dates the real way: unix seconds go wrong, ISO and ms work', async () => {
		const base = '/systems/demo/badges/assessed-demo/applications/demo-application-1';
		const seconds = await api(server, 'PUT', base, { processed: 1795867792 });
		expect(seconds.body.application.processed).toMatch(/^1970-01-21T/);

		const inst = '/systems/demo/badges/direct-demo/instances';
		await api(server, 'POST', inst, { email: 'sec@example.com', issuedOn: 1795867792 });
		await api(server, 'POST', inst, { email: 'ms@example.com', issuedOn: 1795867792000 });
		await api(server, 'POST', inst, { email: 'iso@example.com', issuedOn: '2026-11-28T12:09:52.000Z' });
		const issued = async (email: string) => (await api(server, 'GET', `${inst}/${email}`)).body.instance.issuedOn;
		expect(await issued('sec@example.com')).toBeNull(); // 0000-00-00 00:00:00
		expect(await issued('ms@example.com')).toBe(new Date(1795867792000).toISOString());
		expect(await issued('iso@example.com')).toBe('2026-11-28T12:09:52.000Z');
	});
});

describe('requests that are never answered, and injected faults', () => {
	it('never answers a duplicate claim code or an instance with an unknown claim code', async () => {
		const dup = api(server, 'POST', '/systems/demo/badges/direct-demo/codes', { code: 'DEMO-CLAIM-1' });
		expect(await raceTimeout(dup, 300)).toBe('timeout');
		const unknown = api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'x@example.com', claimCode: 'NOPE' });
		expect(await raceTimeout(unknown, 300)).toBe('timeout');
		expect(server.store.findInstance(server.store.findBadge(1, 'direct-demo')!.id, 'x@example.com')).toBeUndefined();
	});

	it('hangNext and failNext act on the next matching requests only', async () => {
		server.hangNext({ match: (r) => r.url.startsWith('/systems/demo/issuers') });
		expect((await api(server, 'GET', '/systems/demo')).status).toBe(200);
		expect(await raceTimeout(api(server, 'GET', '/systems/demo/issuers'), 300)).toBe('timeout');
		expect((await api(server, 'GET', '/systems/demo/issuers')).status).toBe(200);

		server.failNext({ status: 503, body: { code: 'ServiceUnavailable', message: 'down' }, times: 2 });
		const a = await api(server, 'GET', '/systems');
		const b = await api(server, 'GET', '/systems');
		expect([a.status, b.status, a.body.message]).toEqual([503, 503, 'down']);
		expect((await api(server, 'GET', '/systems')).status).toBe(200);
		expect(server.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 200]);
	});

	it('close() resolves while requests hang', async () => {
		const other = await createBadgeKitServer();
		other.hangNext();
		const pending = send(other, 'GET', '/').then(
			() => 'answered',
			(e: Error) => e.message,
		);
		await new Promise((r) => setTimeout(r, 50));
		await other.close();
		expect(await pending).toMatch(/socket hang up|ECONNRESET/);
	});
});

describe('issuing, claim codes and webhooks', () => {
	it('issues an instance and sends an award webhook signed exactly like BadgeKit', async () => {
		const r = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', {
			email: 'alice@example.com',
			comment: 'Well done, Alice',
		});
		expect(r.status).toBe(201);
		expect(r.body.status).toBe('created');
		expect(r.body.instance.badge).toBeNull();
		expect('claimCode' in r.body.instance).toBe(false);
		expect(r.body.instance.assertionUrl).toBe(`${server.url}/public/assertions/${r.body.instance.slug}`);

		await server.webhooksIdle();
		expect(server.deliveries).toHaveLength(1);
		const d = server.deliveries[0];
		expect(d).toMatchObject({ action: 'award', url: receiver.url, status: 200, error: null });
		const got = receiver.received[0];
		expect(got.body).toBe(d.body);
		expect(got.headers['content-type']).toBe('application/json');
		expect(got.headers['user-agent']).toBeUndefined();
		expect(got.headers.authorization).toBe(d.authorization);

		const token = /^JWT token="(.+)"$/.exec(d.authorization)![1];
		const decoded = jwt.verify(token, HOOK_SECRET, { complete: true });
		expect(decoded.header).toEqual({ typ: 'JWT', alg: 'HS256' });
		expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
		expect(decoded.payload).toEqual({ body: { alg: 'sha256', hash: latin1Sha256(d.body) } });

		const hook = JSON.parse(d.body);
		expect(Object.keys(hook)).toEqual(['action', 'uid', 'badge', 'email', 'assertionUrl', 'issuedOn', 'comment']);
		expect(hook.uid).toBe(r.body.instance.slug);
		expect(hook.issuedOn).toBe(Math.floor(Date.parse(r.body.instance.issuedOn) / 1000));
		expect(hook.comment).toBe('Well done, Alice');
		expect(hook.badge.slug).toBe('direct-demo');
		expect(hook.badge.system.issuers).toEqual([]);
	});

	it('hashes non-ASCII webhook bodies the latin1 way', async () => {
		await api(server, 'PUT', '/systems/demo/badges/direct-demo', { name: 'Café ☕ badge' });
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'uni@example.com' });
		await server.webhooksIdle();
		const d = server.deliveries[0];
		const token = /^JWT token="(.+)"$/.exec(d.authorization)![1];
		const payload = jwt.verify(token, HOOK_SECRET) as { body: { hash: string } };
		expect(payload.body.hash).toBe(latin1Sha256(d.body));
		expect(payload.body.hash).not.toBe(utf8Sha256(d.body));
	});

	it('puts issuedOn in the award webhook as the real server does', async () => {
		const inst = '/systems/demo/badges/direct-demo/instances';
		await api(server, 'POST', inst, { email: 'n@example.com', issuedOn: 1795867792 });
		await api(server, 'POST', inst, { email: 'i@example.com', issuedOn: '2026-11-28T12:09:52.000Z' });
		await server.webhooksIdle();
		const [numeric, iso] = server.deliveries.map((d) => JSON.parse(d.body));
		expect(numeric.issuedOn).toBe(1795867792);
		expect('issuedOn' in iso).toBe(false);
		expect(iso.comment).toBeNull();
	});

	it('revokes with a revoke webhook carrying the badge without relations', async () => {
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'bob@example.com' });
		const del = await api(server, 'DELETE', '/systems/demo/badges/direct-demo/instances/bob@example.com');
		expect(del.status).toBe(200);
		expect(Object.keys(del.body)).toEqual(['instance']);
		await server.webhooksIdle();
		const revoke = JSON.parse(server.deliveries[1].body);
		expect(Object.keys(revoke)).toEqual(['action', 'uid', 'badge', 'email']);
		expect(revoke.badge.system).toBeUndefined();
		expect(revoke.badge.imageUrl).toBeUndefined();
	});

	it("lists an earner's instances as an array", async () => {
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'e@example.com' });
		await api(server, 'POST', '/systems/demo/issuers/demo-issuer/badges/issuer-demo/instances', { email: 'e@example.com' });
		const all = await api(server, 'GET', '/systems/demo/instances/e@example.com');
		expect(all.body.instances.map((i: { badge: { slug: string } }) => i.badge.slug)).toEqual(['direct-demo', 'issuer-demo']);
		// The program-scoped form ignores its filter.
		const prog = await api(server, 'GET', '/systems/demo/issuers/demo-issuer/programs/demo-program/instances/e@example.com');
		expect(prog.body.instances).toHaveLength(2);
	});

	it('claims codes: /claim only marks, an instance with the code awards and marks it', async () => {
		const claim = await api(server, 'POST', '/systems/demo/badges/direct-demo/codes/DEMO-CLAIM-1/claim', { email: 'c@example.com' });
		expect(claim.status).toBe(200);
		expect(claim.body.claimCode.claimed).toBe(true);
		await server.webhooksIdle();
		expect(server.deliveries).toHaveLength(0);
		const reuse = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'c@example.com', claimCode: 'DEMO-CLAIM-1' });
		expect(reuse.status).toBe(400);
		expect(reuse.body.code).toBe('CodeAlreadyUsed');

		const random = await api(server, 'POST', '/systems/demo/badges/direct-demo/codes/random', {});
		expect(random.status).toBe(201);
		const code = random.body.claimCode.code;
		const award = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'd@example.com', claimCode: code });
		expect(award.status).toBe(201);
		expect(award.body.instance.claimCode).toBe(code);
		const got = await api(server, 'GET', `/systems/demo/badges/direct-demo/codes/${code}`);
		expect(got.body.claimCode).toMatchObject({ claimed: 1, email: 'd@example.com' });
		await server.webhooksIdle();
		expect(server.deliveries.map((d) => d.action)).toEqual(['award']);
	});

	it('bulk-issues, skipping earners who already hold the badge, webhooks in parallel', async () => {
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'b1@example.com' });
		await server.webhooksIdle();
		const r = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances/bulk', {
			emails: ['b1@example.com', 'b2@example.com', 'b3@example.com'],
			comment: 'bulk',
		});
		expect(r.status).toBe(201);
		expect(r.body.status).toBe('created');
		expect(r.body.instances.map((i: { email: string }) => i.email)).toEqual(['b2@example.com', 'b3@example.com']);
		await server.webhooksIdle();
		const bodies = server.deliveries.slice(1).map((d) => JSON.parse(d.body));
		expect(bodies.map((b) => [b.email, b.comment])).toEqual([
			['b2@example.com', 'bulk'],
			['b3@example.com', 'bulk'],
		]);
	});

	it('awards milestones with the wrong badge in the webhook; the assertion names the right one', async () => {
		await api(server, 'POST', '/systems/demo/badges/support-a-demo/instances', { email: 'gina@example.com', comment: 'a' });
		await api(server, 'POST', '/systems/demo/badges/support-b-demo/instances', { email: 'gina@example.com', comment: 'b' });
		await server.webhooksIdle();
		expect(server.deliveries).toHaveLength(3);
		const milestone = JSON.parse(server.deliveries[2].body);
		expect(Object.keys(milestone)).toEqual(['action', 'uid', 'badge', 'email', 'assertionUrl', 'issuedOn']);
		expect(milestone.badge.slug).toBe('support-b-demo');

		const instance = server.store.findInstanceBySlug(milestone.uid)!;
		expect(server.store.badges.get(instance.badgeId)!.slug).toBe('milestone-demo');
		const assertion = await send(server, 'GET', new URL(milestone.assertionUrl).pathname);
		expect(assertion.body.badge).toBe(`${server.url}/public/systems/demo/badges/milestone-demo`);
		const badgeClass = await send(server, 'GET', `/public/systems/demo/badges/milestone-demo`);
		expect(badgeClass.body.name).toBe('Milestone Demo Badge');
	});

	it('serves the public assertion with issuedOn in unix seconds', async () => {
		const r = await api(server, 'POST', '/systems/demo/issuers/demo-issuer/programs/demo-program/badges/program-demo/instances', {
			email: 'pub@example.com',
			expires: 1900000000,
		});
		const slug = r.body.instance.slug;
		const a = await send(server, 'GET', `/public/assertions/${slug}`);
		expect(a.status).toBe(200);
		expect(a.body).toEqual({
			uid: slug,
			recipient: { identity: 'sha256$' + latin1Sha256('pub@example.com'), type: 'email', hashed: true },
			badge: `${server.url}/public/systems/demo/issuers/demo-issuer/programs/demo-program/badges/program-demo`,
			verify: { url: `${server.url}/public/assertions/${slug}`, type: 'hosted' },
			issuedOn: Math.floor(Date.parse(r.body.instance.issuedOn) / 1000),
			expires: 1900000000,
		});
		expect((await send(server, 'GET', '/public/assertions/nope')).status).toBe(404);
	});

	it('builds assertion URLs from publicUrl when given', async () => {
		const s = await createBadgeKitServer({ seed: 'demo', publicUrl: 'http://badgekit.example:8080/' });
		try {
			const r = await api(s, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'p@example.com' });
			expect(r.body.instance.assertionUrl).toBe(`http://badgekit.example:8080/public/assertions/${r.body.instance.slug}`);
			const a = await send(s, 'GET', `/public/assertions/${r.body.instance.slug}`);
			expect(a.body.badge).toBe('http://badgekit.example:8080/public/systems/demo/badges/direct-demo');
		} finally {
			await s.close();
		}
	});

	it('sends a review webhook whose approved follows the required criteria', async () => {
		const base = '/systems/demo/badges/assessed-demo/applications/demo-application-1/reviews';
		await api(server, 'POST', base, {
			author: 'reviewer@example.com',
			comment: 'Great work',
			reviewItems: [
				{ criterionId: 1, satisfied: true, comment: 'yes' },
				{ criterionId: 2, satisfied: false, comment: 'no' },
			],
		});
		await api(server, 'POST', base, { author: 'reviewer2@example.com', reviewItems: [{ criterionId: 1, satisfied: 0 }] });
		await server.webhooksIdle();
		const [yes, no] = server.deliveries.map((d) => JSON.parse(d.body));
		expect(Object.keys(yes)).toEqual(['action', 'application', 'review', 'approved']);
		expect([yes.approved, no.approved]).toEqual([true, false]);
		expect(yes.application.evidence).toEqual([]);
		expect(yes.review.reviewItems[0]).toEqual({ criterionId: 1, satisfied: 1, comment: 'yes' });
	});

	it('records non-200 answers and unreachable receivers as failed deliveries, without retry', async () => {
		receiver.status = 201;
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'f1@example.com' });
		await server.webhooksIdle();
		expect(server.deliveries[0]).toMatchObject({ status: 201, error: expect.stringContaining('201') });
		expect(receiver.received).toHaveLength(1);

		server.setWebhook('demo', { url: 'http://127.0.0.1:9/unreachable', secret: 'x' });
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'f2@example.com' });
		await server.webhooksIdle();
		expect(server.deliveries[1].status).toBeNull();
		expect(server.deliveries[1].error).toBeTruthy();

		server.setWebhook('demo', null);
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'f3@example.com' });
		await server.webhooksIdle();
		expect(server.deliveries).toHaveLength(2);
	});

	it('copes with a bulk award of 2,000 earners', async () => {
		const emails = Array.from({ length: 2000 }, (_, i) => `bulk${i}@example.com`);
		const r = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances/bulk', { emails });
		expect(r.body.instances).toHaveLength(2000);
		await server.webhooksIdle();
		expect(server.deliveries.filter((d) => d.status === 200)).toHaveLength(2000);
		expect(receiver.received).toHaveLength(2000);
	}, 30000);
});

describe('against the captured real deliveries', () => {
	const fixture = (name: string) => ({
		meta: JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')),
		body: fs.readFileSync(path.join(FIXTURES, `${name}.body`), 'utf8'),
	});

	it('signs every captured body to the captured Authorization header', () => {
		for (const name of ['001-review', '002-review', '003-award', '005-award', '007-award', '013-award', '016-award', '017-revoke']) {
			const { meta, body } = fixture(name);
			expect(signWebhook(body, HOOK_SECRET)).toBe(meta.headers.authorization);
		}
	});

	it('sends bodies with the captured shapes and header order', async () => {
		// Rebuild the harness world the captures come from, in a fresh empty server (keeping the
		// posted badge slugs: only the shapes are compared).
		const s = await createBadgeKitServer({ masterSecret: MASTER, badgeSlugs: 'posted' });
		try {
			await api(s, 'POST', '/systems', {
				slug: 'harness-demo',
				name: 'Harness System demo',
				url: 'http://127.0.0.1:8091/',
				email: 'admin@example.org',
			});
			s.setWebhook('harness-demo', { url: receiver.url, secret: HOOK_SECRET });
			const badge = (slug: string, criteria: unknown[] = []) =>
				api(s, 'POST', '/systems/harness-demo/badges', {
					slug,
					name: `Badge ${slug}`,
					strapline: 'A harness badge',
					earnerDescription: 'Earn it by testing.',
					consumerDescription: 'Holder tested things.',
					criteriaUrl: `http://127.0.0.1:8091/criteria/${slug}`,
					unique: 0,
					type: 'skill',
					image: 'http://127.0.0.1:8091/img/badge.png',
					criteria,
				});
			await badge('direct-demo');
			await badge('assessed-demo', [
				{ description: 'Wrote a signed client', required: true, note: 'check the JWT' },
				{ description: 'Wrote a webhook receiver', required: false, note: 'optional' },
			]);
			const app = await api(s, 'POST', '/systems/harness-demo/badges/assessed-demo/applications', { learner: 'learner@example.com' });
			await api(s, 'POST', `/systems/harness-demo/badges/assessed-demo/applications/${app.body.application.slug}/reviews`, {
				author: 'reviewer@example.com',
				comment: 'Great work',
				reviewItems: [{ criterionId: 1, satisfied: 1, comment: 'yes' }],
			});
			await api(s, 'POST', '/systems/harness-demo/badges/direct-demo/instances', { email: 'alice@example.com', comment: 'Well done, Alice' });
			await api(s, 'DELETE', '/systems/harness-demo/badges/direct-demo/instances/alice@example.com');
			await s.webhooksIdle();

			const ours = s.deliveries.map((d) => JSON.parse(d.body));
			expect(shape(ours[0])).toEqual(shape(JSON.parse(fixture('001-review').body)));
			expect(shape(ours[1])).toEqual(shape(JSON.parse(fixture('003-award').body)));
			expect(shape(ours[2])).toEqual(shape(JSON.parse(fixture('017-revoke').body)));

			const names = (raw: string[]) => raw.filter((_, i) => i % 2 === 0);
			const captured = fixture('003-award').meta.rawHeaders as string[];
			expect(names(receiver.received[1].rawHeaders)).toEqual(names(captured));
		} finally {
			await s.close();
		}
	});
});

// --- BadgeKit 0.2.22 as measured (issue 11): slugs, stored text, case, claim codes per badge -------

const NEW_BADGE = {
	name: 'Café ☕ Badge',
	earnerDescription: 'e',
	consumerDescription: 'c',
	criteriaUrl: 'https://demo.example.org/c',
	unique: false,
	type: 'skill',
	image: 'https://demo.example.org/i.png',
};

describe('badge slugs (0.2.22 ignores a posted slug; an update renames)', () => {
	it('stores md5(time + name) whatever slug was posted, and accepts a create without slug', async () => {
		const before = Date.now();
		const r = await api(server, 'POST', '/systems/demo/badges', { ...NEW_BADGE, slug: 'chosen-slug' });
		const after = Date.now();
		expect(r.status).toBe(201);
		const slug = r.body.badge.slug;
		expect(slug).toMatch(/^[0-9a-f]{32}$/);
		// md5 of the creation time in ms followed by the name (latin1, as Node 0.10 hashed strings)
		const candidates = [];
		for (let t = before; t <= after; t++)
			candidates.push(
				crypto
					.createHash('md5')
					.update(String(t) + NEW_BADGE.name, 'latin1')
					.digest('hex'),
			);
		expect(candidates).toContain(slug);
		expect((await api(server, 'GET', '/systems/demo/badges/chosen-slug')).status).toBe(404);
		expect((await api(server, 'GET', `/systems/demo/badges/${slug}`)).body.badge.name).toBe('Café ☕ Badge');

		const noSlug = await api(server, 'POST', '/systems/demo/badges', NEW_BADGE);
		expect(noSlug.status).toBe(201);
		expect(noSlug.body.badge.slug).toMatch(/^[0-9a-f]{32}$/);
	});

	it('keeps the posted slug with badgeSlugs: "posted" (later code), 409 on a duplicate', async () => {
		const later = await createBadgeKitServer({ seed: 'demo', masterSecret: MASTER, badgeSlugs: 'posted' });
		try {
			const r = await api(later, 'POST', '/systems/demo/badges', { ...NEW_BADGE, slug: 'chosen-slug' });
			expect(r.status).toBe(201);
			expect(r.body.badge.slug).toBe('chosen-slug');
			const dup = await api(later, 'POST', '/systems/demo/badges', { ...NEW_BADGE, slug: 'CHOSEN-slug' });
			expect(dup.status).toBe(409);
			expect(dup.body).toMatchObject({ code: 'ResourceConflict', message: 'badge with that `slug` already exists' });
			expect(dup.body.details).toMatchObject({ slug: 'CHOSEN-slug', name: NEW_BADGE.name, systemId: 1 });
		} finally {
			await later.close();
		}
		await expect(createBadgeKitServer({ badgeSlugs: 'kept' as never })).rejects.toThrow(/badgeSlugs/);
	});

	it('renames with a PUT carrying slug, dropping every list the PUT does not resend', async () => {
		const created = await api(server, 'POST', '/systems/demo/badges', {
			...NEW_BADGE,
			criteria: [{ description: 'Do it', required: true, note: 'n' }],
			categories: ['science'],
			tags: ['t1'],
			alignments: [{ name: 'A', url: 'https://a.example.org', description: 'd' }],
		});
		const random = created.body.badge.slug;
		const criterionId = created.body.badge.criteria[0].id;
		// resends criteria (with its id) and tags only
		const put = await api(server, 'PUT', `/systems/demo/badges/${random}`, {
			slug: 'chosen-slug',
			criteria: [{ id: criterionId, description: 'Do it', required: true, note: 'n' }],
			tags: ['t1'],
		});
		expect(put.status).toBe(200);
		expect((await api(server, 'GET', `/systems/demo/badges/${random}`)).status).toBe(404);
		const stored = (await api(server, 'GET', '/systems/demo/badges/chosen-slug')).body.badge;
		expect(stored).toMatchObject({ slug: 'chosen-slug', name: NEW_BADGE.name, categories: [], alignments: [] });
		expect(stored.criteria).toEqual([{ id: criterionId, description: 'Do it', required: 1, note: 'n' }]);
		expect(stored.tags).toEqual(['t1']);
	});

	it('keeps badge slugs unique across systems and ignoring case (409 on a rename)', async () => {
		await api(server, 'POST', '/systems', { slug: 'other', name: 'Other', url: 'https://other.example.org' });
		const r = await api(server, 'POST', '/systems/other/badges', NEW_BADGE);
		const clash = await api(server, 'PUT', `/systems/other/badges/${r.body.badge.slug}`, { slug: 'Direct-Demo' });
		expect(clash.status).toBe(409);
		expect(clash.body.message).toBe('badge with that `slug` already exists');
		// another system cannot reach the badge by its slug
		expect((await api(server, 'GET', '/systems/other/badges/direct-demo')).status).toBe(404);
		// renaming a badge to its own slug in another case is no clash
		expect((await api(server, 'PUT', '/systems/demo/badges/direct-demo', { slug: 'DIRECT-demo' })).status).toBe(200);
	});

	it('ignores `archived` on create; an update archives', async () => {
		const r = await api(server, 'POST', '/systems/demo/badges', { ...NEW_BADGE, archived: true });
		expect(r.body.badge.archived).toBe(false);
		const slug = r.body.badge.slug;
		expect(server.store.findBadge(1, slug)!.archived).toBe(0);
		await api(server, 'PUT', `/systems/demo/badges/${slug}`, { archived: true });
		expect(server.store.findBadge(1, slug)!.archived).toBe(1);
	});
});

describe('case-insensitive matching (utf8_general_ci)', () => {
	it('finds systems, badges and instances whatever the case of slugs and emails', async () => {
		expect((await api(server, 'GET', '/systems/DEMO/badges/Direct-Demo')).body.badge.slug).toBe('direct-demo');
		const first = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'alice@example.com' });
		expect(first.status).toBe(201);
		const again = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'ALICE@Example.com' });
		expect(again.status).toBe(409);
		expect(again.body.details.assertionUrl).toBe(first.body.instance.assertionUrl);
		const listed = await api(server, 'GET', '/systems/demo/instances/Alice@EXAMPLE.com');
		expect(listed.body.instances.map((i: { email: string }) => i.email)).toEqual(['alice@example.com']);
		const revoked = await api(server, 'DELETE', '/systems/demo/badges/direct-demo/instances/ALICE@example.COM');
		expect(revoked.status).toBe(200);
		expect(server.store.instances.size).toBe(0);
	});
});

describe('utf8_general_ci also ignores accents and trailing spaces', () => {
	it('matches "DÉMO-EVENT" to the code DEMO-EVENT and "direct-demo " to the badge direct-demo', async () => {
		expect((await api(server, 'GET', '/systems/demo/badges/direct-demo/codes/D%C3%89MO-EVENT')).body.claimCode.code).toBe('DEMO-EVENT');
		expect((await api(server, 'GET', '/systems/demo/badges/direct-demo%20')).body.badge.slug).toBe('direct-demo');
		const hang = api(server, 'POST', '/systems/demo/badges/direct-demo/codes', { code: 'démo-event ' });
		expect(await raceTimeout(hang, 300)).toBe('timeout');
	});
});

describe('claim codes are unique per badge, compared ignoring case', () => {
	it('accepts the same code on another badge; on the same badge any case hangs', async () => {
		const other = await api(server, 'POST', '/systems/demo/badges/issuer-demo/codes', { code: 'DEMO-CLAIM-1' });
		expect(other.status).toBe(201);
		expect(server.store.claimCodesNamed('demo-claim-1').map((c) => c.badgeId)).toHaveLength(2);
		const sameBadge = api(server, 'POST', '/systems/demo/badges/direct-demo/codes', { code: 'demo-claim-1' });
		expect(await raceTimeout(sameBadge, 300)).toBe('timeout');
		expect(server.store.codesOfBadge(server.store.findBadge(1, 'direct-demo')!.id)).toHaveLength(2); // seed's two
	});

	it('awards, claims and finds codes whatever their case', async () => {
		const award = await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'c@example.com', claimCode: 'demo-claim-1' });
		expect(award.status).toBe(201);
		const direct = server.store.findBadge(1, 'direct-demo')!;
		expect(server.store.findClaimCode(direct.id, 'DEMO-CLAIM-1')).toMatchObject({ claimed: 1, email: 'c@example.com' });
		expect((await api(server, 'GET', '/systems/demo/badges/direct-demo/codes/demo-event')).body.claimCode.code).toBe('DEMO-EVENT');
		expect((await api(server, 'GET', '/systems/demo/codes/Demo-Event')).body.badge.slug).toBe('direct-demo');
		// a code of another badge does not award this one: the real server never answers
		await api(server, 'POST', '/systems/demo/badges/issuer-demo/codes', { code: 'ISSUER-ONLY' });
		const wrongBadge = api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'd@example.com', claimCode: 'ISSUER-ONLY' });
		expect(await raceTimeout(wrongBadge, 300)).toBe('timeout');
	});
});

describe('characters outside the BMP are stored as "?" (3-byte utf8 tables)', () => {
	const TEXT = 'é ☕ 😀';
	const STORED = 'é ☕ ?';

	it('in every stored text field of containers, badges and their lists', async () => {
		await api(server, 'POST', '/systems', { slug: 'emoji', name: TEXT, url: 'https://e.example.org', description: TEXT });
		await api(server, 'POST', '/systems/emoji/issuers', { slug: 'iss', name: TEXT, url: 'https://e.example.org', description: TEXT });
		await api(server, 'POST', '/systems/emoji/issuers/iss/programs', { slug: 'prog', name: TEXT, url: 'https://e.example.org', description: TEXT });
		const b = await api(server, 'POST', '/systems/emoji/badges', {
			...NEW_BADGE,
			name: TEXT,
			strapline: TEXT,
			earnerDescription: TEXT,
			consumerDescription: TEXT,
			criteria: [{ description: TEXT, required: true, note: TEXT }],
			alignments: [{ name: TEXT, url: 'https://a.example.org', description: TEXT }],
			categories: [TEXT],
			tags: [TEXT],
		});
		const slug = b.body.badge.slug;
		expect(slug).toMatch(/^[0-9a-f]{32}$/);
		const system = (await api(server, 'GET', '/systems/emoji')).body.system;
		expect(system.name).toBe(STORED);
		expect(server.store.findSystem('emoji')!.description).toBe(STORED);
		expect((await api(server, 'GET', '/systems/emoji/issuers/iss')).body.issuer).toMatchObject({ name: STORED, description: STORED });
		expect((await api(server, 'GET', '/systems/emoji/issuers/iss/programs/prog')).body.program).toMatchObject({ name: STORED, description: STORED });
		const badge = (await api(server, 'GET', `/systems/emoji/badges/${slug}`)).body.badge;
		expect(badge).toMatchObject({
			name: STORED,
			strapline: STORED,
			earnerDescription: STORED,
			consumerDescription: STORED,
			categories: [STORED],
			tags: [STORED],
		});
		expect(badge.criteria[0]).toMatchObject({ description: STORED, note: STORED });
		expect(badge.alignments[0]).toMatchObject({ name: STORED, description: STORED });
		// an update stores the same way
		await api(server, 'PUT', `/systems/emoji/badges/${slug}`, { name: 'Renamed 🎉' });
		expect(server.store.findBadge(system.id, slug)!.name).toBe('Renamed ?');
	});

	it('in reviews, evidence and claim codes, while an award comment reaches the webhook intact', async () => {
		const app = await api(server, 'POST', '/systems/demo/badges/assessed-demo/applications', {
			learner: 'l@example.com',
			evidence: [{ url: 'https://e.example.org', mediaType: 'link', reflection: TEXT }],
		});
		const appSlug = app.body.application.slug;
		expect((await api(server, 'GET', `/systems/demo/badges/assessed-demo/applications/${appSlug}`)).body.application.evidence[0].reflection).toBe(
			STORED,
		);
		const criterionId = server.store.findBadge(1, 'assessed-demo')!.criteria[0].id;
		const review = await api(server, 'POST', `/systems/demo/badges/assessed-demo/applications/${appSlug}/reviews`, {
			author: 'r@example.com',
			comment: TEXT,
			reviewItems: [{ criterionId, satisfied: true, comment: TEXT }],
		});
		const stored = (await api(server, 'GET', `/systems/demo/badges/assessed-demo/applications/${appSlug}/reviews/${review.body.review.slug}`)).body
			.review;
		expect(stored.comment).toBe(STORED);
		expect(stored.reviewItems[0].comment).toBe(STORED);

		const code = await api(server, 'POST', '/systems/demo/badges/direct-demo/codes', { code: 'CODE-😀' });
		expect(code.body.claimCode.code).toBe('CODE-😀'); // the create echoes the row it inserted
		expect(server.store.findClaimCode(server.store.findBadge(1, 'direct-demo')!.id, 'CODE-?')!.code).toBe('CODE-?');

		await server.webhooksIdle();
		receiver.received.length = 0;
		await api(server, 'POST', '/systems/demo/badges/direct-demo/instances', { email: 'w@example.com', comment: `Well done ${TEXT}` });
		await server.webhooksIdle();
		const award = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.action === 'award');
		expect(award.comment).toBe(`Well done ${TEXT}`);
	});
});

describe('deletes and milestone updates as the real server does them', () => {
	it('deleting an issuer or a program leaves their badges in the system (no foreign keys)', async () => {
		expect((await api(server, 'DELETE', '/systems/demo/issuers/demo-issuer/programs/demo-program')).status).toBe(200);
		const programBadge = (await api(server, 'GET', '/systems/demo/badges/program-demo')).body.badge;
		expect(programBadge.slug).toBe('program-demo');
		expect(programBadge.program).toBeUndefined();
		expect((await api(server, 'DELETE', '/systems/demo/issuers/demo-issuer')).status).toBe(200);
		const slugs = (await api(server, 'GET', '/systems/demo/badges')).body.badges.map((b: { slug: string }) => b.slug);
		expect(slugs).toEqual(expect.arrayContaining(['issuer-demo', 'program-demo']));
		expect((await api(server, 'GET', '/systems/demo/issuers/demo-issuer/badges/issuer-demo')).status).toBe(404);
	});

	it('deleting a badge drops the milestones it is primary of and its place among support badges', async () => {
		const ids = (slug: string) => server.store.findBadge(1, slug)!.id;
		const [milestone] = [...server.store.milestones.values()];
		expect(milestone.supportBadgeIds).toEqual([ids('support-a-demo'), ids('support-b-demo')]);
		await api(server, 'DELETE', '/systems/demo/badges/support-a-demo');
		expect(server.store.milestones.get(milestone.id)!.supportBadgeIds).toEqual([ids('support-b-demo')]);
		await api(server, 'DELETE', '/systems/demo/badges/milestone-demo');
		expect(server.store.milestones.size).toBe(0);
	});

	it('a milestone update without supportBadges deletes them and answers 500', async () => {
		const [milestone] = [...server.store.milestones.values()];
		const r = await api(server, 'PUT', `/systems/demo/milestones/${milestone.id}`, { numberRequired: 1 });
		expect(r.status).toBe(500);
		expect(r.body).toEqual({ message: 'expecting an array, a promise or a thenable' });
		const stored = (await api(server, 'GET', `/systems/demo/milestones/${milestone.id}`)).body.milestone;
		expect(stored.numberRequired).toBe(1);
		expect(stored.supportBadges).toEqual([]);
	});
});

describe('latency model', () => {
	it('makes writes wait for one of its database slots, in arrival order; reads do not wait', async () => {
		const slow = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo', latency: { ms: 150, concurrency: 2 } });
		try {
			const award = (n: number) => api(slow, 'POST', '/systems/demo/badges/direct-demo/instances', { email: `slow${n}@example.org` });
			const started = Date.now();
			const ends: number[] = [];
			const answers = await Promise.all([0, 1, 2, 3].map((n) => award(n).then((res) => (ends.push(Date.now() - started), res.status))));
			expect(answers).toEqual([201, 201, 201, 201]);
			// two slots of 150 ms: two writes end after ~150 ms, the next two after ~300 ms
			expect(Math.max(...ends)).toBeGreaterThanOrEqual(295);
			expect(slow.maxInFlight).toBe(4);
			const readStarted = Date.now();
			expect((await api(slow, 'GET', '/systems/demo/badges/direct-demo')).status).toBe(200);
			expect(Date.now() - readStarted).toBeLessThan(150);
		} finally {
			await slow.close();
		}
	});
});
