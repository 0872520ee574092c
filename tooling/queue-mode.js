'use strict';
// n8n's queue mode (its distributed engine) on loopback, for the queue-mode e2e suite and
// `npm run bench:queue`: Debian's PostgreSQL and Redis, each started by us into a temporary folder on
// a free port (no systemd, no persistence, nothing of the system's own clusters touched), one n8n main
// (`n8n start`), webhook processors (`n8n webhook`) and workers (`n8n worker`), every one with its own
// user folder, port and task-broker port, all listening on 127.0.0.1 only.
//
//   const cluster = await startQueueMode({ install, encryptionKey });
//   cluster.main.url, cluster.webhooks[i].url, cluster.workers[i], cluster.postgres.query(sql)
//   await cluster.restartWebhooks();
//   await cluster.stop();        // everything, also after a failed start (and on process exit)
//
// The settings that took 5,000 BadgeKit deliveries with none lost (BENCHMARKS.md, measured with n8n
// 2.41.1) are QUEUE_SETTINGS below; the README section "Many deliveries: n8n queue mode" explains them.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const lib = require('./n8n.js');
const { treeRssBytes } = require('./rss.js');
const { badgeKitTriggerWorkflow } = require('./workflows.js');

/**
 * n8n settings for BadgeKit bursts in queue mode. n8n's default database pool (2 connections per
 * process) makes a webhook processor answer 503 "Database is not ready!" under a burst (its health
 * ping waits behind the busy pool and times out): 3,818 of 5,000 deliveries were lost that way.
 */
const QUEUE_SETTINGS = Object.freeze({
	DB_POSTGRESDB_POOL_SIZE: '10',
	DB_PING_TIMEOUT_MS: '15000',
	// One isolate less per delivery with trigger ≥ 1.1 (BENCHMARKS.md, part 3).
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
});

const DEBIAN_PACKAGES = ['postgresql', 'redis-server'];

const sleep = lib.sleep;

/** Installs postgresql and redis-server with scripts/ensure-debian-packages.sh when missing. */
function ensureDebianPackages(packages = DEBIAN_PACKAGES, { log = () => {} } = {}) {
	const result = spawnSync('bash', [path.join(lib.ROOT, 'scripts', 'ensure-debian-packages.sh'), ...packages], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 20 * 60_000,
	});
	for (const line of `${result.stdout || ''}${result.stderr || ''}`.split('\n')) if (line.trim()) log(line);
	if (result.status !== 0) {
		throw new Error(
			`scripts/ensure-debian-packages.sh ${packages.join(' ')} failed (exit ${result.status}${result.error ? ', ' + result.error.message : ''})`,
		);
	}
}

/** The bin folder of the newest PostgreSQL server Debian installed (/usr/lib/postgresql/<v>/bin). */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))) : [];
	if (!versions.length) throw new Error('no PostgreSQL server in /usr/lib/postgresql/*/bin: install the Debian package postgresql');
	versions.sort((a, b) => Number(b) - Number(a));
	return path.join(base, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user Debian created. */
function postgresUser() {
	if (process.getuid && process.getuid() !== 0) return {};
	const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const uid = id('-u');
	const gid = id('-g');
	if (!Number.isInteger(uid) || !uid)
		throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as (the Debian package postgresql creates it)');
	return { uid, gid };
}

// Every server and folder we started, stopped/removed synchronously if the process exits first.
const liveChildren = new Set();
const liveFolders = new Set();
process.once('exit', () => {
	for (const child of liveChildren) {
		try {
			child.kill('SIGKILL');
		} catch {
			/* gone */
		}
	}
	if (process.env.BADGEKIT_QUEUE_KEEP) return;
	for (const folder of liveFolders) fs.rmSync(folder, { recursive: true, force: true });
});

/** Spawns a server process; resolves `exited` when it ends. */
function spawnServer(command, args, { logFile, ...options }) {
	const logFd = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { ...options, stdio: ['ignore', logFd, logFd] });
	fs.closeSync(logFd);
	liveChildren.add(child);
	const handle = { child, pid: child.pid, exited: null, logFile };
	handle.exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			handle.exited = { code, signal };
			liveChildren.delete(child);
			resolve(handle.exited);
		});
		child.once('error', (error) => {
			handle.exited = { error: error.message };
			liveChildren.delete(child);
			resolve(handle.exited);
		});
	});
	handle.logTail = (lines = 40) => {
		try {
			return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	};
	/** `signal`, then SIGKILL after graceMs; resolves when the process has exited. */
	handle.stop = async (signal = 'SIGTERM', graceMs = 15_000) => {
		if (!handle.exited) {
			child.kill(signal);
			let timer;
			await Promise.race([handle.exitPromise, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
			clearTimeout(timer);
			if (!handle.exited) child.kill('SIGKILL');
		}
		await handle.exitPromise;
	};
	return handle;
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
	if (result.status !== 0) {
		throw new Error(
			`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status}${result.error ? ', ' + result.error.message : ''}):\n${result.stdout}${result.stderr}`,
		);
	}
	return result.stdout;
}

/** Waits (bounded) until `check()` is true; throws with `describe()` when the server died or time ran out. */
async function waitUntil(check, { server, what, timeoutMs = 60_000 }) {
	const started = Date.now();
	for (;;) {
		if (server && server.exited) throw new Error(`${what} exited before it was ready (${JSON.stringify(server.exited)}):\n${server.logTail()}`);
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() - started > timeoutMs) throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${server ? server.logTail() : ''}`);
		await sleep(200);
	}
}

/**
 * A PostgreSQL cluster of our own: initdb into `dir` (trust authentication, loopback only), the
 * server on `port`, a database `n8n`. `query(sql)` runs psql and returns its unaligned rows.
 */
async function startPostgres({ dir, port, log = () => {} }) {
	port = port || (await lib.freePort());
	const bin = postgresBinDir();
	const user = postgresUser();
	const dataDir = path.join(dir, 'pgdata');
	const socketDir = path.join(dir, 'pgsocket');
	for (const folder of [dataDir, socketDir]) {
		fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
		if (user.uid) fs.chownSync(folder, user.uid, user.gid);
	}
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
	run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], { ...user, env, cwd: dir });
	const server = spawnServer(
		path.join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${socketDir}`,
			'-c',
			'max_connections=200',
		],
		{ ...user, env, cwd: dir, logFile: path.join(dir, 'postgres.log') },
	);
	const psqlArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-A', '-t'];
	const pg = {
		port,
		host: '127.0.0.1',
		user: 'postgres',
		database: 'n8n',
		server,
		pid: server.pid,
		/** Rows of a query as arrays of strings (psql unaligned, tab-separated). */
		query(sql, database = 'n8n') {
			const out = run(path.join(bin, 'psql'), [...psqlArgs, '-F', '\t', '-d', database, '-c', sql], { env: { ...env, PGCONNECT_TIMEOUT: '10' } });
			return out
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		/** Fast shutdown (SIGINT): open connections are closed, the server exits. */
		stop: () => server.stop('SIGINT', 20_000),
	};
	try {
		await waitUntil(() => spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0, {
			server,
			what: 'PostgreSQL',
			timeoutMs: 60_000,
		});
		pg.query('CREATE DATABASE n8n', 'postgres');
	} catch (error) {
		await pg.stop();
		throw error;
	}
	log(`PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (${dataDir})`);
	return pg;
}

/** Sends PING over a plain socket; true on +PONG. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let data = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2000, () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
		socket.once('error', () => done(false));
	});
}

/** A Redis of our own: loopback, a free port, no RDB snapshots, no AOF, no config file read. */
async function startRedis({ dir, port, log = () => {} }) {
	port = port || (await lib.freePort());
	const server = spawnServer(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ cwd: dir, logFile: path.join(dir, 'redis.log') },
	);
	const redis = { port, host: '127.0.0.1', server, pid: server.pid, stop: () => server.stop('SIGTERM', 10_000) };
	try {
		await waitUntil(() => redisPing(port), { server, what: 'Redis', timeoutMs: 30_000 });
	} catch (error) {
		await redis.stop();
		throw error;
	}
	log(`Redis on 127.0.0.1:${port}`);
	return redis;
}

/** n8n's environment for queue mode against our Postgres and Redis (on top of lib.n8nEnv). */
function queueEnv({ postgres, redis, settings = QUEUE_SETTINGS, extra = {} }) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Production webhooks go to the webhook processors only, as in n8n's recommended setup.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		...settings,
		...extra,
	};
}

async function httpOk(url) {
	const res = await lib.request('GET', url, { timeoutMs: 2000 });
	return res.status === 200;
}

/**
 * Starts Postgres, Redis, one n8n main, `webhooks` webhook processors and `workers` workers.
 *
 * @param {object} options
 * @param {object} options.install          describeInstall() of n8n (lib.installN8n)
 * @param {string} options.encryptionKey    shared by every n8n process (they share credentials)
 * @param {(userFolder: string) => void} [options.preparePackage]  puts this package into a user
 *   folder; by default the package's `npm pack` tarball is installed once the way n8n's Community Nodes
 *   panel does (lib.installPackage) and that nodes folder copied to every process's user folder
 * @param {object} [options.settings]       QUEUE_SETTINGS by default; n8n's defaults with {}
 * @param {object} [options.env]            more environment for every n8n process
 */
async function startQueueMode({
	install,
	encryptionKey,
	preparePackage,
	webhooks = 2,
	workers = 1,
	settings = QUEUE_SETTINGS,
	env = {},
	log = (line) => process.stderr.write(`[queue] ${line}\n`),
	readyTimeoutMs = 240_000,
	installPackages = true,
}) {
	if (installPackages) ensureDebianPackages(DEBIAN_PACKAGES, { log });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-queue-'));
	// The postgres user must reach its data folder inside.
	fs.chmodSync(dir, 0o755);
	liveFolders.add(dir);

	const cluster = { dir, postgres: null, redis: null, main: null, webhooks: [], workers: [], settings };
	const folders = {};
	const folderFor = (name) => {
		if (!folders[name]) {
			folders[name] = path.join(dir, name);
			fs.mkdirSync(folders[name], { recursive: true });
			preparePackage(folders[name]);
		}
		return folders[name];
	};

	const n8nProcess = async (name, command, { port } = {}) => {
		const userFolder = folderFor(name);
		port = port || (await lib.freePort());
		const extraEnv = queueEnv({ postgres: cluster.postgres, redis: cluster.redis, settings, extra: env });
		let isReady;
		if (command[0] === 'worker') {
			// A worker serves nothing but its health check, on a port of its own, on loopback.
			Object.assign(extraEnv, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
			isReady = (url) => httpOk(url + '/healthz/readiness');
		} else if (command[0] === 'webhook') {
			isReady = (url) => httpOk(url + '/healthz/readiness');
		}
		const instance = await lib.startN8n({ install, userFolder, port, encryptionKey, extraEnv, command, isReady, readyTimeoutMs });
		instance.name = name;
		const output = fs.readFileSync(instance.logFile, 'utf8');
		const failure = output.indexOf(`Failed to load package "${lib.PACKAGE_NAME}"`);
		if (failure !== -1) {
			await instance.stop();
			throw new Error(`${name} could not load ${lib.PACKAGE_NAME}:\n${output.slice(failure, failure + 1500)}`);
		}
		log(`${name} (n8n ${command.join(' ')}) ready on ${instance.url} after ${Math.round(instance.readyMs / 100) / 10} s`);
		return instance;
	};

	/** Stops the webhook processors and starts them again (same user folders and ports). */
	cluster.restartWebhooks = async () => {
		const previous = cluster.webhooks;
		await Promise.all(previous.map((w) => w.stop()));
		cluster.webhooks = [];
		cluster.webhooks = await Promise.all(previous.map((w) => n8nProcess(w.name, ['webhook'], { port: w.port })));
		return cluster.webhooks;
	};

	cluster.n8nProcesses = () => [cluster.main, ...cluster.webhooks, ...cluster.workers].filter(Boolean);

	let stopped = false;
	cluster.stop = async () => {
		if (stopped) return;
		stopped = true;
		const errors = [];
		const attempt = async (fn) => {
			try {
				await fn();
			} catch (error) {
				errors.push(error);
			}
		};
		// Webhook processors first (no new work), then workers, the main, and the servers under them.
		await Promise.all(cluster.webhooks.map((w) => attempt(() => w.stop())));
		await Promise.all(cluster.workers.map((w) => attempt(() => w.stop())));
		if (cluster.main) await attempt(() => cluster.main.stop());
		if (cluster.redis) await attempt(() => cluster.redis.stop());
		if (cluster.postgres) await attempt(() => cluster.postgres.stop());
		if (process.env.BADGEKIT_QUEUE_KEEP) log(`kept ${dir}`);
		else fs.rmSync(dir, { recursive: true, force: true });
		liveFolders.delete(dir);
		if (errors.length) throw errors[0];
	};

	try {
		if (!preparePackage) {
			// Every n8n process loads community packages from its own user folder (a shared volume in
			// a real deployment): the tarball installed once, the nodes folder copied.
			const template = path.join(dir, 'package-install');
			const tarball = await lib.packBuiltPackage(path.join(dir, 'pack'), { log });
			lib.installPackage(template, { tarball });
			preparePackage = (userFolder) =>
				fs.cpSync(path.join(template, '.n8n', 'nodes'), path.join(userFolder, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
		}
		const [postgres, redis] = await Promise.all([startPostgres({ dir, log }), startRedis({ dir, log })]);
		cluster.postgres = postgres;
		cluster.redis = redis;
		// The main migrates the database: the other processes start after it.
		cluster.main = await n8nProcess('main', ['start']);
		const started = await Promise.allSettled([
			...Array.from({ length: webhooks }, (_, i) => n8nProcess(`webhook-${String.fromCharCode(97 + i)}`, ['webhook'])),
			...Array.from({ length: workers }, (_, i) => n8nProcess(`worker-${i + 1}`, ['worker'])),
		]);
		for (const result of started) {
			if (result.status !== 'fulfilled') continue;
			(result.value.name.startsWith('webhook') ? cluster.webhooks : cluster.workers).push(result.value);
		}
		const failed = started.find((result) => result.status === 'rejected');
		if (failed) throw failed.reason;
		return cluster;
	} catch (error) {
		await cluster.stop().catch(() => {});
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// The BadgeKit Trigger on the cluster

/**
 * Signs in on the main (creating `owner`), makes an API key, a BadgeKit Webhook credential with
 * `secret` and an active one-trigger workflow on `webhookId`. Returns {client, workflowId, urls}:
 * `urls` the trigger's production URL on each webhook processor.
 */
async function activateBadgeKitTrigger(cluster, { owner, secret, webhookId, name }) {
	const client = new lib.N8nClient(cluster.main.url);
	const { badgeKitWebhookApi: credential } = await client.setUpOwner(owner, [
		{ name: 'BadgeKit Webhook', type: 'badgeKitWebhookApi', data: { secret } },
	]);
	const workflow = await client.createWorkflow(badgeKitTriggerWorkflow(name, webhookId, { credential }));
	await client.activateWorkflow(workflow.id);
	return { client, workflowId: workflow.id, urls: cluster.webhooks.map((w) => `${w.url}/webhook/${webhookId}/webhook`) };
}

/**
 * Sends `delivery` to `url` again every 500 ms until it is answered 200: a webhook processor serves
 * a workflow only once it has seen the activation. Throws at `deadline` (epoch ms).
 */
async function postUntilAccepted(agent, url, delivery, { deadline }) {
	for (;;) {
		const answer = await post(agent, url, delivery.body, delivery.headers);
		if (answer.status === 200) return;
		if (Date.now() > deadline) throw new Error(`${url} never accepted a delivery: ${answer.status} ${answer.text || answer.error}`);
		await sleep(500);
	}
}

// ---------------------------------------------------------------------------------------------
// Sending deliveries and counting what ran

/** keepAlivePost with the longer timeout a loaded queue-mode burst needs. */
function post(agent, url, body, headers, { timeoutMs = 120_000 } = {}) {
	return lib.keepAlivePost(agent, url, body, headers, { timeoutMs });
}

/**
 * What a workflow's executions ran: per uid of the trigger's items, how many times it was emitted;
 * `items` all trigger items; `executions` the executions (from n8n's public API, with their data);
 * `odd` the executions without trigger output or with an item that has no uid.
 */
async function executedUids(client, workflowId, nodeName = 'BadgeKit Trigger') {
	const executions = await client.executions(workflowId, { includeData: true });
	const byUid = new Map();
	let items = 0;
	/** Executions whose trigger output is missing or has an item without a uid (summaries). */
	const odd = [];
	for (const execution of executions) {
		const output = lib.nodeOutput(execution, nodeName) || [];
		if (!output.length) odd.push(lib.executionSummary(execution));
		for (const json of output) {
			items++;
			if (typeof json.uid !== 'string') {
				odd.push({ ...lib.executionSummary(execution), item: JSON.stringify(json).slice(0, 300) });
				continue;
			}
			byUid.set(json.uid, (byUid.get(json.uid) || 0) + 1);
		}
	}
	return { executions, byUid, items, odd };
}

/**
 * Waits until the workflow has at least `count` executions and none is still queued or running
 * (bounded by `timeoutMs`, and by `stallMs` without any progress), then `quietMs` more so that late
 * duplicates would show. Returns executedUids().
 */
async function waitForExecutions(client, workflowId, count, { timeoutMs = 300_000, stallMs = 60_000, quietMs = 2000, nodeName } = {}) {
	const started = Date.now();
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const all = await client.executions(workflowId, { includeData: false });
		const unfinished = all.filter((e) => ['new', 'running', 'waiting'].includes(e.status) || (!e.stoppedAt && e.status !== 'crashed')).length;
		if (all.length !== last) {
			last = all.length;
			lastChange = Date.now();
		}
		if (all.length >= count && unfinished === 0) break;
		if (Date.now() - started > timeoutMs || Date.now() - lastChange > stallMs) break;
		await sleep(500);
	}
	await sleep(quietMs);
	return executedUids(client, workflowId, nodeName);
}

// ---------------------------------------------------------------------------------------------
// Memory: peak RSS of each process (with its children, e.g. n8n's task runner) from /proc

/**
 * Samples the RSS of named process trees every `everyMs`; stop() returns {name: {startMB, peakMB}}.
 * PostgreSQL's tree counts its shared buffers once per backend, so its figure is an upper bound.
 */
function sampleRss(processes, everyMs = 100) {
	const stats = {};
	const sample = () => {
		for (const [name, pid] of Object.entries(processes)) {
			const bytes = treeRssBytes(pid);
			const entry = (stats[name] ??= { startBytes: bytes, peakBytes: 0 });
			entry.peakBytes = Math.max(entry.peakBytes, bytes);
		}
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			const out = {};
			for (const [name, { startBytes, peakBytes }] of Object.entries(stats))
				out[name] = { startMB: Math.round(startBytes / 2 ** 20), peakMB: Math.round(peakBytes / 2 ** 20) };
			return out;
		},
	};
}

/** The process ids of a cluster, by name (n8n processes with their task runners; Redis; PostgreSQL). */
function clusterPids(cluster) {
	const pids = {};
	for (const instance of cluster.n8nProcesses()) pids[instance.name] = instance.pid;
	if (cluster.redis) pids.redis = cluster.redis.pid;
	if (cluster.postgres) pids.postgres = cluster.postgres.pid;
	return pids;
}

module.exports = {
	post,
	executedUids,
	waitForExecutions,
	sampleRss,
	clusterPids,
	activateBadgeKitTrigger,
	postUntilAccepted,
	QUEUE_SETTINGS,
	DEBIAN_PACKAGES,
	ensureDebianPackages,
	postgresBinDir,
	startPostgres,
	startRedis,
	queueEnv,
	startQueueMode,
};
