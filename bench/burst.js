'use strict';
// Benchmark 3: a burst. The BadgeKit-compatible server awards a badge to N emails in one bulk call
// (POST /systems/demo/badges/direct-demo/instances/bulk) and, like BadgeKit, then sends all N award
// webhooks at once (no retry, anything but 200 is a lost delivery); 100 forged deliveries are sent
// into the same burst by this script. Checked: exactly N executions with exactly the awarded uids
// (none lost, none twice), every valid delivery answered 200 and every forged one 401/403. Measured:
// the time until all deliveries were answered and until all executions had finished, and the peak
// RSS of n8n (main process, and with its task runner) sampled from /proc every 50 ms.
//
//   node bench/burst.js [--count 1000] [--forged 100] [--engine vm|vm-lazy|legacy] [--probe]
//                       [--timeout-s 900] [--package-dir DIR] [--trigger-version 1]
//                       [--replay-window-hours 24]   (0: no replay memory, nothing saved per delivery)
// Also reported: the size of the workflow's static data as n8n saved it after the burst (what each
// save of the replay memory writes, whole, at that point).
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const env = require('./n8n-env');
const { median } = require('./lib');

const { createBadgeKitServer, signRequest, signWebhook } = require('../sandbox');

const ENGINES = {
	vm: {},
	'vm-lazy': { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

/** A signed BadgeKit API request (master key), as the BadgeKit node sends it. */
function badgeKitRequest(server, method, pathname, bodyObject, { timeoutMs = 120_000 } = {}) {
	const body = bodyObject === undefined ? undefined : JSON.stringify(bodyObject);
	return env.lib.request(method, server.url + pathname, {
		headers: {
			authorization: signRequest(method, pathname, body, env.MASTER_SECRET),
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body,
		timeoutMs,
	});
}

function base64url(value) {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Forged award deliveries, four kinds; none may start anything. Their uids start with "f0f0". */
function forgedDeliveries(count, template) {
	const forged = [];
	for (let i = 0; i < count; i++) {
		const uid = 'f0f0' + crypto.randomBytes(18).toString('hex');
		const body = JSON.stringify({ ...template, uid, email: `forged-${i}@example.com` });
		const headers = { 'content-type': 'application/json' };
		switch (i % 4) {
			case 0: // signed with another secret
				headers.authorization = signWebhook(body, 'not-the-webhook-secret');
				break;
			case 1: {
				// a genuine signature, for another body
				headers.authorization = signWebhook(body.replace('forged-', 'genuine-'), env.WEBHOOK_SECRET);
				break;
			}
			case 2: {
				// an unsigned token (alg: none)
				const hash = crypto.createHash('sha256').update(body).digest('hex');
				headers.authorization = `JWT token="${base64url({ typ: 'JWT', alg: 'none' })}.${base64url({ body: { alg: 'sha256', hash } })}."`;
				break;
			}
			default: // no Authorization header
				break;
		}
		forged.push({ uid, body, headers, kind: ['wrong secret', 'other body', 'alg none', 'no auth'][i % 4] });
	}
	return forged;
}

async function countExecutions(client, workflowId) {
	const all = await client.executions(workflowId, { includeData: false });
	const running = all.filter((e) => !e.stoppedAt || ['new', 'running', 'waiting'].includes(e.status)).length;
	return { total: all.length, running, all };
}

/** One burst in a fresh n8n. */
async function runOnce({
	count = 1000,
	forged = 100,
	engine = 'vm',
	probe = false,
	timeoutS = 900,
	packageDir,
	triggerVersion,
	replayWindowHours,
} = {}) {
	if (!ENGINES[engine]) throw new Error(`unknown engine "${engine}"`);
	const extraEnv = { ...ENGINES[engine] };
	let probeFile;
	if (probe) {
		probeFile = path.join(os.tmpdir(), `badgekit-probe-burst-${process.pid}.jsonl`);
		fs.rmSync(probeFile, { force: true });
		Object.assign(extraEnv, { NODE_OPTIONS: `--require ${path.join(__dirname, 'webhook-probe.js')}`, BADGEKIT_PROBE_OUT: probeFile });
	}
	const deadline = Date.now() + timeoutS * 1000;
	const started = await env.startN8n({ extraEnv, packageDir });
	triggerVersion = triggerVersion || env.triggerTypeVersion(packageDir);
	let server;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
	try {
		server = await createBadgeKitServer({ host: '127.0.0.1', port: 0, masterSecret: env.MASTER_SECRET, seed: 'demo' });
		const parameters =
			replayWindowHours === undefined || replayWindowHours === '' ? {} : { options: { replayWindowHours: Number(replayWindowHours) } };
		const workflow = await env.createWorkflow(
			started,
			env.badgeKitTriggerWorkflow('Burst: BadgeKit Trigger', 'b0b0b0b0-0000-4000-8000-000000000001', { parameters, typeVersion: triggerVersion }),
		);
		const url = env.webhookUrl(started, workflow, 'BadgeKit Trigger');

		// A template award body as the server sends it, for the forged deliveries.
		const template = {
			action: 'award',
			uid: '',
			badge: { id: 1, slug: 'direct-demo', name: 'Badge direct-demo' },
			email: '',
			assertionUrl: server.url + '/public/assertions/x',
			issuedOn: Math.floor(Date.now() / 1000),
			comment: 'bench burst',
		};

		// Wait until the trigger is live: one genuine delivery, sent directly (its uid is left out below).
		const probeUid = 'aaaa' + crypto.randomBytes(18).toString('hex');
		for (;;) {
			const body = JSON.stringify({ ...template, uid: probeUid, email: 'warmup@example.com' });
			const res = await env.post(agent, url, body, { 'content-type': 'application/json', authorization: signWebhook(body, env.WEBHOOK_SECRET) });
			if (res.status === 200) break;
			if (res.status === 403 && /already/.test(res.text)) break;
			if (Date.now() > deadline) throw new Error(`trigger never answered 200: ${res.status} ${res.text}`);
			await env.lib.sleep(200);
		}
		await started.client.waitForExecutions(workflow.id, 1, { timeoutMs: 60_000 });
		if (probeFile) fs.writeFileSync(probeFile, '');

		server.setWebhook('demo', { url, secret: env.WEBHOOK_SECRET });
		const emails = Array.from({ length: count }, (_, i) => `earner-${String(i).padStart(5, '0')}@example.com`);
		const forgedList = forgedDeliveries(forged, template);

		const rss = env.sampleRss(started.n8n.pid, 50);
		const t0 = performance.now();
		const wallStart = Date.now();
		const bulk = await badgeKitRequest(server, 'POST', '/systems/demo/badges/direct-demo/instances/bulk', { emails, comment: 'bench burst' });
		const bulkMs = performance.now() - t0;
		if (bulk.status !== 201) throw new Error(`bulk award failed: ${bulk.status} ${bulk.text.slice(0, 300)}`);
		// The server sends its N webhooks right after answering; the forged ones go out now, all at once.
		const forgedResults = Promise.all(
			forgedList.map((f) =>
				env.post(agent, url, f.body, f.headers, { timeoutMs: Math.max(1000, deadline - Date.now()) }).then((res) => ({ ...f, ...res })),
			),
		);

		let timer;
		const idle = await Promise.race([
			server.webhooksIdle().then(() => true),
			new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), false))),
		]);
		clearTimeout(timer);
		const answeredMs = performance.now() - t0;
		const forgedAnswers = await forgedResults;

		// Every execution started by a 200 has finished (bounded: the deadline, or a minute without progress).
		const answered200 = server.deliveries.filter((d) => d.status === 200).length + forgedAnswers.filter((f) => f.status === 200).length;
		let counted;
		let last = -1;
		let lastChange = Date.now();
		for (;;) {
			counted = await countExecutions(started.client, workflow.id);
			if (counted.total !== last || counted.running !== 0) {
				if (counted.total !== last) lastChange = Date.now();
				last = counted.total;
			}
			if (counted.total >= answered200 + 1 && counted.running === 0) break;
			if (Date.now() > deadline || Date.now() - lastChange > 60_000) break;
			await env.lib.sleep(500);
		}
		const memory = rss.stop();
		// Settle: anything started late would show up now.
		await env.lib.sleep(2000);

		const executions = await started.client.executions(workflow.id, { includeData: true });
		const stoppedAt = executions.map((e) => Date.parse(e.stoppedAt)).filter(Number.isFinite);
		const allRunMs = Math.max(...stoppedAt) - wallStart;
		const uids = executions.map((e) => e.data?.resultData?.runData?.['BadgeKit Trigger']?.[0]?.data?.main?.[0]?.[0]?.json?.uid);
		const byUid = new Map();
		for (const uid of uids) byUid.set(uid, (byUid.get(uid) ?? 0) + 1);
		byUid.delete(probeUid);

		const deliveries = server.deliveries.filter((d) => d.action === 'award');
		const expected = new Set(deliveries.map((d) => JSON.parse(d.body).uid));
		const delivered200 = deliveries.filter((d) => d.status === 200).length;
		const statusCounts = {};
		for (const d of deliveries) statusCounts[d.status ?? d.error] = (statusCounts[d.status ?? d.error] ?? 0) + 1;
		const lost = [...expected].filter((uid) => !byUid.has(uid)).length;
		const twice = [...byUid.values()].filter((n) => n > 1).length;
		const unexpected = [...byUid.keys()].filter((uid) => !expected.has(uid)).length;
		const forgedStarted = forgedList.filter((f) => byUid.has(f.uid)).length;
		const forgedStatus = {};
		for (const f of forgedAnswers) forgedStatus[`${f.kind}: ${f.status || f.error}`] = (forgedStatus[`${f.kind}: ${f.status || f.error}`] ?? 0) + 1;
		const forgedRefused = forgedAnswers.filter((f) => f.status === 401 || f.status === 403).length;
		const failedExecutions = executions.filter((e) => e.status !== 'success').length;
		const savedWorkflow = await started.client.api('GET', `/workflows/${workflow.id}`);
		const staticDataBytes = Buffer.byteLength(JSON.stringify(savedWorkflow.staticData ?? null));
		const n8nErrors = errorSummary(started.n8n.logFile);

		const result = {
			engine,
			triggerVersion,
			replayWindowHours: parameters.options ? parameters.options.replayWindowHours : 24,
			staticDataBytes,
			count,
			forged,
			awarded: expected.size,
			completed: idle,
			bulkMs,
			answeredMs,
			allRunMs,
			executions: executions.length - 1,
			failedExecutions,
			delivered200,
			statusCounts,
			lost,
			twice,
			unexpected,
			forgedRefused,
			forgedStarted,
			forgedStatus,
			memory,
			n8nErrors,
			load: env.loadNote(),
			breakdown: probeFile ? probeSummary(probeFile, count + forged) : undefined,
		};
		result.ok =
			idle &&
			expected.size === count &&
			delivered200 === count &&
			result.executions === count &&
			lost === 0 &&
			twice === 0 &&
			unexpected === 0 &&
			forgedRefused === forged &&
			forgedStarted === 0;
		return result;
	} finally {
		agent.destroy();
		if (server) await server.close();
		await started.close();
		if (probeFile) fs.rmSync(probeFile, { force: true });
	}
}

/** What n8n logged as failing during the burst (its own errors, counted by kind). */
function errorSummary(logFile) {
	const kinds = {
		'webhook request failed': /Error in handling webhook request/,
		'sqlite write lock timeout (60 s)': /LockAcquireTimeoutError/,
		'503 Database is not ready': /Database is not ready/,
		'out of memory': /heap out of memory|Allocation failed/,
	};
	const counts = {};
	let text = '';
	try {
		text = fs.readFileSync(logFile, 'utf8');
	} catch {
		return counts;
	}
	for (const line of text.split('\n')) {
		for (const [kind, pattern] of Object.entries(kinds)) if (pattern.test(line)) counts[kind] = (counts[kind] ?? 0) + 1;
	}
	return counts;
}

function probeSummary(file, requests) {
	const byFn = {};
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (!line) continue;
		const entry = JSON.parse(line);
		const fn =
			entry.fn +
			(entry.cold ? ' [pool empty: cold]' : entry.cold === false ? ' [warm]' : '') +
			(entry.expression ? ` ${JSON.stringify(entry.expression)}` : '');
		(byFn[fn] ??= { ms: [], bytes: [] }).ms.push(entry.ms);
		if (entry.bytes) byFn[fn].bytes.push(entry.bytes);
	}
	return Object.entries(byFn).map(([fn, { ms, bytes }]) => ({
		step: fn,
		calls: ms.length,
		'per request': +(ms.length / requests).toFixed(2),
		'median ms': +median(ms).toFixed(1),
		'total s': +(ms.reduce((a, b) => a + b, 0) / 1000).toFixed(1),
		...(bytes.length ? { 'median KB': +(median(bytes) / 1024).toFixed(1) } : {}),
	}));
}

function report(result) {
	const r = result;
	console.log(
		`\n3. Burst of ${r.count} awards + ${r.forged} forged, n8n ${env.lib.N8N_VERSION}, engine "${r.engine}", trigger v${r.triggerVersion}, replay window ${r.replayWindowHours} h (${r.load})`,
	);
	console.table([
		{
			awards: r.count,
			'bulk call ms': Math.round(r.bulkMs),
			'all answered s': (r.answeredMs / 1000).toFixed(1),
			'all run s': (r.allRunMs / 1000).toFixed(1),
			'awards/s': Math.round(r.count / (r.allRunMs / 1000)),
			executions: r.executions,
			'valid → 200': r.delivered200,
			lost: r.lost,
			twice: r.twice,
			'forged → 401/403': `${r.forgedRefused}/${r.forged}`,
			'forged started': r.forgedStarted,
			'n8n RSS MB (start → peak)': `${Math.round(r.memory.baseMB)} → ${Math.round(r.memory.peakMB)}`,
			'+ task runner MB': `${Math.round(r.memory.baseTreeMB)} → ${Math.round(r.memory.peakTreeMB)}`,
		},
	]);
	console.log(
		`valid deliveries by status: ${JSON.stringify(r.statusCounts)}; forged: ${JSON.stringify(r.forgedStatus)}; failed executions: ${r.failedExecutions}`,
	);
	console.log(`workflow static data as saved after the burst: ${(r.staticDataBytes / 1024).toFixed(1)} KB`);
	if (Object.keys(r.n8nErrors).length) console.log(`n8n logged: ${JSON.stringify(r.n8nErrors)}`);
	console.log(
		`${r.ok ? 'OK' : 'FAILED'}: exactly ${r.count} executions with the awarded uids, none lost, none twice, every valid delivery 200, every forged one 401/403${r.completed ? '' : ' (timed out)'}`,
	);
	if (r.breakdown) {
		console.log('where the time goes (probe, summed over the burst; steps nest and overlap):');
		console.table(r.breakdown);
	}
}

async function run(options = {}, onResult = () => {}) {
	const counts = String(options.count ?? 1000)
		.split(',')
		.map(Number);
	const results = [];
	for (const count of counts) {
		const result = await runOnce({ ...options, count });
		onResult(result);
		results.push(result);
	}
	return results;
}

if (require.main === module) {
	const options = env.args({
		count: '1000',
		forged: 100,
		engine: 'vm',
		probe: false,
		timeoutS: 900,
		packageDir: '',
		triggerVersion: 0,
		replayWindowHours: '',
	});
	run(options, report)
		.then((results) => {
			if (results.some((r) => !r.ok)) process.exitCode = 1;
		})
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}

module.exports = { run, report };
