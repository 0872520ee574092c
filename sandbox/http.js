'use strict';
// HTTP plumbing shared by the routes: JSON responses, restify-style error bodies, body parsing
// (restify's bodyParser as configured by BadgeKit) and field validation (BadgeKit's makeValidator).

const querystring = require('node:querystring');
const { looksLikeDate } = require('./dates');

// --- responses -----------------------------------------------------------------------------------

function sendJson(res, status, body, extraHeaders) {
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(payload),
		...extraHeaders,
	});
	res.end(payload);
}

/** An error a route can return (or throw) to answer with `status` and `body`. */
class HttpError extends Error {
	constructor(status, body) {
		super(body && body.message ? body.message : 'HTTP ' + status);
		this.status = status;
		this.body = body;
	}
}

const errors = {
	/** The finder middleware's 404, e.g. "Could not find badge field: `slug`, value: `x`". */
	notFound(model, field, value) {
		return new HttpError(404, {
			code: 'ResourceNotFound',
			message: 'Could not find ' + model + ' field: `' + field + '`, value: `' + value + '`',
		});
	},
	notFoundMessage(message) {
		return new HttpError(404, { code: 'ResourceNotFound', message });
	},
	validation(details) {
		return new HttpError(400, { code: 'ValidationError', message: 'Could not validate required fields', details });
	},
	conflict(message, details) {
		return new HttpError(409, { code: 'ResourceConflict', message, details });
	},
	/** A database error passed to next(err): 500 with only a `message`, no `code`. */
	database(message) {
		return new HttpError(500, { message });
	},
	codeAlreadyUsed(code) {
		return new HttpError(400, { code: 'CodeAlreadyUsed', message: 'Claim code `' + code + '` has already been claimed' });
	},
};

// --- request bodies ------------------------------------------------------------------------------

/**
 * restify 2 bodyParser({rejectUnknown: true}) as BadgeKit used it. Returns
 * `{ body, raw }` where `raw` is the body string the auth check hashes (undefined when the parser
 * was skipped, which is what makes empty POST/PUT bodies unauthenticatable), or `{ error }`.
 */
function parseBody(method, headers, buffer) {
	const none = { body: {}, raw: undefined };
	if (method === 'GET' || method === 'HEAD') return none;
	const chunked = /chunked/i.test(headers['transfer-encoding'] || '');
	if (headers['content-length'] === '0' && !chunked) return none;

	// Without a Content-Type restify assumes application/octet-stream, which it refuses: that is
	// why a DELETE sent without `Content-Length: 0` gets a 415.
	const type = (headers['content-type'] || 'application/octet-stream').split(';')[0].trim().toLowerCase();
	const raw = buffer.toString('utf8');
	switch (type) {
		case 'application/json': {
			if (raw === '') return { body: {}, raw };
			try {
				const parsed = JSON.parse(raw);
				return { body: parsed && typeof parsed === 'object' ? parsed : {}, raw };
			} catch (e) {
				return { error: new HttpError(400, { code: 'InvalidContent', message: 'Invalid JSON: ' + e.message }) };
			}
		}
		case 'application/x-www-form-urlencoded':
			return { body: { ...querystring.parse(raw) }, raw };
		case 'multipart/form-data':
			// Files go through formidable and no body string is kept, so the hash can never be
			// computed: multipart requests never authenticate on the real server.
			return none;
		default:
			return { error: new HttpError(415, { code: 'UnsupportedMediaType', message: type }) };
	}
}

// --- validation ----------------------------------------------------------------------------------

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INT_RE = /^-?(0|[1-9][0-9]*)$/;

function isUrl(value) {
	try {
		const u = new URL(String(value));
		return ['http:', 'https:', 'ftp:'].includes(u.protocol) && u.hostname !== '';
	} catch (e) {
		return false;
	}
}

// Each check returns the node-validator message on failure, undefined on success.
const checks = {
	len: (min, max) => (v) => {
		const n = String(v).length;
		return n < min || (max !== undefined && n > max) ? 'String is not in range' : undefined;
	},
	isEmail: () => (v) => (EMAIL_RE.test(String(v)) ? undefined : 'Invalid email'),
	isUrl: () => (v) => (isUrl(v) ? undefined : 'Invalid URL'),
	isInt: () => (v) => (INT_RE.test(String(v)) ? undefined : 'Invalid integer'),
	isIn: (list) => (v) => (list.includes(String(v)) ? undefined : 'Unexpected value or invalid argument'),
	isDate: () => (v) => (looksLikeDate(v) ? undefined : 'Not a date'),
};

function required(check, ...args) {
	return { required: true, test: checks[check](...args) };
}

function optional(check, ...args) {
	return { required: false, test: checks[check](...args) };
}

/**
 * BadgeKit's makeValidator: rules are checked in the table's field order. A missing required
 * field yields `{field, value: ''}` (its Error message is not enumerable, so it never reaches the
 * JSON); a failing check yields `{field, value, message}`.
 */
function validate(row, rules) {
	const details = [];
	for (const field of Object.keys(rules)) {
		const rule = rules[field];
		const value = row[field];
		if (value === undefined || value === null) {
			if (rule.required) details.push({ field, value: '' });
			continue;
		}
		const message = rule.test(value);
		if (message) details.push({ field, value: value || '', message });
	}
	return details;
}

/** Drops undefined keys (what a DB row echoed back in a 409 `details` looks like). */
function compact(obj) {
	const out = {};
	for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
	return out;
}

/** MySQL TINYINT coercion of user booleans ('true', true, 1, '1' → 1). */
function toFlag(value) {
	return value === true || value === 1 || value === '1' || value === 'true' ? 1 : 0;
}

/** MySQL INT coercion for optional numeric columns. */
function toIntOrNull(value) {
	if (value === undefined || value === null || value === '') return null;
	const n = parseInt(value, 10);
	return Number.isNaN(n) ? null : n;
}

function toArray(value) {
	if (value === undefined || value === null) return [];
	return Array.isArray(value) ? value : [value];
}

module.exports = {
	sendJson,
	HttpError,
	errors,
	parseBody,
	validate,
	required,
	optional,
	compact,
	toFlag,
	toIntOrNull,
	toArray,
};
