'use strict';
// Benchmark 2: webhook latency in a real n8n. N sequential deliveries (default 500) to an active
// BadgeKit Trigger workflow, against the same workflow started by n8n's built-in Webhook node with its
// JWT auth, and with no auth, in the same n8n and run: requests interleaved a, b, c, a, b, c… on one
// keep-alive connection per target, so that noise on this shared machine hits all three alike.
// Target: the BadgeKit Trigger no slower than the built-in Webhook node with JWT auth.
//
//   node bench/webhook-latency.js [--count 500] [--engines vm,legacy] [--warmup 30] [--probe]
//                                 [--package-dir DIR] [--trigger-versions 1,1.1]
//
// --package-dir loads another build of the package (a scratch copy with a candidate change);
// --trigger-versions adds one BadgeKit Trigger workflow per typeVersion (default: the description's
// default version only).
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

const { signWebhook } = require('../sandbox');

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

const WEBHOOK_TARGETS = [
	{ key: 'webhookJwt', label: 'Webhook node + JWT auth', jwt: true, webhookId: 'c0ffee00-0000-4000-8000-0000000000a2' },
	{ key: 'webhookNoAuth', label: 'Webhook node, no auth', jwt: false, webhookId: 'c0ffee00-0000-4000-8000-0000000000a3' },
];

/** One full comparison in one fresh n8n. `triggerVersions`: one BadgeKit Trigger workflow per typeVersion. */
async function runOnce({ count = 500, warmup = 30, engine = 'vm', extraEnv = {}, probe = false, packageDir, triggerVersions } = {}) {
	if (!ENGINES[engine]) throw new Error(`unknown engine "${engine}": one of ${Object.keys(ENGINES).join(', ')}`);
	const n8nEnv = { ...ENGINES[engine] };
	let probeFile;
	if (probe) {
		probeFile = path.join(os.tmpdir(), `badgekit-probe-${process.pid}-${engine}.jsonl`);
		fs.rmSync(probeFile, { force: true });
		Object.assign(n8nEnv, { NODE_OPTIONS: `--require ${path.join(__dirname, 'webhook-probe.js')}`, BADGEKIT_PROBE_OUT: probeFile });
	}
	const versions = triggerVersions && triggerVersions.length ? triggerVersions : [env.triggerTypeVersion(packageDir)];
	const started = await env.startN8n({ extraEnv: { ...n8nEnv, ...extraEnv }, packageDir });
	const agents = [];
	try {
		const targets = [];
		for (const [i, version] of versions.entries()) {
			const webhookId = `c0ffee00-0000-4000-8000-0000000000b${i}`;
			const workflow = await env.createWorkflow(
				started,
				env.badgeKitTriggerWorkflow(`Latency: BadgeKit Trigger v${version}`, webhookId, { typeVersion: version }),
			);
			targets.push({
				key: `badgeKitTrigger@${version}`,
				label: `BadgeKit Trigger v${version}`,
				trigger: true,
				path: webhookId,
				url: env.webhookUrl(started, workflow, 'BadgeKit Trigger'),
			});
		}
		for (const t of WEBHOOK_TARGETS) {
			const workflow = await env.createWorkflow(started, env.webhookNodeWorkflow(`Latency: ${t.label}`, t.webhookId, { jwt: t.jwt }));
			targets.push({ ...t, path: t.webhookId, url: env.webhookUrl(started, workflow, 'Webhook') });
		}
		for (const t of targets) {
			t.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			agents.push(t.agent);
		}

		// Every request is signed before its clock starts; every BadgeKit delivery is a new one (the
		// trigger refuses a replay).
		const request = (t) => {
			const body = awardBody(crypto.randomBytes(20).toString('hex'));
			const headers = { 'content-type': 'application/json' };
			if (t.trigger) headers.authorization = signWebhook(body, env.WEBHOOK_SECRET);
			if (t.jwt) headers.authorization = bearer(body);
			return env.post(t.agent, t.url, body, headers);
		};

		// Activation of a trigger finishes a little after publication: wait until each answers 200.
		for (const t of targets) {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const res = await request(t);
				if (res.status === 200) break;
				if (Date.now() > deadline) throw new Error(`${t.label}: ${res.status} ${res.text || res.error}`);
				await env.lib.sleep(200);
			}
		}
		for (let i = 0; i < warmup; i++) for (const t of targets) await request(t);

		if (probeFile) fs.writeFileSync(probeFile, '');
		for (const t of targets) Object.assign(t, { samples: [], failures: 0 });
		const deadline = Date.now() + 15 * 60_000;
		for (let i = 0; i < count && Date.now() < deadline; i++) {
			// Rotate the order so that no target always follows the same one.
			for (let k = 0; k < targets.length; k++) {
				const t = targets[(i + k) % targets.length];
				const res = await request(t);
				if (res.status === 200) t.samples.push(res.ms);
				else t.failures++;
			}
		}
		const rows = targets.map((t) => ({
			key: t.key,
			label: t.label,
			n: t.samples.length,
			failures: t.failures,
			median: median(t.samples),
			p95: percentile(t.samples, 95),
		}));
		await env.lib.sleep(1000);
		const breakdown = probeFile ? probeBreakdown(probeFile, targets) : undefined;
		return { engine, rows, load: env.loadNote(), breakdown };
	} finally {
		for (const a of agents) a.destroy();
		await started.close();
		if (probeFile) fs.rmSync(probeFile, { force: true });
	}
}

/** Per target: each probed n8n step's calls per request, median ms per call and mean ms per request. */
function probeBreakdown(file, targets) {
	const byTarget = new Map(targets.map((t) => [t, {}]));
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (!line) continue;
		const entry = JSON.parse(line);
		const target = targets.find((t) => entry.path && entry.path.startsWith(t.path));
		if (!target) continue;
		const fn =
			entry.fn +
			(entry.cold ? ' [pool empty: cold]' : entry.cold === false ? ' [warm]' : '') +
			(entry.expression ? ` ${JSON.stringify(entry.expression)}` : '');
		(byTarget.get(target)[fn] ??= []).push(entry.ms);
	}
	return targets.map((t) => {
		const requests = t.samples.length || 1;
		return {
			label: t.label,
			steps: Object.entries(byTarget.get(t)).map(([fn, ms]) => ({
				step: fn,
				'calls/request': +(ms.length / requests).toFixed(2),
				'median ms': +median(ms).toFixed(1),
				'ms/request': +(ms.reduce((a, b) => a + b, 0) / requests).toFixed(1),
			})),
		};
	});
}

function report(results) {
	for (const { engine, rows, load, breakdown } of results) {
		console.log(`\n2. Webhook latency in n8n ${env.lib.N8N_VERSION}, expression engine "${engine}" (sequential, keep-alive; ${load})`);
		const jwtRow = rows.find((r) => r.key === 'webhookJwt');
		console.table(
			rows.map((r) => ({
				workflow: r.label,
				n: r.n,
				failed: r.failures,
				'median ms': r.median.toFixed(1),
				'p95 ms': r.p95.toFixed(1),
				'÷ JWT (median)': (r.median / jwtRow.median).toFixed(2) + '×',
				'÷ JWT (p95)': (r.p95 / jwtRow.p95).toFixed(2) + '×',
			})),
		);
		for (const r of rows.filter((row) => row.key.startsWith('badgeKitTrigger'))) {
			const ratio = r.median / jwtRow.median;
			console.log(
				`target: ${r.label} no slower than the Webhook node with JWT auth → ${ratio.toFixed(2)}× ${ratio <= 1.0 ? 'MET' : ratio <= 1.05 ? 'MET (within noise, ≤ 1.05×)' : 'MISSED'}`,
			);
		}
		if (breakdown) {
			for (const { label, steps } of breakdown) {
				console.log(`\nwhere the time goes, ${label} (probe; steps nest, so times overlap):`);
				console.table(steps);
			}
		}
	}
}

async function run(options = {}) {
	const engines = String(options.engines || 'vm')
		.split(',')
		.filter(Boolean);
	const triggerVersions = String(options.triggerVersions || '')
		.split(',')
		.filter(Boolean)
		.map(Number);
	const results = [];
	for (const engine of engines) results.push(await runOnce({ ...options, engine, triggerVersions }));
	return results;
}

if (require.main === module) {
	const options = env.args({ count: 500, warmup: 30, engines: 'vm', probe: false, packageDir: '', triggerVersions: '' });
	run(options)
		.then(report)
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}

module.exports = { run, report };
