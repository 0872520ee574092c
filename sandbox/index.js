'use strict';
// A BadgeKit API 0.2.22-compatible HTTP server for tests, the `npm start` sandbox and benchmarks.
// See README.md beside this file for the API, the store shape and the reproduced quirks.
//
// Request pipeline (the same order as restify + BadgeKit, which decides which error wins):
//   log → read body → injected faults → route match (404/405) → body parser (415/400)
//   → request verification (403, or 500 + dropped socket) → route handler.

const http = require('node:http');
const { Store } = require('./store');
const { seed: applySeed } = require('./seed');
const { Router } = require('./router');
const { Webhooks, signWebhook } = require('./webhooks');
const { signRequest } = require('./jwt');
const { runWebhookSql } = require('./sql');
const { verifyRequest, isPublicUrl } = require('./auth');
const { sendJson, parseBody, HttpError } = require('./http');

/** Returned by a route handler: the request is never answered (real-server hangs). */
const HANG = Symbol('hang');

const REQUEST_LOG_SIZE = 1000;

const ROUTE_MODULES = [
	require('./routes/public'),
	require('./routes/containers'),
	require('./routes/badges'),
	require('./routes/claim-codes'),
	require('./routes/instances'),
	require('./routes/assessment'),
	require('./routes/milestones'),
];

const DEFAULT_FAULT_CODES = {
	400: 'BadRequest',
	403: 'NotAuthorized',
	404: 'ResourceNotFound',
	429: 'TooManyRequests',
	500: 'InternalError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', () => resolve(Buffer.concat(chunks)));
		req.on('aborted', () => resolve(Buffer.concat(chunks)));
	});
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Fitted to awards measured on a real BadgeKit 0.2.22 + MariaDB 10.11 (README.md, "Latency model"):
 * quiet: ≈6 ms an award one after another, and concurrent awards no faster (5.9 ms);
 * busy (another job writing to the disk): 13–20 ms one after another, 7.5 ms each when concurrent.
 * The sandbox's own work per request comes on top.
 */
const LATENCY_PRESETS = {
	quiet: { ms: 5.5, concurrency: 1 },
	busy: { ms: 15, concurrency: 2 },
};

/**
 * The latency model: `concurrency` database slots, each write holding one for `ms` (a committed
 * MySQL write), later writes queued in arrival order. Without it (the default) writes take no time.
 */
function databaseSlots(latency) {
	if (!latency || !(Number(latency.ms) > 0)) return undefined;
	const ms = Number(latency.ms);
	const slots = Math.max(1, Math.floor(Number(latency.concurrency ?? 1)));
	if (!Number.isFinite(slots)) throw new Error('latency.concurrency must be a number of slots, not ' + JSON.stringify(latency.concurrency));
	let busy = 0;
	const queue = [];
	const next = () => {
		busy--;
		const waiting = queue.shift();
		if (waiting) start(waiting);
	};
	const start = (resolve) => {
		busy++;
		setTimeout(() => {
			next();
			resolve();
		}, ms);
	};
	return {
		write: () => new Promise((resolve) => (busy < slots ? start(resolve) : queue.push(resolve))),
	};
}

/**
 * @param {object} [options]
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.port=0]                 0 picks a free port
 * @param {string} [options.masterSecret='bk-master-secret']  secret of key "master"
 * @param {Array<{key: string, secret: string, system: string}>} [options.consumers]
 * @param {'empty'|'demo'} [options.seed='empty']
 * @param {string} [options.publicUrl]              base of assertion URLs (default: server.url)
 * @param {'generated'|'posted'} [options.badgeSlugs='generated']  'generated': badge create ignores
 *        the posted slug and stores md5(time + name), as 0.2.22 does; 'posted': keeps it (later code)
 * @param {Record<string, {url: string, secret: string}>} [options.webhooks]  per system slug;
 *        unlike setWebhook(), these survive reset()
 * @param {{ms: number, concurrency?: number}} [options.latency]  none by default: each write (POST,
 *        PUT, DELETE) waits `ms` for one of `concurrency` database slots before it is handled, like a
 *        committed write of BadgeKit + MySQL (see README.md, "Latency model")
 */
async function createBadgeKitServer(options = {}) {
	const opts = {
		host: '127.0.0.1',
		port: 0,
		masterSecret: 'bk-master-secret',
		consumers: [],
		seed: 'empty',
		publicUrl: undefined,
		webhooks: {},
		badgeSlugs: 'generated',
		latency: undefined,
		...options,
	};
	const database = databaseSlots(opts.latency);
	if (!['generated', 'posted'].includes(opts.badgeSlugs)) {
		throw new Error('badgeSlugs must be "generated" (BadgeKit 0.2.22) or "posted" (later code), not ' + JSON.stringify(opts.badgeSlugs));
	}

	const store = new Store();
	const webhooks = new Webhooks(store);
	const keys = {
		masterSecret: opts.masterSecret,
		consumers: new Map(opts.consumers.map((c) => [c.key, { secret: c.secret, system: c.system }])),
	};
	const requests = [];
	const faults = [];
	const sockets = new Set();
	const held = new Set(); // responses we deliberately never answer
	const load = { inFlight: 0, maxInFlight: 0 }; // requests received and not yet answered or closed

	let url = '';
	const base = () => (opts.publicUrl ? String(opts.publicUrl).replace(/\/+$/, '') : url);

	const router = new Router();
	for (const register of ROUTE_MODULES) register(router, { store, base, HANG, options: opts });

	function systemIdOf(what, systemSlug) {
		const system = store.findSystem(systemSlug);
		if (!system) throw new Error(what + ': no system with slug "' + systemSlug + '"');
		return system.id;
	}

	/** Replaces the system's rows in the webhooks table by this one (what the registration SQL does). */
	function setWebhook(systemSlug, hook) {
		const systemId = systemIdOf('setWebhook', systemSlug);
		store.deleteWebhooks(systemId);
		if (hook !== null && hook !== undefined) store.addWebhook(systemId, { url: hook.url, secret: hook.secret });
	}

	/** A plain INSERT: a further row for the system, which BadgeKit never calls while an older one exists. */
	function addWebhook(systemSlug, hook) {
		store.addWebhook(systemIdOf('addWebhook', systemSlug), { url: hook.url, secret: hook.secret });
	}

	function reset(seedName) {
		store.reset();
		applySeed(store, seedName || opts.seed);
		for (const [slug, hook] of Object.entries(opts.webhooks || {})) setWebhook(slug, hook);
		webhooks.deliveries.length = 0;
		requests.length = 0;
		faults.length = 0;
		load.maxInFlight = load.inFlight;
	}

	function takeFault(probe) {
		for (let i = 0; i < faults.length; i++) {
			const rule = faults[i];
			if (rule.match && !rule.match(probe)) continue;
			rule.times--;
			if (rule.times <= 0) faults.splice(i, 1);
			return rule;
		}
		return undefined;
	}

	function hold(res) {
		held.add(res);
		res.on('close', () => held.delete(res));
	}

	function send(res, status, body, headers) {
		if (res.headersSent || res.destroyed) return;
		sendJson(res, status, body, headers);
	}

	async function handle(req, res) {
		const entry = { method: req.method, url: req.url, status: null };
		requests.push(entry);
		if (requests.length > REQUEST_LOG_SIZE) requests.shift();
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		load.inFlight++;
		load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
		res.once('close', () => load.inFlight--);

		const buffer = await readBody(req);
		const method = req.method;
		const rawUrl = req.url;

		if (faults.length) {
			const fault = takeFault({ method, url: rawUrl, headers: req.headers, body: buffer.toString('utf8') });
			if (fault && fault.kind === 'hang') return hold(res);
			if (fault) {
				const body =
					fault.body !== undefined ? fault.body : { code: DEFAULT_FAULT_CODES[fault.status] || 'InjectedFailure', message: 'Injected failure' };
				return send(res, fault.status, body, fault.headers);
			}
		}

		const q = rawUrl.indexOf('?');
		const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
		const match = router.match(method, pathname);
		if (!match) return send(res, 404, { code: 'ResourceNotFound', message: pathname + ' does not exist' });
		if (match.allowed) {
			return send(res, 405, { code: 'MethodNotAllowedError', message: method + ' is not allowed' }, { Allow: match.allowed.join(', ') });
		}

		const parsed = parseBody(method, req.headers, buffer);
		if (parsed.error) return send(res, parsed.error.status, parsed.error.body);

		if (!isPublicUrl(rawUrl)) {
			const auth = verifyRequest(
				{ method, url: rawUrl, authorization: req.headers.authorization, rawBody: parsed.raw, params: match.route && match.params },
				keys,
			);
			if (!auth.ok && auth.fatal) {
				// restify's uncaught-exception 500; the real server then drops the keep-alive socket.
				res.on('finish', () => req.socket.destroy());
				return send(res, 500, { code: 'InternalError', message: auth.message }, { Connection: 'close' });
			}
			if (!auth.ok) return send(res, auth.status, { code: 'NotAuthorized', message: auth.message });
		}

		const ctx = {
			method,
			url: rawUrl,
			params: match.params,
			query: q === -1 ? {} : Object.fromEntries(new URLSearchParams(rawUrl.slice(q + 1))),
			body: parsed.body,
			/** Queue webhook payloads for `systemId`, sent (in parallel) once this response is out. */
			webhook: (systemId, payloads) => webhooks.sendAfter(res, systemId, payloads),
		};

		if (database && WRITES.has(method)) await database.write();
		if (res.destroyed) return;

		let result;
		try {
			result = match.route.handler(ctx);
		} catch (e) {
			if (e instanceof HttpError) return send(res, e.status, e.body);
			// An unexpected bug in this server: answer like restify does for a plain Error.
			return send(res, 500, { message: e && e.message ? e.message : String(e) });
		}
		if (result === HANG) return hold(res);
		return send(res, result.status, result.body, result.headers);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((e) => send(res, 500, { message: String(e && e.message) }));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	reset(opts.seed);

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const host = address.family === 'IPv6' ? '[' + address.address + ']' : address.address;
	url = 'http://' + host + ':' + address.port;

	let closing;
	return {
		url,
		port: address.port,
		store,
		deliveries: webhooks.deliveries,
		requests,
		setWebhook,
		addWebhook,
		runSql: (sql) => runWebhookSql(store, sql),
		webhooksIdle: () => webhooks.idle(),
		/** Answer the next matching request(s) with `status`/`body` instead of handling them. */
		failNext({ status = 500, body, headers, times = 1, match } = {}) {
			faults.push({ kind: 'fail', status, body, headers, times, match });
		},
		/** Never answer the next matching request(s); close() destroys their sockets. */
		hangNext({ times = 1, match } = {}) {
			faults.push({ kind: 'hang', times, match });
		},
		reset,
		/** Requests received and not yet answered (or closed) now, and at most since the last reset(). */
		get inFlight() {
			return load.inFlight;
		},
		get maxInFlight() {
			return load.maxInFlight;
		},
		/** Stops listening, destroys every socket (hanging ones included) and in-flight webhooks. */
		close() {
			if (!closing) {
				closing = new Promise((resolve) => {
					webhooks.close();
					server.close(() => resolve());
					for (const res of held) res.destroy();
					for (const socket of sockets) socket.destroy();
					server.closeAllConnections();
				});
			}
			return closing;
		},
		/**
		 * A signed API call as the master key: what a BadgeKit admin or another app does beside n8n
		 * (award, review, revoke). → {status, json, text}; `json` is null when the answer is not JSON.
		 */
		asMaster(method, pathname, body) {
			return masterRequest(url, keys.masterSecret, method, pathname, body);
		},
		/** For debugging: the underlying node:http server. */
		httpServer: server,
	};
}

function masterRequest(baseUrl, secret, method, pathname, body) {
	const text = body === undefined ? undefined : JSON.stringify(body);
	const headers = { authorization: signRequest(method, pathname, text, secret) };
	if (text !== undefined) headers['content-type'] = 'application/json';
	else if (method !== 'GET') headers['content-length'] = '0';
	return new Promise((resolve, reject) => {
		const req = http.request(baseUrl + pathname, { method, headers, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => {
				const answer = Buffer.concat(chunks).toString('utf8');
				let json = null;
				try {
					json = JSON.parse(answer);
				} catch {
					// BadgeKit answers some errors as text
				}
				resolve({ status: res.statusCode, json, text: answer });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(text);
	});
}

module.exports = { createBadgeKitServer, signWebhook, signRequest, HANG, LATENCY_PRESETS };
