'use strict';
// Benchmark 2: webhook latency in a real n8n. N sequential deliveries (default 500) to an active
// BadgeKit Trigger workflow, against the same workflow started by n8n's built-in Webhook node with its
// JWT auth, and with no auth, in the same n8n and run: requests interleaved a, b, c, a, b, c… on one
// keep-alive connection per target, so that noise on this shared machine hits all three alike.
// Target: the BadgeKit Trigger no slower than the built-in Webhook node with JWT auth.
//
//   node bench/webhook-latency.js [--count 500] [--engines vm,legacy] [--warmup 30] [--probe]
//                                 [--package-dir DIR] [--trigger-version 1]
//
// --package-dir loads another build of the package (a scratch copy with a candidate change);
// --trigger-version the trigger typeVersion of the workflow (default: the description's default).
// --probe preloads bench/webhook-probe.js into n8n and prints, per workflow, how long n8n spent in
// each of its steps per request (isolate acquisition and creation, getCredentials, the node's
// webhook(), starting the execution, saving static data); it slows every call a little.
// --engines runs the whole comparison once per n8n expression engine setting (a fresh n8n each): `vm`
// is n8n 2.x's default (isolated-vm), `vm-lazy` the same with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,
// `legacy` the in-process engine (N8N_EXPRESSION_ENGINE=legacy).
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
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

// n8n's expression engine settings compared: its default (isolated-vm, one isolate taken from a pool
// of 1 for every webhook call of a node other than its own Webhook node, every getCredentials() and
// every execution), the same with lazy acquisition (an isolate only when an expression is really
// evaluated), and the in-process legacy engine.
const ENGINES = {
	vm: {},
	'vm-lazy': { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

const TARGETS = ['badgeKitTrigger', 'webhookJwt', 'webhookNoAuth'];

/** One full comparison in one fresh n8n. */
async function runOnce({ count = 500, warmup = 30, engine = 'vm', extraEnv = {}, probe = false, packageDir, triggerVersion } = {}) {
	const n8nEnv = { ...ENGINES[engine] };
	if (!ENGINES[engine]) throw new Error(`unknown engine "${engine}": one of ${Object.keys(ENGINES).join(', ')}`);
	let probeFile;
	if (probe) {
		probeFile = path.join(os.tmpdir(), `badgekit-probe-${process.pid}-${engine}.jsonl`);
		fs.rmSync(probeFile, { force: true });
		Object.assign(n8nEnv, { NODE_OPTIONS: `--require ${path.join(__dirname, 'webhook-probe.js')}`, BADGEKIT_PROBE_OUT: probeFile });
	}
	const started = await env.startN8n({ extraEnv: { ...n8nEnv, ...extraEnv }, packageDir });
	triggerVersion = triggerVersion || env.triggerTypeVersion(packageDir);
	const agents = [];
	try {
		const workflows = {
			badgeKitTrigger: await env.createWorkflow(started, env.badgeKitTriggerWorkflow('Latency: BadgeKit Trigger', 'c0ffee00-0000-4000-8000-000000000001', {}, triggerVersion)),
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

		if (probeFile) fs.writeFileSync(probeFile, '');
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
		await env.lib.sleep(1000);
		const breakdown = probeFile ? probeBreakdown(probeFile, workflows, samples) : undefined;
		return { engine, rows, load: env.loadNote(), breakdown, triggerVersion };
	} finally {
		if (probeFile) fs.rmSync(probeFile, { force: true });
		for (const a of agents) a.destroy();
		await started.close();
	}
}

/** Per workflow: each probed n8n step's calls per request, median ms per call and mean ms per request. */
function probeBreakdown(file, workflows, samples) {
	const pathOf = {
		badgeKitTrigger: workflows.badgeKitTrigger.nodes[0].webhookId,
		webhookJwt: workflows.webhookJwt.nodes[0].parameters.path,
		webhookNoAuth: workflows.webhookNoAuth.nodes[0].parameters.path,
	};
	const byTarget = Object.fromEntries(TARGETS.map((t) => [t, {}]));
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (!line) continue;
		const entry = JSON.parse(line);
		const target = TARGETS.find((t) => entry.path && entry.path.startsWith(pathOf[t]));
		if (!target) continue;
		const fn = entry.fn + (entry.cold ? ' [pool empty: cold]' : entry.cold === false ? ' [warm]' : '') + (entry.expression ? ` ${JSON.stringify(entry.expression)}` : '');
		(byTarget[target][fn] ??= []).push(entry.ms);
	}
	const result = {};
	for (const target of TARGETS) {
		const requests = samples[target].length || 1;
		result[target] = Object.entries(byTarget[target]).map(([fn, ms]) => ({
			step: fn,
			'calls/request': +(ms.length / requests).toFixed(2),
			'median ms': +median(ms).toFixed(1),
			'ms/request': +(ms.reduce((a, b) => a + b, 0) / requests).toFixed(1),
		}));
	}
	return result;
}

const LABELS = { badgeKitTrigger: 'BadgeKit Trigger', webhookJwt: 'Webhook node + JWT auth', webhookNoAuth: 'Webhook node, no auth' };

function report(results) {
	for (const { engine, rows, load, breakdown, triggerVersion } of results) {
		console.log(`\n2. Webhook latency in n8n ${env.lib.N8N_VERSION}, expression engine "${engine}", trigger v${triggerVersion} (sequential, keep-alive; ${load})`);
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
		if (breakdown) {
			for (const target of TARGETS) {
				console.log(`\nwhere the time goes, ${LABELS[target]} (probe; steps nest, so times overlap):`);
				console.table(breakdown[target]);
			}
		}
	}
}

async function run(options = {}) {
	const engines = String(options.engines || 'vm').split(',').filter(Boolean);
	const results = [];
	for (const engine of engines) results.push(await runOnce({ ...options, engine }));
	return results;
}

if (require.main === module) {
	const options = env.args({ count: 500, warmup: 30, engines: 'vm', probe: false, packageDir: '', triggerVersion: 0 });
	run(options)
		.then(report)
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}

module.exports = { run, report };
