'use strict';
// Minimal JWS (compact form) helpers built on node:crypto, written to behave like the old
// `jws` 0.2 module BadgeKit API 0.2.22 used (so we can reproduce its quirks exactly):
//  - decode() only JSON-parses the payload when the header says `typ: "JWT"`;
//  - verify() accepts `alg: "none"` with an empty signature (the real server's hole);
//  - hashes of strings are taken the Node 0.10 way (latin1, see latin1Hash).

const crypto = require('node:crypto');

// Same shape check as jws' isValidJws: three dot-separated base64url parts, signature may be empty.
const JWS_RE = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;

const HMAC_ALGS = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function b64urlEncode(input) {
	return Buffer.from(input).toString('base64url');
}

function b64urlDecode(input) {
	return Buffer.from(input, 'base64url').toString('utf8');
}

/**
 * Hash a *string* like Node 0.10's `hash.update(string)` did: default encoding 'binary' (latin1),
 * i.e. every UTF-16 code unit is cut to its low byte. For pure-ASCII strings this equals the
 * UTF-8 hash; for `é` or `☕` it does not. Throws for unknown algorithms or a non-string body,
 * like the real server's hash() did (that throw becomes "Could not calculate hash").
 */
function latin1Hash(alg, body) {
	if (typeof body !== 'string') throw new TypeError('Not a string or buffer');
	return crypto.createHash(alg).update(body, 'latin1').digest('hex');
}

function hmac(alg, secret, input) {
	return crypto.createHmac(HMAC_ALGS[alg], secret).update(input).digest('base64url');
}

/** Sign a compact JWS. `header` and `payload` are serialised with JSON.stringify in key order given. */
function sign(header, payload, secret) {
	const input = b64urlEncode(JSON.stringify(header)) + '.' + b64urlEncode(JSON.stringify(payload));
	if (header.alg === 'none') return input + '.';
	if (!HMAC_ALGS[header.alg]) throw new Error('Unsupported alg ' + header.alg);
	return input + '.' + hmac(header.alg, secret, input);
}

/**
 * Decode like jws.decode: returns null when the token is not a three-part JWS (the real server
 * then crashes on `null.payload` → 500), throws when the header (or a JWT payload) is not JSON.
 */
function decode(token) {
	if (!JWS_RE.test(token)) return null;
	const [h, p] = token.split('.');
	const header = JSON.parse(b64urlDecode(h));
	if (!header || typeof header !== 'object') throw new Error('Invalid header');
	let payload = b64urlDecode(p);
	if (header.typ === 'JWT') payload = JSON.parse(payload);
	return { header, payload };
}

/** Verify the signature of a token whose header has already been decoded. */
function verify(token, header, secret) {
	const parts = token.split('.');
	const input = parts[0] + '.' + parts[1];
	const signature = parts[2] || '';
	if (header.alg === 'none') return signature === '';
	if (!HMAC_ALGS[header.alg] || typeof secret !== 'string') return false;
	const expected = Buffer.from(hmac(header.alg, secret, input));
	const given = Buffer.from(signature);
	return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

const CLIENT_HEADER = { typ: 'JWT', alg: 'HS256' };

/**
 * The one signer of the tests and benchmarks. `body` (a string) given: a webhook delivery as BadgeKit
 * signs it (claims only {body: {alg, hash}}). With `request` too: an API request as BadgeKit's clients
 * sign it (key, method, path with its query, expiry in 60 s, and the body's hash when there is one).
 * Returns the Authorization header's value, `JWT token="…"`.
 */
function authorization(secret, body, request) {
	const claims = request ? { key: request.key || 'master', method: request.method, path: request.path, exp: Math.floor(Date.now() / 1000) + 60 } : {};
	if (body !== undefined) claims.body = { alg: 'sha256', hash: latin1Hash('sha256', body) };
	return 'JWT token="' + sign(CLIENT_HEADER, claims, secret) + '"';
}

/** The Authorization header of a signed BadgeKit API request (see `authorization`). */
function signRequest(method, path, body, secret, key) {
	return authorization(secret, body, { method, path, key });
}

module.exports = { sign, decode, verify, latin1Hash, b64urlEncode, b64urlDecode, authorization, signRequest };
