import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from 'crypto';
import { TokenExpiredError, NotBeforeError, verify } from 'jsonwebtoken';
import type { IDataObject } from 'n8n-workflow';

/**
 * Verifies one BadgeKit webhook delivery: the `Authorization: JWT token="…"` header, the HS256
 * signature, optional exp/nbf, and the sha256 body hash inside the token against the raw bytes.
 * Pure: no n8n, no I/O, never throws. Reasons are short and name no secret or hash.
 */

export type Verification =
	| {
			ok: true;
			/** The delivery's JSON object. */
			body: IDataObject;
			/** The token's signature: identical deliveries have identical signatures (replay key). */
			signature: string;
	  }
	| { ok: false; status: 400 | 401 | 403; reason: string };

export interface VerifyOptions {
	authorization: string | string[] | undefined;
	rawBody: Buffer;
	secret: string;
	/** Seconds of clock skew allowed on `exp`/`nbf` when a token carries them. */
	clockToleranceSeconds?: number;
	/**
	 * The body as n8n already parsed it from these raw bytes, if it did: parsing 10 KB again would cost
	 * more than the whole signature check. Anything but a plain object is re-parsed from the raw bytes.
	 */
	parsedBody?: unknown;
}

// Exactly what BadgeKit sends: the scheme, one space, a quoted three-part JWS.
const AUTHORIZATION_PATTERN = /^JWT token="([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+))"$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

function refuse(status: 400 | 401 | 403, reason: string): Verification {
	return { ok: false, status, reason };
}

export function verifyDelivery({ authorization, rawBody, secret, clockToleranceSeconds = 0, parsedBody }: VerifyOptions): Verification {
	if (authorization === undefined || authorization === '') return refuse(401, 'Missing Authorization header');
	if (typeof authorization !== 'string') return refuse(401, 'Malformed Authorization header');
	const match = AUTHORIZATION_PATTERN.exec(authorization.trim());
	if (!match) return refuse(401, 'Malformed Authorization header: expected JWT token="<jwt>"');
	const [, token, signature] = match;
	if (!secret) return refuse(403, 'No webhook secret is set in the BadgeKit Webhook credential');

	let claims: unknown;
	try {
		// HS256 only: no "none", no other HMAC size, no public-key algorithm with the secret as key.
		claims = verify(token, hmacKey(secret), { algorithms: ['HS256'], clockTolerance: clockToleranceSeconds });
	} catch (error) {
		if (error instanceof TokenExpiredError) return refuse(403, 'Token expired');
		if (error instanceof NotBeforeError) return refuse(403, 'Token not yet valid');
		return refuse(403, 'Invalid token signature');
	}

	const bodyClaim = (claims as IDataObject | null)?.body as IDataObject | undefined;
	if (!bodyClaim || typeof bodyClaim !== 'object') return refuse(403, 'Token has no body hash');
	if (typeof bodyClaim.alg !== 'string' || bodyClaim.alg.toLowerCase() !== 'sha256') {
		return refuse(403, 'Unsupported body hash algorithm');
	}
	if (typeof bodyClaim.hash !== 'string' || !HEX_SHA256.test(bodyClaim.hash)) return refuse(403, 'Malformed body hash');
	if (!bodyHashMatches(rawBody, Buffer.from(bodyClaim.hash, 'hex'))) return refuse(403, 'Body does not match its signed hash');

	let body = parsedBody;
	if (!isPlainObject(body)) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return refuse(400, 'Body is not JSON');
		}
	}
	if (!isPlainObject(body)) return refuse(400, 'Body is not a JSON object');
	return { ok: true, body, signature };
}

/**
 * What the BadgeKit Webhook credential's test can check. BadgeKit keeps the webhook secret in its
 * database only (no API reads or uses it), so no request can prove it: only the first delivery does.
 * This finds the mistakes that would make every delivery fail: no secret, spaces or line breaks
 * around it (BadgeKit signs with the stored value exactly), or a pasted token instead of the secret.
 * Undefined when none is found.
 */
export function webhookSecretProblem(secret: string): string | undefined {
	if (!secret) return "The secret is empty. Enter the secret of your system's row in BadgeKit's webhooks table.";
	if (secret.trim() !== secret) {
		return 'The secret starts or ends with a space or a line break. BadgeKit signs with the secret exactly as stored in its webhooks table: remove them unless the stored secret has them too.';
	}
	if (/^(JWT\s+token=|Bearer\s)/i.test(secret) || /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(secret)) {
		return "This looks like a token from a delivery, not the secret. Enter the secret column of your system's row in BadgeKit's webhooks table.";
	}
	return undefined;
}

function isPlainObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

// jsonwebtoken given a string secret first tries to read it as a PEM key, which costs ~450 µs; a
// KeyObject costs ~2 µs to make. The last one is kept for its secret only: a changed credential
// brings a different secret, and so a new key.
let lastKey: { secret: string; key: KeyObject } | undefined;
function hmacKey(secret: string): KeyObject {
	if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
	return lastKey.key;
}

/**
 * BadgeKit hashes the body string as latin1 (each UTF-16 code unit cut to its low byte); a patched
 * server hashes the UTF-8 bytes. Both agree on ASCII bodies, so the latin1 form is only computed
 * when the UTF-8 digest does not match and the body has non-ASCII bytes.
 */
export function bodyHashMatches(rawBody: Buffer, expected: Buffer): boolean {
	if (timingSafeEqual(sha256(rawBody), expected)) return true;
	if (isAscii(rawBody)) return false;
	return timingSafeEqual(sha256(Buffer.from(rawBody.toString('utf8'), 'latin1')), expected);
}

function sha256(data: Buffer): Buffer {
	return createHash('sha256').update(data).digest();
}

function isAscii(data: Buffer): boolean {
	for (let i = 0; i < data.length; i++) if (data[i] > 0x7f) return false;
	return true;
}
