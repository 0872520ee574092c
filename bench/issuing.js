'use strict';
// Benchmark 4: issuing throughput. The BadgeKit node (Badge Instance → Issue) awarding a badge to N
// earners item by item (default 1,000) in a real n8n, against the BadgeKit-compatible server, timed
// against a bare script that sends the same signed requests (same jsonwebtoken claims: key, method,
// path, exp, body hash; the same ASCII JSON body) with Node's own HTTP client, in the same run, run
// by the same Node binary as n8n. Rounds alternate bare, node, bare, node… so that noise hits both.
// Then Issue to Many: N emails in one call, node against one bare request.
// Target: the node within 1.2× the bare client.
//
//   node bench/issuing.js [--count 1000] [--rounds 5] [--engine vm|vm-lazy|legacy] [--cpu-prof DIR]
//                         [--package-dir DIR]   (another build of the package, e.g. a candidate change)
//
// The node's own time is its executionTime in the execution's run data (what n8n measured around
// its execute()); the whole execution (webhook start, Split Out, the node) is stoppedAt - startedAt.
// The bare client is measured twice: with Node's default agent (keep-alive, what a script gets by
// default) and with a new connection per request (what n8n's HTTP helper does).
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const env = require('./n8n-env');
const { median } = require('./lib');
const { createBadgeKitServer } = require('../sandbox');

const ENGINES = {
	vm: {},
	'vm-lazy': { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

const SYSTEM = 'demo';
const BADGE = 'direct-demo';
const ISSUE_PATH = `/systems/${SYSTEM}/badges/${BADGE}/instances`;

// ---------------------------------------------------------------------------------------------
// The bare client (also run as a child process: `node bench/issuing.js --bare-child <json>`)

/** Exactly what the node's transport sends: ASCII JSON, token {key, method, path, exp, body}. */
function asciiJson(value) {
	return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function signedRequest(jwt, { key, secret }, method, pathname, bodyObject) {
	const body = asciiJson(bodyObject);
	const hash = crypto.createHash('sha256').update(body).digest('hex');
	const token = jwt.sign({ key, method, path: pathname, exp: Math.floor(Date.now() / 1000) + 60, body: { alg: 'sha256', hash } }, secret, {
		algorithm: 'HS256',
		header: { typ: 'JWT', alg: 'HS256' },
		noTimestamp: true,
	});
	return {
		body,
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(body),
			Authorization: `JWT token="${token}"`,
		},
	};
}

function send(baseUrl, method, pathname, { body, headers }, agent) {
	return new Promise((resolve, reject) => {
		const u = new URL(baseUrl + pathname);
		const req = http.request({ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent }, (res) => {
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

/** Issues to each email in turn; returns {ms, created}. keepAlive false = a new connection each time. */
async function bareIssue({ baseUrl, key, secret, emails, keepAlive, bulk }) {
	const jwt = require('jsonwebtoken');
	const agent = keepAlive ? undefined /* Node's global agent: keep-alive */ : false;
	const started = performance.now();
	let created = 0;
	if (bulk) {
		const res = await send(
			baseUrl,
			'POST',
			ISSUE_PATH + '/bulk',
			signedRequest(jwt, { key, secret }, 'POST', ISSUE_PATH + '/bulk', { emails }),
			agent,
		);
		if (res.status !== 201) throw new Error(`bulk: ${res.status} ${JSON.stringify(res.json)}`);
		created = res.json.instances.length;
	} else {
		for (const email of emails) {
			const res = await send(baseUrl, 'POST', ISSUE_PATH, signedRequest(jwt, { key, secret }, 'POST', ISSUE_PATH, { email }), agent);
			if (res.status !== 201) throw new Error(`${email}: ${res.status} ${JSON.stringify(res.json)}`);
			created++;
		}
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

function issueWorkflow(webhookId) {
	return perItemWorkflow('Issuing: item by item', webhookId, 'body.earners', {
		type: `${env.lib.PACKAGE_NAME}.badgeKit`,
		typeVersion: 1,
		parameters: { resource: 'badgeInstance', operation: 'issue', system: locator(SYSTEM), badge: locator(BADGE), email: '={{ $json.email }}' },
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

function issueToManyWorkflow(webhookId) {
	return env.webhookWorkflow('Issuing: to many', { path: webhookId, webhookId }, [
		{
			name: 'BadgeKit',
			type: `${env.lib.PACKAGE_NAME}.badgeKit`,
			typeVersion: 1,
			parameters: {
				resource: 'badgeInstance',
				operation: 'issueToMany',
				system: locator(SYSTEM),
				badge: locator(BADGE),
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

async function run({ count = 1000, rounds = 5, engine = 'vm', cpuProf = '', packageDir } = {}) {
	if (!ENGINES[engine]) throw new Error(`unknown engine "${engine}"`);
	const extraEnv = { ...ENGINES[engine] };
	// A V8 CPU profile of n8n (and its task runner), written when n8n exits, for `node bench/cpu-profile.js`.
	if (cpuProf) extraEnv.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${path.resolve(cpuProf)}`;
	const started = await env.startN8n({ extraEnv, packageDir: packageDir || undefined });
	let server;
	try {
		server = await createBadgeKitServer({ host: '127.0.0.1', port: 0, masterSecret: env.MASTER_SECRET, seed: 'demo' });
		const credential = await started.client.createCredential({
			name: 'BadgeKit API (bench)',
			type: 'badgeKitApi',
			data: { baseUrl: server.url, key: 'master', secret: env.MASTER_SECRET },
		});
		started.credentials.badgeKitApi = { id: String(credential.id), name: credential.name };
		const one = await env.createWorkflow(started, issueWorkflow('15500000-0000-4000-8000-000000000001'));
		const many = await env.createWorkflow(started, issueToManyWorkflow('15500000-0000-4000-8000-000000000002'));
		const httpNode = await env.createWorkflow(started, httpRequestWorkflow('15500000-0000-4000-8000-000000000003', server.url + ISSUE_PATH));
		const expressions = await env.createWorkflow(started, expressionWorkflow('15500000-0000-4000-8000-000000000004'));
		const jwt = require('jsonwebtoken');
		const presigned = (list) =>
			list.map((email) => {
				const { body, headers } = signedRequest(jwt, { key: 'master', secret: env.MASTER_SECRET }, 'POST', ISSUE_PATH, { email });
				return { body, authorization: headers.Authorization };
			});

		const bare = { baseUrl: server.url, key: 'master', secret: env.MASTER_SECRET };
		const emails = (label, n = count) => Array.from({ length: n }, (_, i) => `${label}-${String(i).padStart(5, '0')}@example.com`);
		const earners = (label, n = count) => emails(label, n).map((email) => ({ email }));
		// Warm up both sides (JIT, connections, n8n's first execution of the workflow).
		const warmUp = Math.min(50, count);
		await bareInChild(started.install.node, { ...bare, emails: emails('warm-bare', warmUp), keepAlive: true });
		let executed = 0;
		let httpExecuted = 0;
		let expressionExecuted = 0;
		await runWorkflow(started, one, { earners: earners('warm-node', warmUp) }, executed++);
		await runWorkflow(started, httpNode, { requests: presigned(emails('warm-http', warmUp)) }, httpExecuted++);
		await runWorkflow(started, expressions, { earners: earners('warm-set', warmUp) }, expressionExecuted++);

		const samples = { node: [], nodeExecution: [], bareKeepAlive: [], bareNewConnection: [], httpRequestNode: [], expressionNode: [] };
		const deadline = Date.now() + 30 * 60_000;
		for (let round = 0; round < rounds && Date.now() < deadline; round++) {
			const a = await bareInChild(started.install.node, { ...bare, emails: emails(`bare-ka-${round}`), keepAlive: true });
			if (a.created !== count) throw new Error(`bare client created ${a.created}`);
			samples.bareKeepAlive.push(a.ms);
			const n = await runWorkflow(started, one, { earners: earners(`node-${round}`) }, executed++);
			if (n.items !== count) throw new Error(`the node output ${n.items} items, not ${count}`);
			samples.node.push(n.nodeMs);
			samples.nodeExecution.push(n.executionMs);
			const b = await bareInChild(started.install.node, { ...bare, emails: emails(`bare-nc-${round}`), keepAlive: false });
			samples.bareNewConnection.push(b.ms);
			const h = await runWorkflow(started, httpNode, { requests: presigned(emails(`http-${round}`)) }, httpExecuted++);
			if (h.items !== count) throw new Error(`the HTTP Request node output ${h.items} items, not ${count}`);
			samples.httpRequestNode.push(h.nodeMs);
			const x = await runWorkflow(started, expressions, { earners: earners(`set-${round}`) }, expressionExecuted++);
			samples.expressionNode.push(x.nodeMs);
		}

		// Issue to Many: one call with N emails, node and bare.
		const manyNode = await runWorkflow(started, many, { emails: emails('many-node') }, 0);
		if (manyNode.items !== count) throw new Error(`Issue to Many output ${manyNode.items} items, not ${count}`);
		const manyBare = await bareInChild(started.install.node, { ...bare, emails: emails('many-bare'), keepAlive: true, bulk: true });
		if (manyBare.created !== count) throw new Error(`bare bulk created ${manyBare.created}`);

		const instances = server.store.instancesOfBadge(server.store.findBadge(server.store.findSystem(SYSTEM).id, BADGE).id);
		return {
			engine,
			count,
			rounds: samples.node.length,
			nodeMs: median(samples.node),
			nodeExecutionMs: median(samples.nodeExecution),
			bareKeepAliveMs: median(samples.bareKeepAlive),
			bareNewConnectionMs: median(samples.bareNewConnection),
			httpRequestNodeMs: median(samples.httpRequestNode),
			expressionNodeMs: median(samples.expressionNode),
			samples,
			manyNodeMs: manyNode.nodeMs,
			manyExecutionMs: manyNode.executionMs,
			manyBareMs: manyBare.ms,
			instances: [...instances].length,
			nodeVersion: started.install.version,
			load: env.loadNote(),
		};
	} finally {
		if (server) await server.close();
		await started.close();
	}
}

function report(r) {
	console.log(
		`\n4. Issuing ${r.count} badges, n8n ${env.lib.N8N_VERSION}, engine "${r.engine}", median of ${r.rounds} alternating rounds (${r.load})`,
	);
	/** A row for `ms` spent on the N badges; `versus` is its "÷ bare" column. */
	const row = (client, ms, versus) => ({
		client,
		'total ms': Math.round(ms),
		'µs/badge': ((ms / r.count) * 1000).toFixed(0),
		'badges/s': Math.round(r.count / (ms / 1000)),
		'÷ bare': versus,
	});
	const times = (ms, bareMs = r.bareKeepAliveMs) => (ms / bareMs).toFixed(2) + '×';
	console.table([
		row('BadgeKit node, item by item (its executionTime)', r.nodeMs, times(r.nodeMs)),
		row('  whole execution (webhook, Split Out, node)', r.nodeExecutionMs, times(r.nodeExecutionMs)),
		row('bare node:http, keep-alive (default agent)', r.bareKeepAliveMs, '1.00×'),
		row('bare node:http, new connection per request', r.bareNewConnectionMs, times(r.bareNewConnectionMs)),
		row("n8n's HTTP Request node, same requests pre-signed", r.httpRequestNodeMs, times(r.httpRequestNodeMs)),
		// no badge is issued there
		{ ...row("n8n's Edit Fields node, {{ $json.email }} per item, no request", r.expressionNodeMs, times(r.expressionNodeMs)), 'badges/s': '' },
		row(`Issue to Many, ${r.count} emails in one call (node)`, r.manyNodeMs, times(r.manyNodeMs, r.manyBareMs) + ' (bare bulk)'),
		row(`  bare bulk request, ${r.count} emails`, r.manyBareMs, ''),
	]);
	const ratio = r.nodeMs / r.bareKeepAliveMs;
	console.log(
		`target: item by item within 1.2× the bare client → ${ratio.toFixed(2)}× ${ratio <= 1.2 ? 'MET' : 'MISSED'} (against a new connection per request: ${(r.nodeMs / r.bareNewConnectionMs).toFixed(2)}×)`,
	);
	console.log(`against n8n's own HTTP Request node sending the same requests: ${(r.nodeMs / r.httpRequestNodeMs).toFixed(2)}×`);
	console.log(
		`rounds (ms): node ${r.samples.node.map(Math.round).join(', ')}; bare keep-alive ${r.samples.bareKeepAlive.map(Math.round).join(', ')}; bare new connection ${r.samples.bareNewConnection.map(Math.round).join(', ')}; HTTP Request node ${r.samples.httpRequestNode.map(Math.round).join(', ')}; Edit Fields ${r.samples.expressionNode.map(Math.round).join(', ')}`,
	);
}

if (require.main === module) {
	if (process.argv[2] === '--bare-child') {
		bareIssue(JSON.parse(process.argv[3])).then(
			(result) => process.stdout.write(JSON.stringify(result)),
			(error) => {
				console.error(error);
				process.exit(1);
			},
		);
	} else {
		const options = env.args({ count: 1000, rounds: 5, engine: 'vm', cpuProf: '', packageDir: '' });
		run(options)
			.then(report)
			.catch((error) => {
				console.error(error);
				process.exitCode = 1;
			});
	}
}

module.exports = { run, report, bareIssue };
