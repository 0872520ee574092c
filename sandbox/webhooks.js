'use strict';
// Outgoing webhooks, sent exactly like BadgeKit API 0.2.22 sends them (see the captured
// deliveries in test/fixtures/webhooks): a POST per event to the URL of the system's first row in
// the webhooks table (further rows are never called),
// `Content-Type: application/json` (no charset), `Authorization: JWT token="…"` whose claims are
// only {body: {alg, hash}}, no User-Agent, no timeout, no retry; anything but 200 is a failure.

const http = require('node:http');
const https = require('node:https');
const jwt = require('./jwt');

/** The Authorization header value for a webhook body, signed with the webhook's secret. */
function signWebhook(bodyString, secret) {
	return jwt.authorization(secret, bodyString);
}

class Webhooks {
	constructor(store) {
		this.store = store;
		/** Every delivery in send order: {action, url, status, body, authorization, error}. */
		this.deliveries = [];
		// Bulk and milestone awards fire all their deliveries at once; a burst of 5,000 must not
		// open 5,000 sockets (ephemeral-port exhaustion, EMFILE). Keep-alive sockets, at most 256
		// per receiver; the rest wait in the agent's queue, which has no timeout either. An idle socket is
		// dropped after 4 s, before a Node receiver's 5 s keep-alive timeout closes it under a new request
		// (that race lost one delivery of a 2,000 bulk award on a loaded machine).
		const agentOptions = { keepAlive: true, maxSockets: 256, timeout: 4000 };
		this.agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
		this.pending = 0;
		this.waiters = [];
		this.inflight = new Set();
		this.closed = false;
	}

	/**
	 * Send `payloads` (objects, serialised in their key order) to the webhook of `systemId` once
	 * `res` has been answered, all in the same tick, i.e. in parallel like Promise.all(hook.call).
	 * No webhook row for the system → nothing is sent (the real server only logs it).
	 */
	sendAfter(res, systemId, payloads) {
		if (!payloads.length) return;
		this.pending++;
		let done = false;
		const go = () => {
			if (done) return;
			done = true;
			try {
				this.sendNow(systemId, payloads);
			} finally {
				this.settle();
			}
		};
		if (res.writableFinished) setImmediate(go);
		else {
			res.once('finish', go);
			res.once('close', go);
		}
	}

	sendNow(systemId, payloads) {
		// BadgeKit reads the system's rows and calls the first one only (see sql.js).
		const hook = this.store.webhookFor(systemId);
		if (!hook || this.closed) return;
		for (const payload of payloads) this.deliver(hook, payload);
	}

	deliver(hook, payload) {
		const body = JSON.stringify(payload);
		const authorization = signWebhook(body, hook.secret);
		const delivery = { action: payload.action, url: hook.url, status: null, body, authorization, error: null };
		this.deliveries.push(delivery);
		this.pending++;

		let url;
		try {
			url = new URL(hook.url);
			if (!this.agents[url.protocol]) throw new Error('Unsupported protocol ' + url.protocol);
		} catch (e) {
			delivery.error = e.message;
			this.settle();
			return;
		}

		const client = url.protocol === 'https:' ? https : http;
		// Header order and spelling as in the captured requests (Node appends Connection itself).
		const req = client.request(url, {
			method: 'POST',
			agent: this.agents[url.protocol],
			headers: {
				'Content-Type': 'application/json',
				Authorization: authorization,
				host: url.host,
				'content-length': Buffer.byteLength(body),
			},
		});
		this.inflight.add(req);
		let finished = false;
		const finish = (error, status) => {
			if (finished) return;
			finished = true;
			this.inflight.delete(req);
			if (status !== undefined) delivery.status = status;
			if (error) delivery.error = error;
			else if (status !== 200) delivery.error = 'WebhookBadResponse: status ' + status;
			this.settle();
		};
		req.on('response', (res) => {
			res.resume(); // drain so the keep-alive socket can be reused
			res.on('end', () => finish(null, res.statusCode));
			res.on('error', (e) => finish(e.message, res.statusCode));
			res.on('aborted', () => finish('response aborted', res.statusCode));
		});
		req.on('error', (e) => finish(e.message));
		req.on('close', () => finish(this.closed ? 'aborted: BadgeKit server closed' : 'connection closed'));
		req.end(body);
	}

	settle() {
		this.pending--;
		if (this.pending === 0) {
			const waiters = this.waiters;
			this.waiters = [];
			for (const resolve of waiters) resolve();
		}
	}

	/** Resolves once every webhook sent (or scheduled) so far has been answered or has failed. */
	idle() {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	close() {
		this.closed = true;
		for (const req of [...this.inflight]) req.destroy();
		for (const agent of Object.values(this.agents)) agent.destroy();
	}
}

module.exports = { Webhooks, signWebhook };
