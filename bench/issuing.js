'use strict';
// Benchmark 4: issuing throughput. The BadgeKit node (Badge Instance → Issue) awarding a badge to N
// earners item by item (default 1,000) in a real n8n, timed against a bare script that sends the same
// signed requests (same jsonwebtoken claims: key, method, path, exp, body hash; the same ASCII JSON
// body) with Node's own HTTP client, and against n8n's HTTP Request node sending the same requests
// pre-signed, in the same run, by the same Node binary as n8n. Rounds alternate (bare, node, bare,
// HTTP Request node…) so that noise hits all. Then Issue to Many: N emails in one call, node against
// one bare request.
// Targets, item by item: the node ≤ 1.0× n8n's HTTP Request node and ≤ 1.2× the best bare client
// (keep-alive or a new connection per request) at the same concurrency.
//
//   node bench/issuing.js [--count 1000] [--rounds 5] [--engine vm|vm-lazy|legacy] [--cpu-prof DIR]
//                         [--concurrency 1,4]        (the node's Concurrency option; the bare client
//                                                     keeps as many requests in flight)
//                         [--latency none|quiet|busy] (the sandbox's latency model, sandbox/README.md)
//                         [--badgekit-url URL]       (a real BadgeKit API instead of the sandbox: key
//                                                     $BADGEKIT_KEY (default master), secret $BADGEKIT_SECRET)
//                         [--package-dir DIR]        (another build of the package, e.g. a candidate change)
//
// Against a real server the bench creates a system "n8n-bench-<time>" with one badge, and afterwards
// revokes every award it made and deletes the badge and the system (BadgeKit would keep orphaned
// awards of a deleted badge).
//
// The node's own time is its executionTime in the execution's run data (what n8n measured around
// its execute()); the whole execution (webhook start, Split Out, the node) is stoppedAt - startedAt.
// n8n's CPU time per item comes from /proc (its process, user + system) around each node run.
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const env = require('./n8n-env');
const { median } = require('./lib');
const { createBadgeKitServer, LATENCY_PRESETS } = require('../sandbox');

const ENGINES = {
	vm: {},
	'vm-lazy': { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

const issuePathOf = (target) => `/systems/${target.system}/badges/${target.badge}/instances`;

// ---------------------------------------------------------------------------------------------
// The bare client (also run as a child process: `node bench/issuing.js --bare-child <json>`)

/** Exactly what the node's transport sends: ASCII JSON, token {key, method, path, exp, body}. */
function asciiJson(value) {
	return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// A secret KeyObject: jsonwebtoken would first try a string secret as a PEM private key (costly).
const secretKeys = new Map();
const secretKeyOf = (secret) => secretKeys.get(secret) ?? secretKeys.set(secret, crypto.createSecretKey(Buffer.from(secret))).get(secret);

function signedRequest(jwt, { key, secret }, method, pathname, bodyObject) {
	const body = bodyObject === undefined ? undefined : asciiJson(bodyObject);
	const claims = { key, method, path: pathname, exp: Math.floor(Date.now() / 1000) + 60 };
	if (body !== undefined) claims.body = { alg: 'sha256', hash: crypto.createHash('sha256').update(body).digest('hex') };
	const token = jwt.sign(claims, secretKeyOf(secret), {
		algorithm: 'HS256',
		header: { typ: 'JWT', alg: 'HS256' },
		noTimestamp: true,
	});
	const headers = { Accept: 'application/json', Authorization: `JWT token="${token}"` };
	if (body !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
	else if (method !== 'GET') headers['Content-Length'] = 0;
	return { body, headers };
}

function send(baseUrl, method, pathname, { body, headers }, agent) {
	return new Promise((resolve, reject) => {
		const u = new URL(baseUrl + pathname);
		const client = u.protocol === 'https:' ? require('https') : http;
		const req = client.request({ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				try {
					resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				} catch (error) {
					reject(error);
				}
			});
			res.on('error', reject);
		});
		req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * Issues to each email, `concurrency` requests in flight (1 = one after another); returns {ms, created}.
 * keepAlive false = a new connection each time.
 */
async function bareIssue({ baseUrl, key, secret, issuePath, emails, keepAlive, bulk, concurrency = 1 }) {
	const jwt = require('jsonwebtoken');
	const agent = keepAlive ? undefined /* Node's global agent: keep-alive */ : false;
	const started = performance.now();
	let created = 0;
	if (bulk) {
		const res = await send(baseUrl, 'POST', issuePath + '/bulk', signedRequest(jwt, { key, secret }, 'POST', issuePath + '/bulk', { emails }), agent);
		if (res.status !== 201) throw new Error(`bulk: ${res.status} ${JSON.stringify(res.json)}`);
		created = res.json.instances.length;
	} else {
		let next = 0;
		const worker = async () => {
			while (next < emails.length) {
				const email = emails[next++];
				const res = await send(baseUrl, 'POST', issuePath, signedRequest(jwt, { key, secret }, 'POST', issuePath, { email }), agent);
				if (res.status !== 201) throw new Error(`${email}: ${res.status} ${JSON.stringify(res.json)}`);
				created++;
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
	}
	return { ms: performance.now() - started, created };
}

/** Runs the bare client with n8n's own Node binary, in its own process like n8n. */
function bareInChild(nodeBinary, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBinary, [__filename, '--bare-child', JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code !== 0) return reject(new Error(`bare client exited with ${code}: ${out}`));
			resolve(JSON.parse(out));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// The workflows: Webhook → Split Out → BadgeKit (Issue), and Webhook → BadgeKit (Issue to Many)

const locator = (value) => ({ __rl: true, mode: 'slug', value });

/** Webhook → Split Out (one item per entry of the body's `field`) → `node`, named "BadgeKit" for runWorkflow. */
function perItemWorkflow(name, webhookId, field, node) {
	return env.webhookWorkflow(name, { path: webhookId, webhookId }, [
		{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: field, options: {} } },
		{ name: 'BadgeKit', ...node },
	]);
}

function issueWorkflow(webhookId, target, concurrency) {
	return perItemWorkflow(`Issuing: item by item, Concurrency ${concurrency}`, webhookId, 'body.earners', {
		type: `${env.lib.PACKAGE_NAME}.badgeKit`,
		typeVersion: 1,
		parameters: {
			resource: 'badgeInstance',
			operation: 'issue',
			system: locator(target.system),
			badge: locator(target.badge),
			email: '={{ $json.email }}',
			requestOptions: { concurrency },
		},
		credentials: { badgeKitApi: { id: 'set-below', name: 'BadgeKit API' } },
	});
}

/**
 * Reference: n8n's own HTTP Request node sending the same requests, signed beforehand by the bench
 * (Authorization and body come in with each item): what any node costs that uses n8n's HTTP helpers.
 */
function httpRequestWorkflow(webhookId, url) {
	return perItemWorkflow('Issuing: n8n HTTP Request node (reference)', webhookId, 'body.requests', {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: '={{ $json.authorization }}' },
					{ name: 'Accept', value: 'application/json' },
				],
			},
			sendBody: true,
			contentType: 'raw',
			rawContentType: 'application/json',
			body: '={{ $json.body }}',
			options: {},
		},
	});
}

/** Reference: n8n evaluating `{{ $json.email }}` once per item (Edit Fields), no request at all. */
function expressionWorkflow(webhookId) {
	return perItemWorkflow('Issuing: one expression per item (reference)', webhookId, 'body.earners', {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: { assignments: [{ id: 'e1', name: 'email', value: '={{ $json.email }}', type: 'string' }] },
			options: {},
		},
	});
}

function issueToManyWorkflow(webhookId, target) {
	return env.webhookWorkflow('Issuing: to many', { path: webhookId, webhookId }, [
		{
			name: 'BadgeKit',
			type: `${env.lib.PACKAGE_NAME}.badgeKit`,
			typeVersion: 1,
			parameters: {
				resource: 'badgeInstance',
				operation: 'issueToMany',
				system: locator(target.system),
				badge: locator(target.badge),
				emails: '={{ $json.body.emails }}',
			},
			credentials: { badgeKitApi: { id: 'set-below', name: 'BadgeKit API' } },
		},
	]);
}

/** Starts a workflow through its webhook with `body` and returns its finished execution. */
async function runWorkflow(started, workflow, body, previous, { timeoutMs = 10 * 60_000 } = {}) {
	const url = env.webhookUrl(started, workflow, 'Webhook');
	const res = await env.lib.request('POST', url, { body, headers: { 'content-type': 'application/json' } });
	if (res.status !== 200) throw new Error(`starting ${workflow.name}: ${res.status} ${res.text}`);
	// Poll without execution data (asking n8n for data while it runs would load its CPU), then read
	// the finished execution once.
	const deadline = Date.now() + timeoutMs;
	let finished;
	for (;;) {
		const list = await started.client.executions(workflow.id, { includeData: false });
		finished = list.length > previous && list.every((e) => e.stoppedAt) ? list[0] : undefined;
		if (finished) break;
		if (Date.now() > deadline) throw new Error(`${workflow.name}: no finished execution after ${timeoutMs} ms`);
		await env.lib.sleep(250);
	}
	const execution = await started.client.api('GET', `/executions/${finished.id}?includeData=true`);
	const summary = env.lib.executionSummary(execution);
	if (summary.error) throw new Error(`${workflow.name} failed: ${summary.error}`);
	const run = execution.data.resultData.runData.BadgeKit[0];
	return {
		nodeMs: run.executionTime,
		executionMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		items: env.lib.nodeOutput(execution, 'BadgeKit').length,
	};
}

/** n8n's CPU time so far (user + system, ms), from /proc: the node runs in n8n's main process. */
function cpuMsOf(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
	} catch {
		return NaN;
	}
}

/**
 * Where the awards go: the sandbox (with its latency model if asked), or a real BadgeKit API given by
 * --badgekit-url, where a throwaway system and badge are created and removed by close().
 */
async function openTarget({ badgekitUrl, latency }) {
	if (!badgekitUrl) {
		if (latency !== 'none' && !LATENCY_PRESETS[latency]) throw new Error(`--latency expects none, ${Object.keys(LATENCY_PRESETS).join(', ')}`);
		const server = await createBadgeKitServer({
			host: '127.0.0.1',
			port: 0,
			masterSecret: env.MASTER_SECRET,
			seed: 'demo',
			latency: LATENCY_PRESETS[latency],
		});
		return {
			label: `sandbox, latency ${latency}${LATENCY_PRESETS[latency] ? ` (${LATENCY_PRESETS[latency].ms} ms a write, ${LATENCY_PRESETS[latency].concurrency} at a time)` : ''}`,
			baseUrl: server.url,
			key: 'master',
			secret: env.MASTER_SECRET,
			system: 'demo',
			badge: 'direct-demo',
			awarded: () => [...server.store.instancesOfBadge(server.store.findBadge(server.store.findSystem('demo').id, 'direct-demo').id)].length,
			track: () => undefined,
			close: () => server.close(),
		};
	}
	const secret = process.env.BADGEKIT_SECRET;
	if (!secret) throw new Error('--badgekit-url needs the API secret in the environment: BADGEKIT_SECRET=… (and BADGEKIT_KEY if not "master")');
	const baseUrl = badgekitUrl.replace(/\/+$/, '');
	const key = process.env.BADGEKIT_KEY || 'master';
	const jwt = require('jsonwebtoken');
	const call = async (method, pathname, body) => {
		const res = await send(baseUrl, method, pathname, signedRequest(jwt, { key, secret }, method, pathname, body), false);
		if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(res.json)}`);
		return res.json;
	};
	const system = `n8n-bench-${Date.now()}`;
	await call('POST', '/systems', {
		slug: system,
		name: 'n8n-nodes-badgekit bench (throwaway, deleted after the run)',
		url: 'https://example.org/n8n-bench',
	});
	const emails = [];
	let badge;
	try {
		// BadgeKit 0.2.22 makes up the slug itself: read it from the answer.
		const created = await call('POST', `/systems/${system}/badges`, {
			slug: 'n8n-bench',
			name: 'n8n-nodes-badgekit bench badge (throwaway)',
			earnerDescription: 'Throwaway badge of the issuing benchmark',
			consumerDescription: 'Throwaway badge of the issuing benchmark',
			criteriaUrl: 'https://example.org/n8n-bench',
			// Required; BadgeKit stores the URL without fetching it (its images row outlives the badge).
			image: 'https://example.org/n8n-bench.png',
			unique: false,
			type: 'skill',
		});
		badge = created.badge.slug;
	} catch (error) {
		await call('DELETE', `/systems/${system}`);
		throw error;
	}
	env.log(`created system ${system} and badge ${badge} on ${baseUrl}`);
	const awarded = async () => (await call('GET', `/systems/${system}/badges/${badge}/instances?page=1&count=1`)).pageData.total;
	return {
		label: `BadgeKit at ${baseUrl}`,
		baseUrl,
		key,
		secret,
		system,
		badge,
		awarded,
		track: (list) => emails.push(...list),
		async close() {
			// Revoke every award first: BadgeKit leaves a deleted badge's awards behind.
			const left = [...new Set(emails)];
			const revoke = async () => {
				while (left.length) {
					const email = left.pop();
					await call('DELETE', `/systems/${system}/badges/${badge}/instances/${encodeURIComponent(email)}`).catch(() => undefined);
				}
			};
			await Promise.all(Array.from({ length: 4 }, revoke));
			const remaining = await awarded();
			if (remaining) env.log(`${remaining} awards of badge ${badge} could not be revoked: they stay in BadgeKit's database`);
			await call('DELETE', `/systems/${system}/badges/${badge}`);
			await call('DELETE', `/systems/${system}`);
			env.log(`revoked the awards, deleted badge ${badge} and system ${system}`);
		},
	};
}

async function run({
	count = 1000,
	rounds = 5,
	engine = 'vm',
	cpuProf = '',
	packageDir,
	concurrency = '1',
	latency = 'none',
	badgekitUrl = '',
} = {}) {
	if (!ENGINES[engine]) throw new Error(`unknown engine "${engine}"`);
	const levels = String(concurrency)
		.split(',')
		.map(Number)
		.filter((n) => Number.isInteger(n) && n >= 1);
	if (!levels.length) throw new Error('--concurrency expects whole numbers ≥ 1, e.g. 1,4');
	const extraEnv = { ...ENGINES[engine] };
	// A V8 CPU profile of n8n (and its task runner), written when n8n exits, for `node bench/cpu-profile.js`.
	if (cpuProf) extraEnv.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${path.resolve(cpuProf)}`;
	const target = await openTarget({ badgekitUrl, latency });
	let started;
	try {
		started = await env.startN8n({ extraEnv, packageDir: packageDir || undefined });
		const issuePath = issuePathOf(target);
		started.credentials.badgeKitApi = await started.client.createCredentialRef({
			name: 'BadgeKit API (bench)',
			type: 'badgeKitApi',
			data: { baseUrl: target.baseUrl, key: target.key, secret: target.secret },
		});
		const nodeWorkflows = [];
		for (const [i, level] of levels.entries()) {
			nodeWorkflows.push(await env.createWorkflow(started, issueWorkflow(`15500000-0000-4000-8000-00000000010${i}`, target, level)));
		}
		const many = await env.createWorkflow(started, issueToManyWorkflow('15500000-0000-4000-8000-000000000002', target));
		const httpNode = await env.createWorkflow(started, httpRequestWorkflow('15500000-0000-4000-8000-000000000003', target.baseUrl + issuePath));
		const expressions = await env.createWorkflow(started, expressionWorkflow('15500000-0000-4000-8000-000000000004'));
		const jwt = require('jsonwebtoken');
		const presigned = (list) =>
			list.map((email) => {
				const { body, headers } = signedRequest(jwt, { key: target.key, secret: target.secret }, 'POST', issuePath, { email });
				return { body, authorization: headers.Authorization };
			});

		const bare = { baseUrl: target.baseUrl, key: target.key, secret: target.secret, issuePath };
		const stamp = Date.now().toString(36);
		const emails = (label, n = count) => {
			const list = Array.from({ length: n }, (_, i) => `${label}-${stamp}-${String(i).padStart(5, '0')}@example.com`);
			target.track(list);
			return list;
		};
		const earners = (label, n = count) => emails(label, n).map((email) => ({ email }));
		const executed = new Map();
		/** Runs a workflow and returns its timings plus n8n's CPU per item during it. */
		const timed = async (workflow, body) => {
			const cpuBefore = cpuMsOf(started.n8n.pid);
			const previous = executed.get(workflow.id) ?? 0;
			executed.set(workflow.id, previous + 1);
			const result = await runWorkflow(started, workflow, body, previous);
			return { ...result, cpuMs: cpuMsOf(started.n8n.pid) - cpuBefore };
		};
		// Warm up every side (JIT, connections, n8n's first execution of each workflow).
		const warmUp = Math.min(50, count);
		await bareInChild(started.install.node, { ...bare, emails: emails('warm-bare', warmUp), keepAlive: true });
		for (const workflow of nodeWorkflows) await timed(workflow, { earners: earners(`warm-node-${workflow.id}`, warmUp) });
		await timed(httpNode, { requests: presigned(emails('warm-http', warmUp)) });
		await timed(expressions, { earners: earners('warm-set', warmUp) });

		const samples = { httpRequestNode: [], httpRequestNodeCpu: [], expressionNode: [] };
		for (const level of levels)
			Object.assign(samples, {
				[`node${level}`]: [],
				[`nodeCpu${level}`]: [],
				[`nodeExecution${level}`]: [],
				[`bareKeepAlive${level}`]: [],
				[`bareNewConnection${level}`]: [],
			});
		const deadline = Date.now() + 30 * 60_000;
		for (let round = 0; round < rounds && Date.now() < deadline; round++) {
			for (const [i, level] of levels.entries()) {
				const a = await bareInChild(started.install.node, {
					...bare,
					emails: emails(`bare-ka-${level}-${round}`),
					keepAlive: true,
					concurrency: level,
				});
				if (a.created !== count) throw new Error(`bare client created ${a.created}`);
				samples[`bareKeepAlive${level}`].push(a.ms);
				const n = await timed(nodeWorkflows[i], { earners: earners(`node-${level}-${round}`) });
				if (n.items !== count) throw new Error(`the node output ${n.items} items, not ${count}`);
				samples[`node${level}`].push(n.nodeMs);
				samples[`nodeCpu${level}`].push(n.cpuMs);
				samples[`nodeExecution${level}`].push(n.executionMs);
				const b = await bareInChild(started.install.node, {
					...bare,
					emails: emails(`bare-nc-${level}-${round}`),
					keepAlive: false,
					concurrency: level,
				});
				samples[`bareNewConnection${level}`].push(b.ms);
			}
			const h = await timed(httpNode, { requests: presigned(emails(`http-${round}`)) });
			if (h.items !== count) throw new Error(`the HTTP Request node output ${h.items} items, not ${count}`);
			samples.httpRequestNode.push(h.nodeMs);
			samples.httpRequestNodeCpu.push(h.cpuMs);
			const x = await timed(expressions, { earners: earners(`set-${round}`) });
			samples.expressionNode.push(x.nodeMs);
		}

		// Issue to Many: one call with N emails, node and bare.
		const manyNode = await timed(many, { emails: emails('many-node') });
		if (manyNode.items !== count) throw new Error(`Issue to Many output ${manyNode.items} items, not ${count}`);
		const manyBare = await bareInChild(started.install.node, { ...bare, emails: emails('many-bare'), keepAlive: true, bulk: true });
		if (manyBare.created !== count) throw new Error(`bare bulk created ${manyBare.created}`);

		const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
		return {
			engine,
			count,
			levels,
			target: target.label,
			rounds: samples.httpRequestNode.length,
			medians,
			samples,
			manyNodeMs: manyNode.nodeMs,
			manyExecutionMs: manyNode.executionMs,
			manyBareMs: manyBare.ms,
			instances: await target.awarded(),
			nodeVersion: started.install.version,
			load: env.loadNote(),
		};
	} finally {
		if (started) await started.close();
		await target.close();
	}
}

function report(r) {
	const m = r.medians;
	console.log(
		`\n4. Issuing ${r.count} badges, n8n ${env.lib.N8N_VERSION}, engine "${r.engine}", ${r.target}, median of ${r.rounds} alternating rounds (${r.load})`,
	);
	const perItem = (ms) => ((ms / r.count) * 1000).toFixed(0);
	/** A row for `ms` spent on the N badges. */
	const row = (client, ms, extra = {}) => ({
		client,
		'total ms': Math.round(ms),
		'µs/badge': perItem(ms),
		'badges/s': Math.round(r.count / (ms / 1000)),
		...extra,
	});
	const cpu = (cpuMs) => ({ 'n8n CPU µs/badge': Number.isFinite(cpuMs) ? perItem(cpuMs) : '' });
	const rows = [];
	for (const level of r.levels) {
		rows.push(row(`BadgeKit node, item by item, Concurrency ${level} (its executionTime)`, m[`node${level}`], cpu(m[`nodeCpu${level}`])));
		rows.push(row('  whole execution (webhook, Split Out, node)', m[`nodeExecution${level}`]));
		rows.push(row(`bare node:http, keep-alive, ${level} in flight`, m[`bareKeepAlive${level}`]));
		rows.push(row(`bare node:http, new connection per request, ${level} in flight`, m[`bareNewConnection${level}`]));
	}
	rows.push(row("n8n's HTTP Request node, same requests pre-signed (all at once)", m.httpRequestNode, cpu(m.httpRequestNodeCpu)));
	rows.push({ ...row("n8n's Edit Fields node, {{ $json.email }} per item, no request", m.expressionNode), 'badges/s': '' }); // no badge issued
	rows.push(row(`Issue to Many, ${r.count} emails in one call (node)`, r.manyNodeMs));
	rows.push(row(`  bare bulk request, ${r.count} emails`, r.manyBareMs));
	console.table(rows);
	for (const level of r.levels) {
		const node = m[`node${level}`];
		const bestBare = Math.min(m[`bareKeepAlive${level}`], m[`bareNewConnection${level}`]);
		const versusHttp = node / m.httpRequestNode;
		const versusBare = node / bestBare;
		console.log(
			`Concurrency ${level}: node ÷ HTTP Request node ${versusHttp.toFixed(2)}× (target ≤ 1.0: ${versusHttp <= 1 ? 'MET' : 'MISSED'}); ` +
				`÷ best bare client at ${level} in flight ${versusBare.toFixed(2)}× (target ≤ 1.2: ${versusBare <= 1.2 ? 'MET' : 'MISSED'}); ` +
				`per-item overhead over it ${perItem(node - bestBare)} µs`,
		);
	}
	const list = (name) => r.samples[name].map(Math.round).join(', ');
	console.log(
		`rounds (ms): ${r.levels.map((level) => `node c${level} ${list(`node${level}`)}; bare keep-alive c${level} ${list(`bareKeepAlive${level}`)}; bare new connection c${level} ${list(`bareNewConnection${level}`)}`).join('; ')}; HTTP Request node ${list('httpRequestNode')}; Edit Fields ${list('expressionNode')}`,
	);
	console.log(`awards on the target after the run: ${r.instances}`);
}

if (require.main === module) {
	if (process.argv[2] === '--bare-child') {
		bareIssue(JSON.parse(process.argv[3])).then(
			(result) => process.stdout.write(JSON.stringify(result), () => process.exit(0)),
			(error) => {
				console.error(error);
				process.exit(1);
			},
		);
	} else {
		const options = env.args({
			count: 1000,
			rounds: 5,
			engine: 'vm',
			cpuProf: '',
			packageDir: '',
			concurrency: '1',
			latency: 'none',
			badgekitUrl: '',
		});
		run(options)
			.then(report)
			.catch((error) => {
				console.error(error);
				process.exitCode = 1;
			});
	}
}

module.exports = { run, report, bareIssue };
