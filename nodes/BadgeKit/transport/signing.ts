import { createHash, createSecretKey, type KeyObject } from 'crypto';
import { sign } from 'jsonwebtoken';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** How long a request token is valid. BadgeKit rejects `exp <= now` with no clock skew allowed. */
export const TOKEN_LIFETIME_SECONDS = 60;

const METHODS_WITHOUT_BODY = new Set(['GET', 'DELETE', 'HEAD']);

/**
 * JSON with every non-ASCII character written as a `\uXXXX` escape. Real BadgeKit servers hash the
 * body string as latin1 and patched ones as UTF-8; for pure ASCII both give the same digest.
 */
export function toAsciiJson(value: unknown): string {
	return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The base URL without trailing slashes, as typed into the credential. */
export function normaliseBaseUrl(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** Appends a query object to a URL in a fixed order, so the signed path is exactly the path sent. */
export function appendQuery(url: string, qs: IDataObject | undefined): string {
	if (!qs) return url;
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		params.append(name, String(value));
	}
	const query = params.toString();
	if (!query) return url;
	return url + (url.includes('?') ? '&' : '?') + query;
}

/**
 * The request path BadgeKit sees: path plus query string. A base URL with a path prefix
 * (`https://host/badgekit`) only works behind a proxy that strips the prefix, so the prefix is not
 * part of what BadgeKit checks.
 */
export function signedPathOf(url: string, baseUrl: string): string {
	if (!/^https?:\/\//i.test(url)) return url.startsWith('/') ? url : '/' + url;
	const parsed = new URL(url);
	let path = parsed.pathname;
	const prefix = baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, '') : '';
	if (prefix && path.startsWith(prefix + '/')) path = path.slice(prefix.length);
	return path + parsed.search;
}

// jsonwebtoken first tries a string secret as a PEM private key, and OpenSSL's failed parse costs far
// more than the signature itself. A secret KeyObject skips it (the same HS256 signature).
let lastSecret: string | undefined;
let lastKey: KeyObject | undefined;
function hmacKeyOf(secret: string): KeyObject | string {
	if (!secret) return secret; // jsonwebtoken's own error for an empty secret
	if (secret !== lastSecret || !lastKey) {
		lastKey = createSecretKey(Buffer.from(secret, 'utf8'));
		lastSecret = secret;
	}
	return lastKey;
}

/** A fresh BadgeKit request token (HS256, `typ: JWT`), as its server checks it. */
export function createRequestToken(
	credentials: { key: string; secret: string },
	request: { method: string; path: string; body?: string },
	nowSeconds = Math.floor(Date.now() / 1000),
): string {
	const claims: IDataObject = {
		key: credentials.key,
		method: request.method.toUpperCase(),
		path: request.path,
		exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
	};
	if (request.body !== undefined) claims.body = { alg: 'sha256', hash: sha256Hex(request.body) };
	return sign(claims, hmacKeyOf(credentials.secret), {
		algorithm: 'HS256',
		header: { typ: 'JWT', alg: 'HS256' },
		noTimestamp: true,
	});
}

/**
 * Signs one request for BadgeKit, the credential's `authenticate` step. It fixes the request so that
 * what is signed is exactly what is sent: the query folded into the URL, the body as ASCII JSON (`{}`
 * when a POST/PUT has none, since BadgeKit can never authenticate an empty body), and
 * `Content-Length: 0` on body-less methods other than GET (else BadgeKit answers 415).
 */
export async function signBadgeKitRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const baseUrl = normaliseBaseUrl(requestOptions.baseURL ?? credentials.baseUrl);
	const url = appendQuery(requestOptions.url, requestOptions.qs);
	const headers: IDataObject = { ...(requestOptions.headers ?? {}) };

	let body: string | undefined;
	if (!METHODS_WITHOUT_BODY.has(method)) {
		const given = requestOptions.body;
		if (typeof given === 'string') body = given === '' ? '{}' : given;
		else if (Buffer.isBuffer(given)) body = given.length ? given.toString('utf8') : '{}';
		else if (given instanceof URLSearchParams) body = given.toString();
		else body = toAsciiJson(given ?? {});
		if (!(given instanceof URLSearchParams) && !hasHeader(headers, 'content-type')) {
			headers['Content-Type'] = 'application/json';
		}
	} else if (method !== 'GET' && method !== 'HEAD') {
		headers['Content-Length'] = '0';
	}

	const token = createRequestToken(
		{ key: String(credentials.key || 'master'), secret: String(credentials.secret ?? '') },
		{ method, path: signedPathOf(url, baseUrl), body },
	);
	headers.Authorization = `JWT token="${token}"`;

	const signed: IHttpRequestOptions = { ...requestOptions, method: method as IHttpRequestOptions['method'], url, headers };
	delete signed.qs;
	if (body !== undefined) signed.body = body;
	else delete signed.body;
	return signed;
}

function hasHeader(headers: IDataObject, name: string): boolean {
	return Object.keys(headers).some((header) => header.toLowerCase() === name);
}
