'use strict';
// A real n8n for the benchmarks, on top of tooling/n8n.js (used through its
// exported API only): a fresh user folder with this package linked, n8n on a random
// loopback port, an owner, an API key and the credentials the benchmark workflows use. Also what
// that library lacks for benchmarks: RSS sampling of n8n and its task runner, and a keep-alive
// client. Workflow builders come from tooling/workflows.js (shared with the e2e tests).
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../tooling/n8n.js');
const { rssBytes, treeRssBytes } = require('../tooling/rss.js');
const { badgeKitTriggerWorkflow, triggerTypeVersion, webhookWorkflow } = require('../tooling/workflows.js');

const WEBHOOK_SECRET = 'bk-webhook-secret-bench';
const JWT_SECRET = 'bk-jwt-secret-bench-0123456789';
const MASTER_SECRET = 'bk-master-secret-bench';
const ENCRYPTION_KEY = 'badgekit-bench-fixed-encryption-key';
const OWNER = { email: 'bench-owner@example.com', password: 'Bench-owner-password-1', firstName: 'Bench', lastName: 'Owner' };

const log = (line) => process.stderr.write(`[bench] ${line}\n`);

const userFolders = new Set();
// n8n (tooling/n8n.js) is killed by that library's own exit hook; an interrupted run also
// removes its user folders.
process.once('exit', () => {
	if (process.env.BADGEKIT_BENCH_KEEP) return;
	for (const folder of userFolders) fs.rmSync(folder, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/**
 * The package folder to link into n8n. n8n refuses a whole package when one file listed in
 * package.json's "n8n" section is missing: while a node is still being written, link a copy of the
 * package description that lists only the built files (dist/ and node_modules/ are symlinks).
 */
function loadablePackageDir(userFolder) {
	const pkg = JSON.parse(fs.readFileSync(path.join(lib.ROOT, 'package.json'), 'utf8'));
	const exists = (file) => fs.existsSync(path.join(lib.ROOT, file));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((file) => !exists(file));
	if (!missing.length) return lib.ROOT;
	log(`not built yet, left out of the package n8n loads: ${missing.join(', ')}`);
	const dir = path.join(userFolder, 'package');
	fs.mkdirSync(dir, { recursive: true });
	pkg.n8n.nodes = pkg.n8n.nodes.filter(exists);
	pkg.n8n.credentials = pkg.n8n.credentials.filter(exists);
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	for (const link of ['dist', 'node_modules', 'index.js']) {
		if (exists(link)) fs.symlinkSync(path.join(lib.ROOT, link), path.join(dir, link));
	}
	return dir;
}

/** Builds the package if dist/ is stale and makes sure n8n is installed in the cache. */
async function prepare() {
	await lib.ensureBuilt({ log });
	return lib.installN8n(lib.N8N_VERSION, { log });
}

/**
 * Starts n8n with this package linked. `extraEnv` is added to n8n's environment (e.g.
 * N8N_EXPRESSION_ENGINE=legacy for a comparison run). Returns {n8n, client, credentials, close()}.
 */
async function startN8n({ extraEnv = {}, packageDir } = {}) {
	const install = await prepare();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-bench-n8n-'));
	userFolders.add(userFolder);
	lib.linkPackage(userFolder, packageDir ? path.resolve(packageDir) : loadablePackageDir(userFolder));
	let n8n;
	const close = async () => {
		if (n8n) await n8n.stop();
		if (process.env.BADGEKIT_BENCH_KEEP) log(`kept ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
		userFolders.delete(userFolder);
	};
	try {
		n8n = await lib.startN8n({ install, userFolder, encryptionKey: ENCRYPTION_KEY, extraEnv });
		const client = new lib.N8nClient(n8n.url);
		const credentials = await client.setUpOwner(OWNER, [
			{ name: 'BadgeKit Webhook (bench)', type: 'badgeKitWebhookApi', data: { secret: WEBHOOK_SECRET } },
			{ name: 'JWT (bench)', type: 'jwtAuth', data: { keyType: 'passphrase', secret: JWT_SECRET, algorithm: 'HS256' } },
		]);
		return { n8n, client, credentials, install, userFolder, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Creates (and activates) a workflow with its credential slots pointed at ours. */
async function createWorkflow(env, workflow, { activate = true } = {}) {
	const created = await env.client.createWorkflow(lib.withCredentials(workflow, env.credentials));
	if (activate) await env.client.activateWorkflow(created.id);
	return created;
}

// ---------------------------------------------------------------------------------------------
// Workflows

/** n8n's own Webhook node alone (current version 2.1), with its JWT auth if asked. */
function webhookNodeWorkflow(name, webhookId, { jwt = false } = {}) {
	const workflow = webhookWorkflow(name, { path: webhookId, webhookId });
	if (jwt) {
		const [node] = workflow.nodes;
		node.parameters.authentication = 'jwtAuth';
		node.credentials = { jwtAuth: { id: 'set-below', name: 'JWT' } };
	}
	return workflow;
}

function webhookUrl(env, workflow, nodeName) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (node.type === 'n8n-nodes-base.webhook') return `${env.n8n.url}/webhook/${node.parameters.path}`;
	return lib.webhookUrl(env.n8n.url, workflow, nodeName);
}

// ---------------------------------------------------------------------------------------------
// HTTP: a keep-alive POST with a hard timeout

const post = lib.keepAlivePost;

// ---------------------------------------------------------------------------------------------
// Memory: RSS of n8n (tooling/rss.js), alone and with its task runner

/** Samples RSS every `everyMs`; stop() returns {baseMB, peakMB, peakTreeMB}. */
function sampleRss(pid, everyMs = 50) {
	const base = rssBytes(pid);
	const baseTree = treeRssBytes(pid);
	let peak = base;
	let peakTree = baseTree;
	const timer = setInterval(() => {
		peak = Math.max(peak, rssBytes(pid));
		peakTree = Math.max(peakTree, treeRssBytes(pid));
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, rssBytes(pid));
			return { baseMB: base / 2 ** 20, peakMB: peak / 2 ** 20, baseTreeMB: baseTree / 2 ** 20, peakTreeMB: peakTree / 2 ** 20 };
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Machine description for BENCHMARKS.md

function machine() {
	const cpu = (/model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8')) || [])[1] || os.cpus()[0]?.model || '?';
	const load = os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
	return { cpus: os.cpus().length, cpu, memGB: (os.totalmem() / 2 ** 30).toFixed(1), load, node: process.version };
}

/**
 * The load while the bench ran (the machine may be shared). A bench keeps about one CPU busy itself
 * (n8n), so only a load above the CPU count says that other jobs took CPU from it.
 */
function loadNote() {
	const [one] = os.loadavg();
	return `load average ${os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(
			' ',
		)} on ${os.cpus().length} CPUs${one > os.cpus().length ? ' (more work than CPUs: other jobs were running, figures are CPU-starved)' : ''}`;
}

/** Command-line flags: --name value / --flag. */
function args(defaults) {
	const out = { ...defaults };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
		if (!match) continue;
		const key = match[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		let value = match[2];
		if (value === undefined) value = argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
		out[key] = typeof defaults[key] === 'number' ? Number(value) : typeof defaults[key] === 'boolean' ? value !== 'false' : value;
	}
	return out;
}

module.exports = {
	lib,
	log,
	WEBHOOK_SECRET,
	JWT_SECRET,
	MASTER_SECRET,
	prepare,
	startN8n,
	createWorkflow,
	badgeKitTriggerWorkflow,
	triggerTypeVersion,
	webhookWorkflow,
	webhookNodeWorkflow,
	webhookUrl,
	post,
	sampleRss,
	machine,
	loadNote,
	args,
};
