/**
 * n8n's own verification scanner (@n8n/scan-community-package, its analyzePackage: the ESLint rules n8n
 * checks community packages with; inline eslint-disable comments do not count), offline, on both things
 * its analyzePackageByName lints: the source (the repository, with SOURCE_FILE_PATTERNS: package.json
 * and nodes/credentials .ts/.js/.json, the full node and credential rule sets) and the unpacked npm pack
 * tarball (compiled .js and package.json). The only errors allowed are the ones about jsonwebtoken: the
 * design needs it as a runtime dependency, and the README says n8n Cloud (which allows none) cannot
 * install the package. `npm run lint` applies the same rules to the source (eslint.config.mjs).
 *
 * The scanner is installed once into the n8n cache folder (not a devDependency: version 0.32.0
 * installs only with --legacy-peer-deps, and its pinned typescript@7.0.2 breaks @typescript-eslint,
 * so typescript@5.9.3 and n8n-workflow@2 go beside it).
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { SETUP_TIMEOUT_MS } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../tooling/n8n.js');

const SCANNER_VERSION = '0.32.0';
const SCANNER_PACKAGES = [`@n8n/scan-community-package@${SCANNER_VERSION}`, 'typescript@5.9.3', 'n8n-workflow@2'];
const SCANNER_DIR = path.join(lib.CACHE_DIR, `scan-community-package-${SCANNER_VERSION}`);
const SCANNER_MODULE = path.join(SCANNER_DIR, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
const REPO_ROOT = path.resolve(__dirname, '..', '..');

async function installScanner(): Promise<void> {
	const marker = path.join(SCANNER_DIR, '.installed');
	if (fs.existsSync(marker)) return;
	await lib.withLock(`install-scanner-${SCANNER_VERSION}`, async () => {
		if (fs.existsSync(marker)) return;
		fs.rmSync(SCANNER_DIR, { recursive: true, force: true });
		fs.mkdirSync(SCANNER_DIR, { recursive: true });
		fs.writeFileSync(path.join(SCANNER_DIR, 'package.json'), JSON.stringify({ name: 'scanner-cache', private: true }));
		const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--loglevel=error', ...SCANNER_PACKAGES];
		const result = spawnSync('npm', args, { cwd: SCANNER_DIR, env: lib.cleanNpmEnv(), encoding: 'utf8', timeout: 10 * 60_000 });
		if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${SCANNER_DIR}:\n${result.stdout}${result.stderr}`);
		if (!fs.existsSync(SCANNER_MODULE)) throw new Error(`${SCANNER_MODULE} is missing after the install`);
		fs.writeFileSync(marker, SCANNER_PACKAGES.join('\n') + '\n');
	});
}

interface Problem {
	file: string;
	line: number;
	severity: string;
	message: string;
	rule: string;
}

/** analyzePackage's report (ESLint's "stylish" format) as a list, with the totals it states. */
function parseStylish(details: string): { problems: Problem[]; errors: number } {
	const problems: Problem[] = [];
	let file = '';
	for (const line of details.split('\n')) {
		const at = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/.exec(line);
		if (at) problems.push({ file, line: Number(at[1]), severity: at[3], message: at[4], rule: at[5] });
		else if (/^\S/.test(line) && !line.startsWith('✖')) file = line.trim();
	}
	const total = /✖ \d+ problems? \((\d+) errors?/.exec(details);
	return { problems, errors: total ? Number(total[1]) : 0 };
}

let work: string;
let unpacked: string;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-scan-'));
	const [tarball] = await Promise.all([lib.packBuiltPackage(path.join(work, 'pack')), installScanner()]);
	unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
}, SETUP_TIMEOUT_MS);

afterAll(() => {
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

/**
 * analyzePackage(dir, patterns) in its own Node process (the scanner is an ES module; offline:
 * analyzePackage only lints). `patterns` is the scanner's SOURCE_FILE_PATTERNS when omitted.
 */
function runScanner(dir: string, patterns?: string[]): { passed: boolean; message?: string; details: string } {
	const script = `
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(${JSON.stringify('file://' + SCANNER_MODULE)});
		const result = await analyzePackage(${JSON.stringify(dir)}, ${patterns ? JSON.stringify(patterns) : 'SOURCE_FILE_PATTERNS'});
		process.stdout.write(JSON.stringify({ passed: result.passed, message: result.message, details: result.details ?? '' }));
	`;
	// Not with jest's NODE_ENV=test: eslint-plugin-n8n-nodes-base then checks made-up file names instead of the real ones.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 5 * 60_000, env });
	expect(run.stderr).toBe('');
	return JSON.parse(run.stdout);
}

/** The scanner's errors other than the allowed jsonwebtoken ones (every error of its report read). */
function errorsBesidesJsonwebtoken(result: { passed: boolean; message?: string; details: string }): Problem[] {
	if (result.passed) return []; // nothing at all (jsonwebtoken bundled one day)
	expect(result.message).toBe('ESLint violations found');
	const { problems, errors } = parseStylish(result.details);
	const found = problems.filter((p) => p.severity === 'error');
	expect(found.length).toBe(errors); // every error of the report was read
	const aboutJsonwebtoken = (p: Problem) =>
		(p.rule === '@n8n/community-nodes/no-restricted-imports' && /'jsonwebtoken'/.test(p.message)) ||
		(p.rule === '@n8n/community-nodes/no-runtime-dependencies' && p.file.endsWith('package.json'));
	return found.filter((p) => !aboutJsonwebtoken(p));
}

it("n8n's community package scanner finds nothing but the jsonwebtoken dependency in the tarball", () => {
	// the patterns analyzePackageByName gives the tarball leg
	expect(errorsBesidesJsonwebtoken(runScanner(unpacked, ['**/*.js', 'package.json']))).toEqual([]);
	// the dependency it objects to is jsonwebtoken and nothing else
	const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
	expect(Object.keys(pkg.dependencies ?? {})).toEqual(['jsonwebtoken']);
});

it("n8n's community package scanner finds nothing but the jsonwebtoken dependency in the source", () => {
	const result = runScanner(REPO_ROOT);
	expect(errorsBesidesJsonwebtoken(result)).toEqual([]);
	// it did lint the nodes: both jsonwebtoken imports are reported, where they are
	const imports = parseStylish(result.details).problems.filter((p) => p.rule === '@n8n/community-nodes/no-restricted-imports');
	expect(imports.map((p) => path.relative(REPO_ROOT, p.file)).sort()).toEqual([
		'nodes/BadgeKit/transport/signing.ts',
		'nodes/BadgeKit/webhook/verification.ts',
	]);
});
