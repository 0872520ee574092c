'use strict';
// Benchmark 2: webhook latency in a real n8n. N sequential deliveries (default 500) to an active
// BadgeKit Trigger workflow, against the same workflow started by n8n's built-in Webhook node with its
// JWT auth, and with no auth, in the same n8n and run: requests interleaved a, b, c, a, b, c… on one
// keep-alive connection per target, so that noise on this shared machine hits all three alike.
// Target: the BadgeKit Trigger no slower than the built-in Webhook node with JWT auth.
//
//   node bench/webhook-latency.js [--count 500] [--engines vm,legacy] [--warmup 30]
//
// --engines runs the whole comparison once per n8n expression engine (a fresh n8n each): `vm` is n8n
// 2.x's default (isolated-vm), `legacy` the in-process one (N8N_EXPRESSION_ENGINE=legacy).
const crypto = require('crypto');
const http = require('http');
const jwt = require('jsonwebtoken');

const { median, percentile } = require('./lib');
const env = require('./n8n-env');

const { signWebhook } = require('../test/badgekit-server');

function awardBody(uid) {
	// The shape and size of a real BadgeKit award delivery (about 700 bytes).
	return JSON.stringify({
		action: 'award',
		uid,
		badge: {
			id: 1,
			slug: 'direct-demo',
			name: 'Badge direct-demo',
			strapline: 'A badge issued directly',
			earnerDescription: 'Awarded for taking part.',
			consumerDescription: 'The earner took part.',
			issuerUrl: 'http://127.0.0.1:8091',
			rubricUrl: null,
			criteriaUrl: 'http://127.0.0.1:8091/criteria',
			timeValue: 0,
			timeUnits: 'minutes',
			limit: 0,
			unique: 0,
			created: '2026-11-28T12:00:00.000Z',
			imageUrl: 'http://127.0.0.1:8091/images/badge.png',
			type: 'skill',
			archived: false,
			system: { id: 1, slug: 'demo', url: 'http://127.0.0.1:8091', name: 'Demo System', email: 'admin@example.org', imageUrl: null },
			criteriaUrlIsDefault: false,
			criteria: [],
			alignments: [],
			evidenceType: null,
			categories: [],
			tags: [],
			milestones: [],
		},
		email: 'earner@example.com',
		assertionUrl: `http://127.0.0.1:8091/public/assertions/${uid}`,
		issuedOn: Math.floor(Date.now() / 1000),
		comment: null,
	});
}

function bearer(body) {
	const hash = crypto.createHash('sha256').update(body).digest('hex');
	return 'Bearer ' + jwt.sign({ body: { alg: 'sha256', hash } }, env.JWT_SECRET, { algorithm: 'HS256', noTimestamp: true });
}

const TARGETS = ['badgeKitTrigger', 'webhookJwt', 'webhookNoAuth'];

/** One full comparison in one fresh n8n. */
async function runOnce({ count = 500, warmup = 30, engine = 'vm', extraEnv = {} } = {}) {
	const n8nEnv = engine === 'vm' ? {} : { N8N_EXPRESSION_ENGINE: engine };
	const started = await env.startN8n({ extraEnv: { ...n8nEnv, ...extraEnv } });
	const agents = [];
	try {
		const workflows = {
			badgeKitTrigger: await env.createWorkflow(started, env.badgeKitTriggerWorkflow('Latency: BadgeKit Trigger', 'c0ffee00-0000-4000-8000-000000000001')),
			webhookJwt: await env.createWorkflow(started, env.webhookNodeWorkflow('Latency: Webhook + JWT', 'c0ffee00-0000-4000-8000-000000000002', { jwt: true })),
			webhookNoAuth: await env.createWorkflow(started, env.webhookNodeWorkflow('Latency: Webhook, no auth', 'c0ffee00-0000-4000-8000-000000000003')),
		};
		const urls = {
			badgeKitTrigger: env.webhookUrl(started, workflows.badgeKitTrigger, 'BadgeKit Trigger'),
			webhookJwt: env.webhookUrl(started, workflows.webhookJwt, 'Webhook'),
			webhookNoAuth: env.webhookUrl(started, workflows.webhookNoAuth, 'Webhook'),
		};
		const agent = Object.fromEntries(TARGETS.map((t) => [t, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
		agents.push(...Object.values(agent));

		// Every request is signed before its clock starts; every BadgeKit delivery is a new one (the
		// trigger refuses a replay).
		const request = (target) => {
			const body = awardBody(crypto.randomBytes(20).toString('hex'));
			const headers = { 'content-type': 'application/json' };
			if (target === 'badgeKitTrigger') headers.authorization = signWebhook(body, env.WEBHOOK_SECRET);
			if (target === 'webhookJwt') headers.authorization = bearer(body);
			return env.post(agent[target], urls[target], body, headers);
		};

		// Activation of a trigger finishes a little after publication: wait until each answers 200.
		for (const target of TARGETS) {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const res = await request(target);
				if (res.status === 200) break;
				if (Date.now() > deadline) throw new Error(`${target}: ${res.status} ${res.text || res.error}`);
				await env.lib.sleep(200);
			}
		}
		for (let i = 0; i < warmup; i++) for (const target of TARGETS) await request(target);

		const samples = Object.fromEntries(TARGETS.map((t) => [t, []]));
		const failures = Object.fromEntries(TARGETS.map((t) => [t, 0]));
		const deadline = Date.now() + 15 * 60_000;
		for (let i = 0; i < count && Date.now() < deadline; i++) {
			// Rotate the order so that no target always follows the same one.
			for (let k = 0; k < TARGETS.length; k++) {
				const target = TARGETS[(i + k) % TARGETS.length];
				const res = await request(target);
				if (res.status === 200) samples[target].push(res.ms);
				else failures[target]++;
			}
		}
		const rows = {};
		for (const target of TARGETS) {
			rows[target] = { n: samples[target].length, failures: failures[target], median: median(samples[target]), p95: percentile(samples[target], 95) };
		}
		return { engine, rows, load: env.loadNote() };
	} finally {
		for (const a of agents) a.destroy();
		await started.close();
	}
}

const LABELS = { badgeKitTrigger: 'BadgeKit Trigger', webhookJwt: 'Webhook node + JWT auth', webhookNoAuth: 'Webhook node, no auth' };

function report(results) {
	for (const { engine, rows, load } of results) {
		console.log(`\n2. Webhook latency in n8n ${env.lib.N8N_VERSION}, expression engine "${engine}" (sequential, keep-alive; ${load})`);
		const jwtMedian = rows.webhookJwt.median;
		console.table(
			TARGETS.map((t) => ({
				workflow: LABELS[t],
				n: rows[t].n,
				failed: rows[t].failures,
				'median ms': rows[t].median.toFixed(1),
				'p95 ms': rows[t].p95.toFixed(1),
				'÷ JWT (median)': (rows[t].median / jwtMedian).toFixed(2) + '×',
				'÷ JWT (p95)': (rows[t].p95 / rows.webhookJwt.p95).toFixed(2) + '×',
			})),
		);
		const ratio = rows.badgeKitTrigger.median / jwtMedian;
		console.log(`target: no slower than the Webhook node with JWT auth → ${ratio.toFixed(2)}× ${ratio <= 1.0 ? 'MET' : ratio <= 1.05 ? 'MET (within noise, ≤ 1.05×)' : 'MISSED'}`);
	}
}

async function run(options = {}) {
	const engines = String(options.engines || 'vm').split(',').filter(Boolean);
	const results = [];
	for (const engine of engines) results.push(await runOnce({ ...options, engine }));
	return results;
}

if (require.main === module) {
	const options = env.args({ count: 500, warmup: 30, engines: 'vm' });
	run(options)
		.then(report)
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}

module.exports = { run, report };
