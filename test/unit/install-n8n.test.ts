// scripts/install-n8n.sh against a fake n8n cache (no download, a few seconds): the checks and repairs
// it does around the real install. The fake sqlite3 "compiles" in its install script, like the real
// one (node-gyp), so a rebuild that runs no scripts leaves it unloadable, as happened for real when
// `npm start` handed the repo's ignore-scripts=true to the installer.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { INSTALL_MARKER_FORMAT } = require('../../scripts/lib/n8n.js');

const SCRIPT = path.resolve(__dirname, '../../scripts/install-n8n.sh');
// A 1.x version runs on the system Node (no Node 24 download); not a real n8n version.
const VERSION = '1.0.0-fake';

let cache: string;
let dir: string;

function write(file: string, content: string) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
}

/** A cache holding a "n8n" whose --version answers, and a "sqlite3" that only loads once built. */
function fakeCache() {
	cache = fs.mkdtempSync(path.join(os.tmpdir(), 'install-n8n-test-'));
	dir = path.join(cache, `n8n-${VERSION}`);
	write(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-cache', private: true }));
	write(path.join(dir, 'node_modules/n8n/package.json'), JSON.stringify({ name: 'n8n', version: VERSION, dependencies: { sqlite3: '5.1.7' } }));
	write(path.join(dir, 'node_modules/n8n/bin/n8n'), `console.log(require('../package.json').version);\n`);
	const sqlite3 = path.join(dir, 'node_modules/sqlite3');
	write(
		path.join(sqlite3, 'package.json'),
		JSON.stringify({ name: 'sqlite3', version: '5.1.7', main: 'index.js', scripts: { install: 'node build.js' } }),
	);
	write(
		path.join(sqlite3, 'build.js'),
		`const fs = require('fs');
if (fs.existsSync(__dirname + '/fail-build')) { console.error('gyp ERR! fake compiler failure'); process.exit(1); }
fs.writeFileSync(__dirname + '/binding.js', 'module.exports = { sqliteVersion: "3.fake" };');
`,
	);
	write(
		path.join(sqlite3, 'index.js'),
		`const binding = require('./binding.js');
class Database { get(sql, cb) { setImmediate(() => cb(null, { v: binding.sqliteVersion })); } close(cb) { cb(); } }
module.exports = { Database };
`,
	);
	return sqlite3;
}

/** Runs the installer as `npm start` / `npm test` do: with npm's variables from this repo's .npmrc. */
function install(extraEnv: Record<string, string> = {}) {
	const env: Record<string, string | undefined> = {
		...process.env,
		BADGEKIT_N8N_CACHE: cache,
		npm_config_ignore_scripts: 'true',
		NPM_CONFIG_IGNORE_SCRIPTS: 'true',
		...extraEnv,
	};
	const result = spawnSync('bash', [SCRIPT, VERSION], { env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const marker = () => path.join(dir, '.installed');

afterEach(() => {
	if (cache) fs.rmSync(cache, { recursive: true, force: true });
});

describe('scripts/install-n8n.sh', () => {
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

		fs.rmSync(path.join(sqlite3, 'binding.js'));
		const repaired = install();
		expect(repaired.stderr).toMatch(/broken \(sqlite3 .* does not load/);
		expect(repaired.status).toBe(0);
		expect(fs.existsSync(path.join(sqlite3, 'binding.js'))).toBe(true);
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

	it('names the build tools that are missing', () => {
		const sqlite3 = fakeCache();
		fs.writeFileSync(path.join(sqlite3, 'fail-build'), '');
		// A PATH with node, npm and the shell tools the script uses, but no compiler, make or python3.
		const bin = path.join(cache, 'bin');
		fs.mkdirSync(bin);
		for (const tool of [
			'node',
			'npm',
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
		]) {
			const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
			if (found) fs.symlinkSync(fs.realpathSync(found), path.join(bin, tool));
		}
		const result = install({ PATH: bin });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('Missing: python3 make a C++ compiler (g++).');
		expect(result.stderr).toContain('apt-get install -y python3 make g++');
	}, 120_000);
});
