import { createHash, createHmac } from 'crypto';
import fc from 'fast-check';
import { sign } from 'jsonwebtoken';

import { verifyDelivery, webhookSecretProblem, type Verification } from '../../nodes/BadgeKit/webhook/verification';
import { FIXTURE_SECRET, loadDeliveries } from '../helpers/fixtures';

const deliveries = loadDeliveries();
const award = deliveries.find((delivery) => delivery.name === '003-award')!;
const nonAscii = deliveries.find((delivery) => !delivery.meta.bodyIsAscii)!;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const header = (token: string) => `JWT token="${token}"`;
const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A token signed like BadgeKit signs its webhooks, over chosen claims. */
function badgeKitToken(claims: object, secret = FIXTURE_SECRET): string {
	return sign(claims, secret, { algorithm: 'HS256', header: { typ: 'JWT', alg: 'HS256' }, noTimestamp: true });
}

function verify(body: Buffer, authorization: string | undefined, secret = FIXTURE_SECRET): Verification {
	return verifyDelivery({ authorization, rawBody: body, secret, clockToleranceSeconds: 0 });
}

function expectRefused(result: Verification, status: number) {
	expect(result.ok).toBe(false);
	if (!result.ok) {
		expect(result.status).toBe(status);
		// The reason leaks neither the secret nor any hash.
		expect(result.reason).not.toContain(FIXTURE_SECRET);
		expect(result.reason).not.toMatch(/[0-9a-f]{32}/);
	}
}

describe('verifyDelivery with real BadgeKit deliveries', () => {
	it.each(deliveries.map((delivery) => [delivery.name, delivery]))('accepts %s', (_name, delivery) => {
		const result = verify(delivery.body, delivery.authorization);
		expect(result.ok).toBe(true);
		if (result.ok) {
			expect(result.body).toEqual(JSON.parse(delivery.body.toString('utf8')));
			expect(result.body.action).toBe(delivery.action);
			expect(delivery.authorization).toContain(result.signature);
		}
	});

	it('accepts the non-ASCII delivery whose hash is over the latin1-cut string, not the UTF-8 bytes', () => {
		expect(sha256Hex(nonAscii.body)).toBe(nonAscii.meta.bodySha256);
		const claims = JSON.parse(Buffer.from(nonAscii.authorization.split('.')[1], 'base64url').toString());
		expect(claims.body.hash).not.toBe(sha256Hex(nonAscii.body));
		expect(verify(nonAscii.body, nonAscii.authorization).ok).toBe(true);
	});

	it('also accepts a non-ASCII body hashed as UTF-8 (a patched BadgeKit on current Node)', () => {
		const token = badgeKitToken({ body: { alg: 'sha256', hash: sha256Hex(nonAscii.body) } });
		expect(verify(nonAscii.body, header(token)).ok).toBe(true);
	});

	it('accepts exp in the future and nbf in the past', () => {
		const now = Math.floor(Date.now() / 1000);
		const token = badgeKitToken({ body: { alg: 'sha256', hash: sha256Hex(award.body) }, exp: now + 60, nbf: now - 60 });
		expect(verify(award.body, header(token)).ok).toBe(true);
	});

	it('uses the body n8n already parsed when given, and parses the raw bytes otherwise', () => {
		const parsed = { action: 'award', parsedBy: 'n8n' };
		const reused = verifyDelivery({ authorization: award.authorization, rawBody: award.body, secret: FIXTURE_SECRET, parsedBody: parsed });
		expect(reused.ok && reused.body).toBe(parsed);
		for (const notAnObject of [undefined, null, [], 'text', award.body]) {
			const parsedHere = verifyDelivery({ authorization: award.authorization, rawBody: award.body, secret: FIXTURE_SECRET, parsedBody: notAnObject });
			expect(parsedHere.ok && parsedHere.body).toEqual(JSON.parse(award.body.toString('utf8')));
		}
		// The signature is checked whatever was parsed.
		expect(verifyDelivery({ authorization: award.authorization, rawBody: Buffer.from('{}'), secret: FIXTURE_SECRET, parsedBody: parsed }).ok).toBe(
			false,
		);
	});

	it('honours the clock tolerance on exp', () => {
		const token = badgeKitToken({ body: { alg: 'sha256', hash: sha256Hex(award.body) }, exp: Math.floor(Date.now() / 1000) - 10 });
		expectRefused(verify(award.body, header(token)), 403);
		const tolerant = verifyDelivery({ authorization: header(token), rawBody: award.body, secret: FIXTURE_SECRET, clockToleranceSeconds: 30 });
		expect(tolerant.ok).toBe(true);
	});
});

describe('verifyDelivery refuses', () => {
	const token = award.authorization.slice('JWT token="'.length, -1);
	const [headerPart, payloadPart, signaturePart] = token.split('.');
	const hashOf = (body: Buffer | string) => ({ body: { alg: 'sha256', hash: sha256Hex(body) } });

	it('no header (401)', () => expectRefused(verify(award.body, undefined), 401));
	it('an empty header (401)', () => expectRefused(verify(award.body, ''), 401));
	it('another scheme (401)', () => {
		expectRefused(verify(award.body, `Bearer ${token}`), 401);
		expectRefused(verify(award.body, `Basic ${token}`), 401);
		expectRefused(verify(award.body, `JWT token=${token}`), 401);
	});
	it('a token with 2 parts (401)', () => expectRefused(verify(award.body, header(`${headerPart}.${payloadPart}`)), 401));
	it('a token with 4 parts (401)', () => expectRefused(verify(award.body, header(`${token}.${signaturePart}`)), 401));
	it('a repeated header (401)', () => {
		expectRefused(verifyDelivery({ authorization: [award.authorization, award.authorization], rawBody: award.body, secret: FIXTURE_SECRET }), 401);
	});

	it('alg none (403)', () => {
		const none = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${payloadPart}.`;
		expectRefused(verify(award.body, header(none)), 401); // an empty signature is not a three-part JWS
		const noneWithSignature = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${payloadPart}.${signaturePart}`;
		expectRefused(verify(award.body, header(noneWithSignature)), 403);
	});

	it('HS512 signed with the right secret (403)', () => {
		const hs512 = sign(hashOf(award.body), FIXTURE_SECRET, { algorithm: 'HS512', noTimestamp: true });
		expectRefused(verify(award.body, header(hs512)), 403);
	});

	it('RS256 tokens, including one "signed" with the secret as if it were a public key (403)', () => {
		const rsHeader = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }));
		const input = `${rsHeader}.${b64url(JSON.stringify(hashOf(award.body)))}`;
		const confused = `${input}.${createHmac('sha256', FIXTURE_SECRET).update(input).digest('base64url')}`;
		expectRefused(verify(award.body, header(confused)), 403);
	});

	it('a wrong secret (403)', () => {
		expectRefused(verify(award.body, header(badgeKitToken(hashOf(award.body), 'not-the-secret'))), 403);
		expectRefused(verify(award.body, award.authorization, 'not-the-secret'), 403);
	});

	it('an empty secret in the credential (403)', () => expectRefused(verify(award.body, award.authorization, ''), 403));

	it('a body tampered by one byte (403)', () => {
		const tampered = Buffer.from(award.body);
		tampered[tampered.indexOf('alice')] = 'm'.charCodeAt(0);
		expectRefused(verify(tampered, award.authorization), 403);
	});

	it('a token from another delivery (403)', () => {
		const other = deliveries.find((delivery) => delivery.name === '017-revoke')!;
		expectRefused(verify(award.body, other.authorization), 403);
	});

	it('a token without a body claim (403)', () => expectRefused(verify(award.body, header(badgeKitToken({ key: 'master' }))), 403));
	it('body.alg other than sha256 (403)', () => {
		expectRefused(verify(award.body, header(badgeKitToken({ body: { alg: 'md5', hash: sha256Hex(award.body) } }))), 403);
		expectRefused(verify(award.body, header(badgeKitToken({ body: { hash: sha256Hex(award.body) } }))), 403);
	});
	it('a malformed hash (403)', () => expectRefused(verify(award.body, header(badgeKitToken({ body: { alg: 'sha256', hash: 'abc' } }))), 403));
	it('the hash of a different body (403)', () => expectRefused(verify(award.body, header(badgeKitToken(hashOf('{"action":"award"}')))), 403));

	it('an expired token (403)', () => {
		const expired = badgeKitToken({ ...hashOf(award.body), exp: Math.floor(Date.now() / 1000) - 120 });
		expectRefused(verify(award.body, header(expired)), 403);
	});
	it('a token not valid yet (403)', () => {
		const early = badgeKitToken({ ...hashOf(award.body), nbf: Math.floor(Date.now() / 1000) + 3600 });
		expectRefused(verify(award.body, header(early)), 403);
	});

	it('a signed body that is not JSON (400)', () => {
		const body = Buffer.from('action=award&email=a@example.com');
		expectRefused(verify(body, header(badgeKitToken(hashOf(body)))), 400);
	});
	it('a signed empty body (400)', () => {
		const body = Buffer.alloc(0);
		expectRefused(verify(body, header(badgeKitToken(hashOf(body)))), 400);
	});
	it('a signed JSON array or scalar body (400)', () => {
		for (const text of ['[{"action":"award"}]', 'null', '42', '"award"']) {
			const body = Buffer.from(text);
			expectRefused(verify(body, header(badgeKitToken(hashOf(body)))), 400);
		}
	});
});

describe('verifyDelivery under random mutation (property-based)', () => {
	const signed = deliveries.map((delivery) => ({
		delivery,
		token: delivery.authorization.slice('JWT token="'.length, -1),
	}));
	const pick = fc.constantFrom(...signed);

	it('never accepts a delivery whose body bytes were changed, and never throws', () => {
		fc.assert(
			fc.property(pick, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ delivery }, position, xor) => {
				const body = Buffer.from(delivery.body);
				body[position % body.length] ^= xor;
				const result = verify(body, delivery.authorization);
				// A flip inside a multi-byte character may map to the same latin1-cut string; only then may it pass.
				if (result.ok) expect(Buffer.from(body.toString('utf8'), 'latin1').equals(Buffer.from(delivery.body.toString('utf8'), 'latin1'))).toBe(true);
				else expect([400, 401, 403]).toContain(result.status);
			}),
			{ numRuns: 3000 },
		);
	});

	it('never accepts a changed token, and never throws', () => {
		fc.assert(
			fc.property(pick, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), ({ delivery, token }, position, replacement) => {
				const index = position % token.length;
				fc.pre(token[index] !== replacement);
				const mutated = token.slice(0, index) + replacement + token.slice(index + 1);
				const result = verify(delivery.body, header(mutated));
				if (result.ok) {
					// base64url's last character carries spare bits: a few changes there decode to the same bytes.
					expect(Buffer.from(mutated.split('.')[2] ?? '', 'base64url').equals(Buffer.from(token.split('.')[2], 'base64url'))).toBe(true);
				} else {
					expect([401, 403]).toContain(result.status);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('never accepts arbitrary headers or bodies, and never throws', () => {
		fc.assert(
			fc.property(pick, fc.string(), fc.uint8Array({ maxLength: 2048 }), ({ delivery }, authorization, bytes) => {
				const byHeader = verify(delivery.body, authorization);
				expect(byHeader.ok).toBe(false);
				const byBody = verify(Buffer.from(bytes), delivery.authorization);
				expect(byBody.ok).toBe(false);
			}),
			{ numRuns: 3000 },
		);
	});

	it('never accepts a real token with its header or payload segments swapped between deliveries', () => {
		fc.assert(
			fc.property(pick, pick, fc.integer({ min: 0, max: 2 }), (a, b, segment) => {
				fc.pre(a.delivery.name !== b.delivery.name);
				const parts = a.token.split('.');
				parts[segment] = b.token.split('.')[segment];
				const result = verify(a.delivery.body, header(parts.join('.')));
				if (segment === 0) expect(result.ok).toBe(parts.join('.') === a.token);
				else expect(result.ok).toBe(false);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('webhookSecretProblem (what the BadgeKit Webhook credential test checks)', () => {
	it('finds nothing wrong with a secret BadgeKit signs real deliveries with', () => {
		expect(webhookSecretProblem(FIXTURE_SECRET)).toBeUndefined();
		expect(webhookSecretProblem('a secret with inner spaces and ünïcödé')).toBeUndefined();
	});

	it('refuses an empty secret', () => {
		expect(webhookSecretProblem('')).toMatch(/empty/);
	});

	it.each([' leading', 'trailing ', 'newline\n', '\ttab'])('refuses spaces or line breaks around the secret (%j)', (secret) => {
		expect(webhookSecretProblem(secret)).toMatch(/starts or ends with a space or a line break/);
	});

	it('refuses a token pasted instead of the secret: the Authorization header or the JWT alone', () => {
		const token = sign({ body: { alg: 'sha256', hash: '0'.repeat(64) } }, FIXTURE_SECRET, { algorithm: 'HS256', noTimestamp: true });
		for (const pasted of [token, `JWT token="${token}"`, `Bearer ${token}`]) expect(webhookSecretProblem(pasted)).toMatch(/looks like a token/);
	});

	it('the check agrees with verification: whatever it accepts, a delivery signed with it verifies', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), (secret) => {
				fc.pre(webhookSecretProblem(secret) === undefined);
				const body = Buffer.from(award.body);
				const hash = createHash('sha256').update(body).digest('hex');
				const token = sign({ body: { alg: 'sha256', hash } }, secret, {
					algorithm: 'HS256',
					header: { typ: 'JWT', alg: 'HS256' },
					noTimestamp: true,
				});
				expect(verifyDelivery({ authorization: `JWT token="${token}"`, rawBody: body, secret }).ok).toBe(true);
			}),
			{ numRuns: 200 },
		);
	});
});
