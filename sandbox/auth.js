'use strict';
// Request verification, reproducing BadgeKit API 0.2.22's verifyRequest middleware check by check
// and in the same order (the order decides which 403 message a broken client sees).

const jwt = require('./jwt');

const BODYLESS_METHODS = /^(GET|DELETE|HEAD)$/i;

/** Routes that need no token: the health check and everything under /public/. */
function isPublicUrl(url) {
	if (url.indexOf('/public/') === 0) return true;
	const path = url.split('?')[0];
	return path === '/' || path === '/healthcheck';
}

function getAuthToken(header) {
	if (!header) return undefined;
	const match = /^JWT token="(.+?)"$/.exec(header);
	return match ? match[1] : undefined;
}

/**
 * @param {object} req
 * @param {string} req.method
 * @param {string} req.url        raw request URL, query string included, exactly as sent
 * @param {string} [req.authorization]
 * @param {string} [req.rawBody]  body string as the server saw it; undefined when no body was parsed
 * @param {object} req.params     route params (consumer keys are checked against params.systemSlug)
 * @param {object} keys           { masterSecret, consumers: Map<key, {secret, system}> }
 * @returns {{ok: true} | {ok: false, status: 403, message: string} | {ok: false, status: 500, fatal: true, message: string}}
 */
function verifyRequest(req, keys) {
	const deny = (message) => ({ ok: false, status: 403, message });

	const token = getAuthToken(req.authorization);
	if (!token) return deny('Missing valid Authorization header');

	let parts;
	try {
		parts = jwt.decode(token);
	} catch (e) {
		return deny('Could not decode JWT');
	}
	// The real server dereferences `parts.payload` outside its try block: a token that is not a
	// three-part JWS throws a TypeError there, which restify turns into a 500 and a dropped socket.
	if (parts === null) {
		return { ok: false, status: 500, fatal: true, message: "Cannot read property 'payload' of null" };
	}

	const auth = parts.payload;
	if (!auth) return deny('Missing JWT payload');
	// Without `typ: "JWT"` the payload stays a string, so every claim reads as missing: the first
	// one checked is `method`, hence the misleading message.
	if (!auth.method) return deny('Missing JWT claim: method');
	if (String(auth.method).toUpperCase() !== req.method.toUpperCase()) {
		return deny('`method` does not match: using "' + auth.method + '" token for "' + req.method + '" request');
	}
	if (!auth.path) return deny('Missing JWT claim: path');
	if (auth.path !== req.url) {
		return deny('`path` does not match: trying to use token for "' + auth.path + '" on "' + req.url + '"');
	}

	const now = (Date.now() / 1000) | 0;
	// No clock skew allowed, and the real message really lacks its closing parenthesis.
	if (auth.exp && auth.exp <= now) {
		return deny('Token is expired (token expiry: ' + auth.exp + ', server time: ' + now);
	}

	if (!BODYLESS_METHODS.test(req.method)) {
		if (!auth.body) return deny('Missing JWT claim: body');
		if (!auth.body.alg) return deny('Missing JWT claim: body.alg');
		if (!auth.body.hash) return deny('Missing JWT claim: body.hash');
		const givenHash = auth.body.hash;
		let computedHash;
		try {
			// Any algorithm node:crypto knows works (sha1, md5...), like the real server; an empty
			// body (never parsed, so undefined) makes the hash throw.
			computedHash = jwt.latin1Hash(auth.body.alg, req.rawBody);
		} catch (e) {
			return deny('Could not calculate hash, unsupported algorithm: ' + auth.body.alg);
		}
		if (givenHash !== computedHash) {
			return deny('Computed hash does not match given hash: ' + givenHash + ' != ' + computedHash);
		}
	}

	if (!auth.key) return deny('Missing JWT claim: key');

	if (auth.key === 'master') {
		if (!jwt.verify(token, parts.header, keys.masterSecret)) return deny('Invalid token signature');
		return { ok: true, key: 'master' };
	}

	const consumer = keys.consumers.get(auth.key);
	if (!consumer) return deny('Could not find consumer for API key');
	// Only routes with a :systemSlug param qualify, so GET /systems, POST /systems and
	// PUT/DELETE /systems/:slug (whose param the real server names systemId) refuse consumer keys.
	const systemSlug = req.params && req.params.systemSlug;
	if (!systemSlug || consumer.system !== systemSlug) return deny('Invalid token for system');
	if (!jwt.verify(token, parts.header, consumer.secret)) return deny('Invalid token signature');
	return { ok: true, key: auth.key };
}

module.exports = { verifyRequest, isPublicUrl, getAuthToken };
