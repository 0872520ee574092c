'use strict';
// Running a real n8n with this package loaded: one module for `npm start` (scripts/start.js) and the
// end-to-end tests (test/e2e/harness), also used by the benchmarks (bench/n8n-env.js). Everything here
// talks to n8n the way a user would: `n8n start`, its REST login (owner account, API key) and its
// public API (credentials, workflows, activation, executions). No CLI import, no database writes.
// Its timings (install, start, activation, stop): docs/architecture.md, "Tooling".

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'n8n-nodes-badgekit';
/** The n8n `npm start` and the main e2e suites use. */
const N8N_VERSION = '2.41.1';
/** The last n8n 1.x release: the package must still load and verify deliveries there. */
const N8N_1X_VERSION = '1.123.81';

const CACHE_DIR =
	process.env.BADGEKIT_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache'), 'n8n-nodes-badgekit');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Locks (a directory created atomically) so that two processes (two jest workers, `npm start` next
// to `npm test`) never install or build at the same time.

async function withLock(name, fn, { timeoutMs = 30 * 60_000, log = () => {} } = {}) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lock = path.join(CACHE_DIR, name + '.lock');
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			// A lock left behind by a dead process is taken over.
			let holder = NaN;
			try {
				holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {
				/* being created right now */
			}
			if (holder && !isAlive(holder)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`waiting for ${name} (held by process ${holder || '?'})`);
			announced = true;
			if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for lock ${lock}`);
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

// ---------------------------------------------------------------------------------------------
// Install and build

/**
 * The marker scripts/install-n8n.sh writes once sqlite3 loaded and `n8n --version` answered with the
 * pinned Node (MARKER_FORMAT there). Caches marked by earlier versions of the script (format 2: n8n 1.x
 * on the system Node) do not count.
 */
const INSTALL_MARKER_FORMAT = 3;

/**
 * The Node every n8n runs on (NODE_VERSION in scripts/install-n8n.sh, from the npm package
 * node-<os>-<arch>): n8n 2.41 needs Node 24, n8n 1.123 supports 20.19–24. Never the system Node.
 */
const N8N_NODE_VERSION = '24.22.3';

/** The cache folder of an n8n version: named after the Node its sqlite3 is compiled for. */
function n8nCacheDir(version) {
	return path.join(CACHE_DIR, `n8n-${version}-node${N8N_NODE_VERSION}`);
}

/** The cache folder of a version if it is installed and verified for the pinned Node, else null. */
function installedN8n(version = N8N_VERSION) {
	const dir = n8nCacheDir(version);
	let marker = '';
	try {
		marker = fs.readFileSync(path.join(dir, '.installed'), 'utf8');
	} catch {
		return null;
	}
	const lines = marker.split('\n');
	if (!lines.includes(`format=${INSTALL_MARKER_FORMAT}`) || !lines.includes(`node-version=${N8N_NODE_VERSION}`)) return null;
	const install = describeInstall(version, dir);
	return install && fs.existsSync(install.node) ? install : null;
}

/** Where an installed n8n is and the pinned Node that runs it (from its .node-bin); null without one. */
function describeInstall(version, dir) {
	let nodeBinDir = '';
	try {
		nodeBinDir = fs.readFileSync(path.join(dir, '.node-bin'), 'utf8').trim();
	} catch {
		/* not installed by the current script */
	}
	if (!nodeBinDir) return null;
	return {
		version,
		dir,
		/** the pinned Node that runs this n8n (from the cache, never the system Node) */
		node: path.join(nodeBinDir, 'node'),
		nodeBinDir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Installs n8n `version` into the cache once (scripts/install-n8n.sh), reusing it afterwards.
 * Output of the installer goes to `log` line by line. Returns describeInstall().
 */
async function installN8n(version = N8N_VERSION, { log = (line) => process.stderr.write(line + '\n') } = {}) {
	const ready = installedN8n(version);
	if (ready) return ready;
	return withLock(
		'install-n8n-' + version,
		async () => {
			const again = installedN8n(version);
			if (again) return again;
			const started = Date.now();
			log(`installing n8n@${version} into ${CACHE_DIR} (once, several minutes)…`);
			const dir = await new Promise((resolve, reject) => {
				const child = spawn('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh'), version], {
					cwd: ROOT,
					env: { ...process.env, BADGEKIT_N8N_CACHE: CACHE_DIR },
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				let tail = '';
				let lastError = '';
				child.stderr.on('data', (d) => {
					tail += d;
					const lines = tail.split('\n');
					tail = lines.pop();
					for (const line of lines) {
						if (line.includes('[install-n8n] ERROR:')) lastError = line.replace(/^.*\[install-n8n\] ERROR: /, '');
						if (line.trim()) log(`  [n8n ${version}] ${line}`);
					}
				});
				child.on('error', reject);
				child.on('close', (code) => {
					if (code === 0) resolve(out.trim().split('\n').pop());
					else reject(new Error(`scripts/install-n8n.sh ${version} failed with exit code ${code}${lastError ? ': ' + lastError : ''}`));
				});
			});
			log(`n8n@${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
			const install = describeInstall(version, dir);
			if (!install) throw new Error(`scripts/install-n8n.sh ${version} left no .node-bin in ${dir}: which Node runs n8n is unknown`);
			return install;
		},
		{ log },
	);
}

const BUILD_MARKER = path.join(ROOT, 'dist', 'nodes', 'BadgeKit', 'BadgeKitTrigger.node.js');
// Written after each successful build: tsc (incremental) leaves unchanged outputs untouched, so the
// .js files alone would look older than a package.json edited since, and every run would rebuild.
// The build lock guards this checkout's dist/: other checkouts sharing the cache build in parallel.
const BUILD_LOCK = 'build-' + crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
const BUILD_STAMP = path.join(ROOT, 'node_modules', '.cache', 'n8n-nodes-badgekit', 'build-stamp');

function newestMtime(dir, filter) {
	let newest = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, filter));
		else if (filter(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
	}
	return newest;
}

/** Whether dist/ is missing or older than a source file of the package. */
function buildIsStale() {
	if (!fs.existsSync(BUILD_MARKER)) return true;
	const isSource = (name) => /\.(ts|json|svg|png)$/.test(name) && !name.endsWith('.d.ts');
	const sources = Math.max(
		newestMtime(path.join(ROOT, 'nodes'), isSource),
		newestMtime(path.join(ROOT, 'credentials'), isSource),
		fs.statSync(path.join(ROOT, 'package.json')).mtimeMs,
	);
	let built = newestMtime(path.join(ROOT, 'dist'), (name) => name.endsWith('.js'));
	if (fs.existsSync(BUILD_STAMP)) built = Math.max(built, fs.statSync(BUILD_STAMP).mtimeMs);
	return sources > built;
}

/** `npm run build` when dist/ is missing or stale (or always with force). */
async function ensureBuilt({ force = false, log = (line) => process.stderr.write(line + '\n') } = {}) {
	if (!force && !buildIsStale()) return false;
	return withLock(
		BUILD_LOCK,
		async () => {
			if (!force && !buildIsStale()) return false;
			log('building the package (npm run build)…');
			const result = spawnSync(npmCommand(), ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
			if (result.status !== 0) throw new Error('npm run build failed:\n' + result.stdout + result.stderr);
			fs.mkdirSync(path.dirname(BUILD_STAMP), { recursive: true });
			fs.writeFileSync(BUILD_STAMP, new Date().toISOString() + '\n');
			return true;
		},
		{ log },
	);
}

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

// ---------------------------------------------------------------------------------------------
// The package as users install it: the `npm pack` tarball, installed into n8n's nodes folder

/**
 * process.env without what a parent npm handed down to this process (npm_config_* from this repo's
 * .npmrc such as ignore-scripts=true, npm_package_*, npm_lifecycle_*): an npm started from here must
 * behave as in a user's shell. Where the registry is and how to reach it are kept.
 */
function cleanNpmEnv(env = process.env) {
	const keep = new Set([
		'npm_config_registry',
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_cafile',
		'npm_config_ca',
		'npm_config_strict_ssl',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_http_proxy',
		'npm_config_noproxy',
	]);
	const clean = {};
	for (const [key, value] of Object.entries(env)) {
		const lower = key.toLowerCase();
		if (/^npm_(config|package|lifecycle)_/.test(lower) && !keep.has(lower)) continue;
		clean[key] = value;
	}
	return clean;
}

function runNpm(args, { cwd, what }) {
	const result = spawnSync(npmCommand(), args, {
		cwd,
		env: cleanNpmEnv(),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 10 * 60_000,
	});
	if (result.status !== 0) {
		throw new Error(
			`${what} failed (npm ${args.join(' ')} in ${cwd}, exit ${result.status}${result.signal ? ' ' + result.signal : ''}):\n${(result.stdout + result.stderr).trim().slice(-3000)}`,
		);
	}
	return result.stdout;
}

/** `npm pack` of the built package (build it first) into `destination`; returns the tarball's path. */
function packPackage(destination) {
	fs.mkdirSync(destination, { recursive: true });
	const out = runNpm(['pack', '--json', '--pack-destination', destination], { cwd: ROOT, what: 'npm pack' });
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
	return path.join(destination, filename);
}

/** Builds the package when stale, then packs it (under the build lock: never a half-built dist/). */
async function packBuiltPackage(destination, { log = (line) => process.stderr.write(line + '\n') } = {}) {
	await ensureBuilt({ log });
	return withLock(BUILD_LOCK, async () => packPackage(destination), { log });
}

/**
 * The README's install command (its Install section: `npm install --prefix ~/.n8n/nodes … n8n-nodes-badgekit`)
 * as npm arguments, for the given nodes folder and package (a tarball path in the tests).
 */
function readmeInstallArgs(nodesDir, packageSpec) {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
	const line = install.split('\n').find((l) => /^npm install .*\bn8n-nodes-badgekit\s*$/.test(l.trim()));
	if (!line) throw new Error("README.md's Install section has no `npm install … n8n-nodes-badgekit` line");
	const words = line.trim().split(/\s+/).slice(2);
	return words.map((word) => (word === '~/.n8n/nodes' ? nodesDir : word === PACKAGE_NAME ? packageSpec : word));
}

/**
 * Installs the package tarball into `<userFolder>/.n8n/nodes`, where n8n loads community packages from
 * (node types `n8n-nodes-badgekit.<name>`; `require('n8n-workflow')` resolves to n8n's own copy):
 *   - 'panel' (default): what n8n's Community Nodes panel does (n8n 2.41 CommunityPackagesService.
 *     downloadPackage): the tarball extracted to nodes/node_modules/n8n-nodes-badgekit, its dev, peer and
 *     optional dependencies deleted from its package.json, `npm install --install-strategy=shallow
 *     --ignore-scripts=true …` inside it;
 *   - 'readme': the README's command (readmeInstallArgs) in the nodes folder.
 * Returns the installed package's folder.
 */
function installPackage(userFolder, { tarball, way = 'panel' }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(nodesDir, { recursive: true });
	if (way === 'panel') {
		fs.mkdirSync(packageDir, { recursive: true });
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
		const manifest = path.join(packageDir, 'package.json');
		const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete pkg[field];
		fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2), 'utf8');
		runNpm(
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--prefer-offline',
			],
			{
				cwd: packageDir,
				what: "installing the package the way n8n's Community Nodes panel does",
			},
		);
	} else if (way === 'readme') {
		runNpm(['install', ...readmeInstallArgs(nodesDir, tarball), '--prefer-offline'], {
			cwd: nodesDir,
			what: "installing the package with the README's command",
		});
	} else {
		throw new Error(`unknown package install way "${way}" (panel or readme)`);
	}
	return packageDir;
}

// ---------------------------------------------------------------------------------------------
// User folder, package link (benchmarks: a candidate build, linked), environment

/**
 * Links this repository as the community package `n8n-nodes-badgekit` of a user folder: n8n loads
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*` at start (node types
 * `n8n-nodes-badgekit.<name>`); its `require('n8n-workflow')` resolves to n8n's own copy.
 */
function linkPackage(userFolder, packageDir = ROOT) {
	const modules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(modules, { recursive: true });
	const link = path.join(modules, PACKAGE_NAME);
	let current = null;
	try {
		current = fs.readlinkSync(link);
	} catch {
		/* absent */
	}
	if (current !== packageDir) {
		fs.rmSync(link, { recursive: true, force: true });
		fs.symlinkSync(packageDir, link, 'dir');
	}
	return link;
}

/** A free TCP port on 127.0.0.1 (the OS picks; it is released before n8n binds it). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something listens on host:port. */
function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

// Variables of a parent n8n (or of the developer's shell) must not leak into ours. NODE_ENV neither:
// jest sets NODE_ENV=test, and n8n 2.x started with it logs nothing and exits with code 1.
const INHERITED_PREFIXES = ['N8N_', 'DB_', 'EXECUTIONS_', 'QUEUE_', 'WEBHOOK_URL', 'GENERIC_', 'NODE_FUNCTION_', 'NODES_', 'NODE_ENV', 'JEST_'];

/**
 * The environment of an n8n on loopback: sqlite, no telemetry, no version notifications, the given
 * ports, a fixed encryption key (so credentials imported earlier stay readable).
 */
function n8nEnv({ install, userFolder, port, brokerPort, encryptionKey, host = '127.0.0.1', extra = {} }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!INHERITED_PREFIXES.some((prefix) => key.startsWith(prefix))) env[key] = value;
	}
	const major = Number(install.version.split('.')[0]);
	const base = `http://${host}:${port}/`;
	Object.assign(env, {
		// The pinned Node first: whatever n8n starts with `node` (its task runner) runs on it too.
		PATH: install.nodeBinDir + path.delimiter + env.PATH,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: host,
		N8N_HOST: host,
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: base,
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Community packages stay enabled: that module is what loads ours.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_LOG_LEVEL: 'info',
	});
	if (!env.N8N_EXPRESSION_ENGINE && !isolatedVmUsable(install)) {
		// n8n 1.123's default expression engine ("vm") needs isolated-vm, which ships prebuilt binaries
		// for Node 22 and 24 only (the installer skips build scripts): on another Node n8n would crash at
		// start ("Could not initialize the vm expression engine"). The pinned Node 24 has one; this is
		// the fallback should the pin change. Its legacy engine needs nothing.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	if (major >= 2) {
		// Only 2.x has the MCP registry module (it calls out to the internet at start).
		env.N8N_DISABLED_MODULES = 'mcp-registry';
		env.N8N_WEBHOOK_URL = base;
	}
	return Object.assign(env, extra);
}

/** Whether the isolated-vm of an install has a binary for the Node that runs it. */
function isolatedVmUsable(install) {
	const dir = path.join(install.dir, 'node_modules', 'isolated-vm');
	if (!fs.existsSync(dir)) return true; // not used by this version
	if (fs.existsSync(path.join(dir, 'out', 'isolated_vm.node'))) return true;
	let abi = process.versions.modules;
	if (install.node !== process.execPath) {
		const result = spawnSync(install.node, ['-p', 'process.versions.modules'], { encoding: 'utf8' });
		abi = result.stdout.trim();
	}
	const prebuilds = path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`);
	return fs.existsSync(prebuilds) && fs.readdirSync(prebuilds).some((f) => f.includes(`abi${abi}.`));
}

// ---------------------------------------------------------------------------------------------
// HTTP (node:http, one connection per request: nothing stays open to keep jest alive)

/**
 * @returns {Promise<{status: number, headers: object, body: Buffer, text: string, json: () => any}>}
 */
function request(method, url, { headers = {}, body, timeoutMs = 30_000 } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload =
			body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const finalHeaders = { ...headers };
		if (payload !== undefined && !Object.keys(finalHeaders).some((h) => h.toLowerCase() === 'content-length')) {
			finalHeaders['content-length'] = String(payload.length);
		}
		if (
			payload !== undefined &&
			typeof body === 'object' &&
			!Buffer.isBuffer(body) &&
			!Object.keys(finalHeaders).some((h) => h.toLowerCase() === 'content-type')
		) {
			finalHeaders['content-type'] = 'application/json';
		}
		const req = http.request(
			{ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: finalHeaders, agent: false },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const buf = Buffer.concat(chunks);
					const text = buf.toString('utf8');
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: buf,
						text,
						json: () => JSON.parse(text),
					});
				});
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

// ---------------------------------------------------------------------------------------------
// Process

const running = new Set();
process.once('exit', () => {
	// Never leave an n8n behind, even when the caller crashes: kill the whole process group
	// (n8n and its task runner) synchronously.
	for (const instance of running) instance.killNow();
});

/**
 * Starts `n8n start` in its own process group, its output appended to `logFile`, and waits until
 * /healthz/readiness answers 200. Returns the handle ({url, port, pid, stop(), logTail(), …}).
 * `command` runs another n8n command instead (queue mode: ['webhook'], ['worker']); `isReady(url)`
 * then replaces the readiness check (those processes have no REST API).
 */
async function startN8n({
	install,
	userFolder,
	port,
	brokerPort,
	encryptionKey,
	logFile = path.join(userFolder, 'n8n.log'),
	extraEnv = {},
	readyTimeoutMs = 180_000,
	onOutput,
	command = ['start'],
	isReady,
}) {
	port = port || (await freePort());
	brokerPort = brokerPort || (await freePort());
	fs.mkdirSync(userFolder, { recursive: true });
	const env = n8nEnv({ install, userFolder, port, brokerPort, encryptionKey, extra: extraEnv });
	const logFd = fs.openSync(logFile, 'a');
	const started = Date.now();
	const child = spawn(install.node, [install.n8nBin, ...command], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: onOutput ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
	});
	if (onOutput) {
		const out = fs.createWriteStream(null, { fd: logFd, autoClose: false });
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (d) => {
				out.write(d);
				onOutput(d.toString('utf8'));
			});
		}
	}
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			running.delete(instance);
			resolve(exited);
		});
	});
	const url = `http://127.0.0.1:${port}`;

	const instance = {
		url,
		port,
		brokerPort,
		pid: child.pid,
		userFolder,
		logFile,
		install,
		env,
		startedAt: started,
		readyMs: null,
		get exited() {
			return exited;
		},
		/** The last `lines` lines of n8n's output. */
		logTail(lines = 60) {
			try {
				return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '';
			}
		},
		killNow() {
			for (const signal of ['SIGKILL']) {
				try {
					process.kill(-child.pid, signal);
				} catch {
					/* gone */
				}
			}
		},
		/** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when n8n has exited. */
		async stop({ graceMs = 15_000 } = {}) {
			if (!exited) {
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					/* already gone */
				}
				const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
				await Promise.race([exitPromise, timer]);
			}
			// The task runner shares the group; make sure nothing of it is left.
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* all gone */
			}
			await exitPromise;
			running.delete(instance);
			try {
				fs.closeSync(logFd);
			} catch {
				/* closed */
			}
		},
	};
	running.add(instance);

	try {
		for (;;) {
			if (exited) throw new Error(`n8n exited before it was ready (${JSON.stringify(exited)}):\n${instance.logTail()}`);
			if (Date.now() - started > readyTimeoutMs) throw new Error(`n8n was not ready after ${readyTimeoutMs} ms:\n${instance.logTail()}`);
			try {
				if (isReady) {
					if (await isReady(url)) break;
					await sleep(250);
					continue;
				}
				// n8n 1.x answers /healthz/readiness as soon as its database is migrated, before it has
				// loaded nodes and mounted its REST API: wait for both.
				const res = await request('GET', url + '/healthz/readiness', { timeoutMs: 2000 });
				if (res.status === 200) {
					const settings = await request('GET', url + '/rest/settings', { timeoutMs: 5000 });
					if (settings.status === 200 && /^\s*\{/.test(settings.text)) break;
				}
			} catch {
				/* not listening yet */
			}
			await sleep(250);
		}
	} catch (e) {
		await instance.stop({ graceMs: 2000 });
		throw e;
	}
	instance.readyMs = Date.now() - started;
	return instance;
}

// ---------------------------------------------------------------------------------------------
// Talking to a running n8n: owner account, API key, credentials, workflows, executions

class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookie = '';
		this.apiKey = '';
	}

	async rest(method, pathname, body) {
		const headers = {};
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		// n8n's browser-session endpoints expect this header on state-changing calls in newer versions.
		headers['browser-id'] = 'badgekit-harness';
		const res = await request(method, this.baseUrl + '/rest' + pathname, { headers, body });
		const setCookie = res.headers['set-cookie'];
		if (setCookie) {
			const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
			if (auth) this.cookie = auth;
		}
		return res;
	}

	async api(method, pathname, body) {
		if (!this.apiKey) throw new Error('No API key yet: call createApiKey() first');
		const headers = { 'x-n8n-api-key': this.apiKey, accept: 'application/json' };
		const res = await request(method, this.baseUrl + '/api/v1' + pathname, { headers, body });
		if (res.status >= 400) {
			const error = new Error(`${method} /api/v1${pathname} → ${res.status}: ${res.text.slice(0, 1000)}`);
			error.status = res.status;
			throw error;
		}
		return res.text ? res.json() : null;
	}

	/** Whether the instance still shows the owner-setup page. */
	async needsOwnerSetup() {
		const res = await this.rest('GET', '/settings');
		const settings = res.json().data;
		return Boolean(settings.userManagement && settings.userManagement.showSetupOnFirstLoad);
	}

	/** Creates the owner account (first start) or signs in with it (later starts). */
	async ensureOwner({ email, password, firstName = 'BadgeKit', lastName = 'Demo' }) {
		if (await this.needsOwnerSetup()) {
			const res = await this.rest('POST', '/owner/setup', { email, password, firstName, lastName });
			if (res.status !== 200) throw new Error(`owner setup failed: ${res.status} ${res.text.slice(0, 500)}`);
			return 'created';
		}
		await this.login({ email, password });
		return 'existing';
	}

	async login({ email, password }) {
		// 2.x takes emailOrLdapLoginId, 1.x email: send both.
		const res = await this.rest('POST', '/login', { email, emailOrLdapLoginId: email, password });
		if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${res.text.slice(0, 500)}`);
	}

	/** A public-API key with every scope the owner may grant (the scope list differs between versions). */
	async createApiKey(label = 'badgekit-' + crypto.randomBytes(4).toString('hex')) {
		let scopes;
		const scopesRes = await this.rest('GET', '/api-keys/scopes');
		if (scopesRes.status === 200) scopes = scopesRes.json().data;
		const body = { label, expiresAt: null };
		if (scopes) body.scopes = scopes;
		const res = await this.rest('POST', '/api-keys', body);
		if (res.status !== 200) throw new Error(`API key creation failed: ${res.status} ${res.text.slice(0, 500)}`);
		const data = res.json().data;
		this.apiKey = data.rawApiKey || data.apiKey;
		return this.apiKey;
	}

	async apiKeyWorks() {
		if (!this.apiKey) return false;
		const res = await request('GET', this.baseUrl + '/api/v1/workflows?limit=1', { headers: { 'x-n8n-api-key': this.apiKey } });
		return res.status === 200;
	}

	/**
	 * Names of the node types (or, with 'credentials', credential types) this n8n has loaded, as its
	 * editor gets them (/types/nodes.json; needs the signed-in cookie on 2.x).
	 */
	async loadedTypes(kind = 'nodes') {
		const headers = this.cookie ? { cookie: this.cookie } : {};
		const res = await request('GET', `${this.baseUrl}/types/${kind}.json`, { headers });
		if (res.status !== 200) throw new Error(`GET /types/${kind}.json → ${res.status}`);
		return [...new Set(res.json().map((t) => t.name))];
	}

	/** @param {{name: string, type: string, data: object}} credential → the created credential ({id, name, type}). */
	async createCredential({ name, type, data }) {
		return this.api('POST', '/credentials', { name, type, data });
	}

	/** Creates a credential; → the reference a workflow node stores for it ({id, name}). */
	async createCredentialRef(credential) {
		const created = await this.createCredential(credential);
		return { id: String(created.id), name: created.name };
	}

	/**
	 * What every caller does before importing workflows (e2e, benchmarks, docs screenshots): the owner
	 * created or signed in, a public-API key, then each credential created. → the references by
	 * credential type ({type: {id, name}}), as `withCredentials` takes them.
	 */
	async setUpOwner(owner, credentials = []) {
		await this.ensureOwner(owner);
		await this.createApiKey();
		const refs = {};
		for (const credential of credentials) refs[credential.type] = await this.createCredentialRef(credential);
		return refs;
	}

	/** Replaces a credential's data (n8n 2.x public API); false when it does not exist or cannot be patched. */
	async updateCredential(id, { name, type, data }) {
		try {
			await this.api('PATCH', '/credentials/' + encodeURIComponent(id), { name, type, data });
			return true;
		} catch (e) {
			if (e.status === 404 || e.status === 405) return false;
			throw e;
		}
	}

	/** Creates a workflow from an exported/example JSON (only the fields the public API accepts). */
	async createWorkflow(workflow) {
		return this.api('POST', '/workflows', publicWorkflowBody(workflow));
	}

	async getWorkflow(id) {
		try {
			return await this.api('GET', '/workflows/' + encodeURIComponent(id));
		} catch (e) {
			if (e.status === 404) return null;
			throw e;
		}
	}

	/**
	 * Activates (publishes) a workflow and waits until its triggers are live: n8n 2.x registers them
	 * asynchronously after answering; 1.x before answering.
	 */
	async activateWorkflow(id, { timeoutMs = 60_000 } = {}) {
		await this.api('POST', '/workflows/' + encodeURIComponent(id) + '/activate');
		await this.waitForPublication(id, { timeoutMs });
	}

	async deactivateWorkflow(id) {
		await this.api('POST', '/workflows/' + encodeURIComponent(id) + '/deactivate');
	}

	/**
	 * Deactivates and activates again. For a polling trigger this is "poll now": n8n polls once when it
	 * activates a polling workflow, then on its schedule (at least a minute apart: n8n refuses
	 * shorter intervals). Measured on 2.41.1: the activation poll ≈ 0.2 s after activate.
	 */
	async reactivateWorkflow(id, options) {
		await this.deactivateWorkflow(id);
		await this.activateWorkflow(id, options);
	}

	async waitForPublication(id, { timeoutMs = 60_000 } = {}) {
		const started = Date.now();
		for (;;) {
			const res = await this.rest('GET', '/workflows/' + encodeURIComponent(id) + '/publication-status');
			// n8n 1.x has no such endpoint: its activate call only answers once the triggers are live.
			if (res.status === 404) return;
			if (res.status !== 200) throw new Error(`publication status of ${id}: ${res.status} ${res.text.slice(0, 500)}`);
			const status = res.json().data;
			if (status.status === 'published') return status;
			if (status.status === 'failed' || status.status === 'partial') {
				const errors = status.triggers.filter((t) => t.status === 'failed').map((t) => t.errorMessage);
				throw new Error(`workflow ${id} could not be activated: ${errors.join('; ')}`);
			}
			if (Date.now() - started > timeoutMs) throw new Error(`workflow ${id} not published after ${timeoutMs} ms: ${JSON.stringify(status)}`);
			await sleep(100);
		}
	}

	/** Every execution of a workflow (newest first), with its data. */
	async executions(workflowId, { includeData = true } = {}) {
		const all = [];
		let cursor;
		do {
			const query = new URLSearchParams({ limit: '250', includeData: String(includeData) });
			if (workflowId) query.set('workflowId', workflowId);
			if (cursor) query.set('cursor', cursor);
			const page = await this.api('GET', '/executions?' + query.toString());
			all.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return all;
	}

	/**
	 * Waits until the workflow has at least `count` executions and none of them is still running,
	 * then returns them oldest first.
	 */
	async waitForExecutions(workflowId, count, { timeoutMs = 30_000 } = {}) {
		const started = Date.now();
		let last = [];
		for (;;) {
			last = await this.executions(workflowId);
			const settled = last.every((e) => e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status)) || e.stoppedAt);
			if (last.length >= count && settled) return last.slice().reverse();
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`workflow ${workflowId}: expected ${count} finished execution(s) within ${timeoutMs} ms, found ${last.length} (${last.map((e) => e.status).join(', ')})`,
				);
			}
			await sleep(200);
		}
	}
}

/** The body the public API accepts for a workflow: name, nodes, connections, settings (and staticData). */
function publicWorkflowBody(workflow) {
	const settings = { ...(workflow.settings || {}) };
	// Fields the public API schema rejects or that belong to another instance.
	for (const key of Object.keys(settings)) {
		if (
			![
				'saveExecutionProgress',
				'saveManualExecutions',
				'saveDataErrorExecution',
				'saveDataSuccessExecution',
				'executionTimeout',
				'errorWorkflow',
				'timezone',
				'executionOrder',
				'callerPolicy',
				'callerIds',
			].includes(key)
		) {
			delete settings[key];
		}
	}
	return {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections || {},
		settings,
		...(workflow.staticData ? { staticData: workflow.staticData } : {}),
	};
}

/**
 * A copy of a workflow whose nodes use the given credentials: `credentialsByType` maps a credential
 * type to {id, name}; every node credential slot of that type is pointed at it.
 */
function withCredentials(workflow, credentialsByType) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (!node.credentials) continue;
		for (const type of Object.keys(node.credentials)) {
			const credential = credentialsByType[type];
			if (credential) node.credentials[type] = { id: String(credential.id), name: credential.name };
		}
	}
	return copy;
}

/** The production URL of a webhook-based trigger node (n8n's getNodeWebhookPath rule). */
function webhookUrl(n8nUrl, workflow, nodeName, { isFullPath = false, pathParameter = 'webhook' } = {}) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`no node "${nodeName}" in workflow "${workflow.name}"`);
	const webhookPath = (node.parameters && node.parameters.path) || pathParameter;
	const base = n8nUrl.replace(/\/+$/, '') + '/webhook/';
	if (!node.webhookId) return base + `${workflow.id}/${encodeURIComponent(node.name.toLowerCase())}/${webhookPath}`;
	if (isFullPath) return base + (webhookPath || node.webhookId);
	return base + `${node.webhookId}/${webhookPath}`;
}

/** Item JSON of a node's first output in an execution (from the public API's `data`). */
function nodeOutput(execution, nodeName, { output = 0, run = 0 } = {}) {
	const runData = execution && execution.data && execution.data.resultData && execution.data.resultData.runData;
	const runs = runData && runData[nodeName];
	if (!runs || !runs[run]) return undefined;
	const main = runs[run].data && runs[run].data.main;
	if (!main || !main[output]) return [];
	return main[output].map((item) => item.json);
}

/** Nodes that ran in an execution, and the error message if it failed. */
function executionSummary(execution) {
	const resultData = (execution.data && execution.data.resultData) || {};
	return {
		id: execution.id,
		status: execution.status,
		nodes: Object.keys(resultData.runData || {}),
		error: resultData.error ? resultData.error.message + (resultData.error.description ? ' — ' + resultData.error.description : '') : null,
	};
}

/** A POST on a keep-alive agent with a hard timeout; never rejects: {status, ms, text} or {status: 0, ms, error, text: ''}. */
function keepAlivePost(agent, url, body, headers, { timeoutMs = 30_000 } = {}) {
	return new Promise((resolve) => {
		const u = new URL(url);
		const started = performance.now();
		const req = http.request(
			{
				method: 'POST',
				hostname: u.hostname,
				port: u.port,
				path: u.pathname + u.search,
				agent,
				headers: { ...headers, 'content-length': Buffer.byteLength(body) },
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, error: error.message, text: '' }));
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, error: error.message, text: '' }));
		req.end(body);
	});
}

module.exports = {
	keepAlivePost,
	ROOT,
	PACKAGE_NAME,
	N8N_VERSION,
	N8N_1X_VERSION,
	CACHE_DIR,
	INSTALL_MARKER_FORMAT,
	N8N_NODE_VERSION,
	n8nCacheDir,
	sleep,
	installN8n,
	installedN8n,
	ensureBuilt,
	buildIsStale,
	linkPackage,
	cleanNpmEnv,
	packPackage,
	packBuiltPackage,
	readmeInstallArgs,
	installPackage,
	freePort,
	portInUse,
	n8nEnv,
	startN8n,
	request,
	N8nClient,
	publicWorkflowBody,
	withCredentials,
	webhookUrl,
	nodeOutput,
	executionSummary,
	withLock,
};
