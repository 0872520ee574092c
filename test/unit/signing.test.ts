// transport/signing.ts: the request token BadgeKit checks, and the request fixes that make it pass.
import { createHash } from 'crypto';
import { decode, verify, type JwtPayload } from 'jsonwebtoken';
import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	TOKEN_LIFETIME_SECONDS,
	appendQuery,
	createRequestToken,
	signBadgeKitRequest,
	signedPathOf,
	toAsciiJson,
} from '../../nodes/BadgeKit/transport/signing';

const SECRET = 'signing-test-secret';
const CREDENTIALS = { baseUrl: 'http://badgekit.test:8080', key: 'master', secret: SECRET };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function tokenOf(request: IHttpRequestOptions): { header: Record<string, unknown>; claims: JwtPayload } {
	const authorization = String(request.headers?.Authorization);
	const match = /^JWT token="([^"]+)"$/.exec(authorization);
	expect(match).not.toBeNull();
	const claims = verify(match![1], SECRET, { algorithms: ['HS256'] }) as JwtPayload;
	const { header } = decode(match![1], { complete: true }) as unknown as { header: Record<string, unknown> };
	return { header, claims };
}

describe('toAsciiJson', () => {
	it('writes every non-ASCII character as \\uXXXX, so latin1 and UTF-8 hashes agree', () => {
		const value = { comment: 'Café ☕ — 😀', n: 1 };
		const json = toAsciiJson(value);
		expect(json).toBe('{"comment":"Caf\\u00e9 \\u2615 \\u2014 \\ud83d\\ude00","n":1}');
		expect(/^[\x00-\x7f]*$/.test(json)).toBe(true);
		expect(JSON.parse(json)).toEqual(value);
		expect(createHash('sha256').update(Buffer.from(json, 'latin1')).digest('hex')).toBe(sha256(json));
	});
});

describe('createRequestToken', () => {
	it('has the typ header BadgeKit needs, the claims it checks and a short expiry', () => {
		const now = 1_700_000_000;
		const token = createRequestToken({ key: 'master', secret: SECRET }, { method: 'post', path: '/systems?x=1', body: '{"a":1}' }, now);
		const { header, payload } = decode(token, { complete: true }) as unknown as { header: Record<string, unknown>; payload: JwtPayload };
		expect(header).toEqual({ typ: 'JWT', alg: 'HS256' });
		expect(payload).toEqual({
			key: 'master',
			method: 'POST',
			path: '/systems?x=1',
			exp: now + TOKEN_LIFETIME_SECONDS,
			body: { alg: 'sha256', hash: sha256('{"a":1}') },
		});
		expect(() => verify(token, 'other-secret')).toThrow();
	});

	it('has no body claim without a body (GET/DELETE)', () => {
		const { payload } = decode(createRequestToken({ key: 'k', secret: SECRET }, { method: 'GET', path: '/' }), { complete: true }) as unknown as {
			payload: JwtPayload;
		};
		expect(payload).not.toHaveProperty('body');
		expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
	});
});

describe('signBadgeKitRequest', () => {
	it('GET: signs the path with the query in the order sent, folded into the URL', async () => {
		const signed = await signBadgeKitRequest(CREDENTIALS, {
			method: 'GET',
			baseURL: CREDENTIALS.baseUrl,
			url: '/systems/demo/badges',
			qs: { page: 2, count: 10, archived: 'any' },
		});
		expect(signed.url).toBe('/systems/demo/badges?page=2&count=10&archived=any');
		expect(signed.qs).toBeUndefined();
		expect(signed.body).toBeUndefined();
		const { claims } = tokenOf(signed);
		expect(claims).toMatchObject({ key: 'master', method: 'GET', path: '/systems/demo/badges?page=2&count=10&archived=any' });
		expect(claims).not.toHaveProperty('body');
		expect(signed.headers).not.toHaveProperty('Content-Length');
	});

	it('POST without a body sends and signs {} (BadgeKit can never authenticate an empty body)', async () => {
		const signed = await signBadgeKitRequest(CREDENTIALS, { method: 'POST', url: '/systems/demo/badges/b/codes/random' });
		expect(signed.body).toBe('{}');
		expect(signed.headers?.['Content-Type']).toBe('application/json');
		expect(tokenOf(signed).claims.body).toEqual({ alg: 'sha256', hash: sha256('{}') });
	});

	it('PUT with an empty string body also sends {}', async () => {
		const signed = await signBadgeKitRequest(CREDENTIALS, { method: 'PUT', url: '/x', body: '' });
		expect(signed.body).toBe('{}');
	});

	it('POST with an object body sends it as ASCII JSON and signs exactly those bytes', async () => {
		const signed = await signBadgeKitRequest(CREDENTIALS, { method: 'POST', url: '/x', body: { comment: 'Café ☕' } });
		expect(signed.body).toBe('{"comment":"Caf\\u00e9 \\u2615"}');
		expect(tokenOf(signed).claims.body.hash).toBe(sha256(signed.body as string));
	});

	it('POST with a string body (as the transport sends it) keeps it byte for byte', async () => {
		const body = toAsciiJson({ email: 'a@b.org', comment: 'ü' });
		const signed = await signBadgeKitRequest(CREDENTIALS, { method: 'POST', url: '/x', body, headers: { 'content-type': 'application/json' } });
		expect(signed.body).toBe(body);
		expect(tokenOf(signed).claims.body.hash).toBe(sha256(body));
		expect(signed.headers?.['Content-Type']).toBeUndefined(); // the caller's content-type is kept, not doubled
	});

	it('DELETE sends Content-Length: 0 and no body (else BadgeKit answers 415)', async () => {
		const signed = await signBadgeKitRequest(CREDENTIALS, { method: 'DELETE', url: '/systems/demo/badges/b/instances/a%40b.org' });
		expect(signed.headers?.['Content-Length']).toBe('0');
		expect(signed.body).toBeUndefined();
		const { claims } = tokenOf(signed);
		expect(claims).toMatchObject({ method: 'DELETE', path: '/systems/demo/badges/b/instances/a%40b.org' });
		expect(claims).not.toHaveProperty('body');
	});

	it('uses key "master" when the credential has none', async () => {
		const signed = await signBadgeKitRequest({ ...CREDENTIALS, key: '' }, { method: 'GET', url: '/systems' });
		expect(tokenOf(signed).claims.key).toBe('master');
	});

	it('signs a consumer key as given', async () => {
		const signed = await signBadgeKitRequest({ ...CREDENTIALS, key: 'consumer-1' }, { method: 'GET', url: '/systems/demo' });
		expect(tokenOf(signed).claims.key).toBe('consumer-1');
	});
});

describe('paths', () => {
	it('signedPathOf drops the origin and a base URL prefix a proxy strips', () => {
		expect(signedPathOf('https://h.example/badgekit/systems/demo?page=1', 'https://h.example/badgekit')).toBe('/systems/demo?page=1');
		expect(signedPathOf('https://h.example/systems', 'https://h.example')).toBe('/systems');
		expect(signedPathOf('systems', '')).toBe('/systems');
	});

	it('appendQuery keeps the given order and skips empty values', () => {
		expect(appendQuery('/a', { b: 1, a: 'x y', c: '', d: undefined, e: null })).toBe('/a?b=1&a=x+y');
		expect(appendQuery('/a?z=1', { y: 2 })).toBe('/a?z=1&y=2');
		expect(appendQuery('/a', undefined)).toBe('/a');
	});
});
