/**
 * The package as users get it: the `npm pack` tarball holds only what n8n needs, and installed into
 * n8n's nodes folder both ways users install it (as n8n's Community Nodes panel does, and with the
 * README's command) it brings nothing but itself and jsonwebtoken's tree (no second n8n-workflow,
 * nothing to compile), and real n8n 2.x and 1.x load all its nodes and credentials from there.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { N8N_1X_VERSION, N8N_VERSION, SETUP_TIMEOUT_MS, loadedPackageNodes, packageTypes, startEnvironment, type Environment } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../tooling/n8n.js');

interface InstalledPackage {
	dir: string;
	name: string;
	version: string;
	dependencies: Record<string, string>;
	scripts: Record<string, string>;
}

/** Every package folder below a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): InstalledPackage[] {
	const found: InstalledPackage[] = [];
	if (!fs.existsSync(nodeModules)) return found;
	for (const entry of fs.readdirSync(nodeModules)) {
		if (entry.startsWith('.')) continue;
		const dirs = entry.startsWith('@')
			? fs.readdirSync(path.join(nodeModules, entry)).map((e) => path.join(nodeModules, entry, e))
			: [path.join(nodeModules, entry)];
		for (const dir of dirs) {
			const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			found.push({ dir, name: manifest.name, version: manifest.version, dependencies: manifest.dependencies ?? {}, scripts: manifest.scripts ?? {} });
			found.push(...installedPackages(path.join(dir, 'node_modules')));
		}
	}
	return found;
}

/** Where Node finds `name` from a package folder: its own node_modules, then each parent's. */
function resolveFrom(dir: string, name: string, top: string): string | null {
	for (let current = dir; current.startsWith(top); current = path.dirname(current)) {
		const candidate = path.join(current, 'node_modules', name);
		if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
	}
	return null;
}

/** The package folders reached from `start` through dependencies (its runtime tree). */
function dependencyTree(start: InstalledPackage, all: InstalledPackage[], top: string): Set<string> {
	const byDir = new Map(all.map((p) => [p.dir, p]));
	const reached = new Set<string>([start.dir]);
	const queue = [start];
	while (queue.length) {
		const pkg = queue.shift()!;
		for (const name of Object.keys(pkg.dependencies)) {
			const dir = resolveFrom(pkg.dir, name, top);
			if (!dir) throw new Error(`${pkg.name} depends on ${name}, which is not installed`);
			if (!reached.has(dir)) {
				reached.add(dir);
				queue.push(byDir.get(dir)!);
			}
		}
	}
	return reached;
}

let work: string;
let tarball: string;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-package-'));
	tarball = await lib.packBuiltPackage(path.join(work, 'pack'));
}, SETUP_TIMEOUT_MS);

afterAll(() => {
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the npm pack tarball', () => {
	it('holds the compiled nodes and credentials, their icons and codex files, README, LICENSE, the example workflows: nothing else', () => {
		const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter((f) => f && !f.endsWith('/'))
			.map((f) => f.replace(/^package\//, ''));
		const needed = (f: string) =>
			['package.json', 'README.md', 'LICENSE', 'index.js'].includes(f) ||
			/^dist\/(nodes|credentials)\/.+\.(js|svg|png)$/.test(f) ||
			/^dist\/nodes\/.+\.node\.json$/.test(f) ||
			/^examples\/[^/]+\.json$|^examples\/README\.md$/.test(f);
		expect(files.filter((f) => !needed(f))).toEqual([]);
		expect(files).toContain('examples/00-all-badgekit-events.json');
		expect(files.filter((f) => /\.d\.ts$|\.map$|tsbuildinfo|^dist\/package\.json$/.test(f))).toEqual([]);

		const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
		expect(pkg.license).toBe('MIT');
		expect(execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' })).toMatch(/^MIT License\n/);
		expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
		expect(Object.keys(pkg.dependencies)).toEqual(['jsonwebtoken']);
	});
});

describe.each([
	['panel', N8N_VERSION],
	['readme', N8N_VERSION],
	['readme', N8N_1X_VERSION],
] as const)('installed the %s way into n8n %s', (way, version) => {
	let env: Environment;

	beforeAll(async () => {
		env = await startEnvironment({ version, packageInstall: way });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (env) await env.close();
	});

	it("brings only the package and jsonwebtoken's tree, none of it compiled or scripted at install", () => {
		const nodes = path.join(env.n8n.userFolder, '.n8n', 'nodes');
		const all = installedPackages(path.join(nodes, 'node_modules'));
		const self = all.find((p) => p.name === lib.PACKAGE_NAME && p.dir === path.join(nodes, 'node_modules', lib.PACKAGE_NAME));
		expect(self).toBeDefined();
		expect(Object.keys(self!.dependencies)).toEqual(['jsonwebtoken']);

		const tree = dependencyTree(self!, all, nodes);
		const outside = all.filter((p) => !tree.has(p.dir)).map((p) => `${p.name}@${p.version} (${path.relative(nodes, p.dir)})`);
		expect(outside).toEqual([]);
		const names = all.map((p) => p.name);
		expect(names).toContain('jsonwebtoken');
		expect(names).not.toContain('n8n-workflow');
		expect(names).not.toContain('isolated-vm');
		// Nothing that would need a compiler or an install script: works on any Node, no build tools.
		const built = all.filter(
			(p) => ['preinstall', 'install', 'postinstall'].some((s) => p.scripts[s]) || fs.existsSync(path.join(p.dir, 'binding.gyp')),
		);
		expect(built.map((p) => p.name)).toEqual([]);
	});

	it('n8n loads every node and credential of the package from there', async () => {
		const declared = packageTypes();
		expect((await loadedPackageNodes(env.client)).nodes).toEqual(declared.nodes);
		const credentials = await env.client.loadedTypes('credentials');
		for (const credential of declared.credentials) expect(credentials).toContain(credential);
		// and from the installed copy, not from this repository
		expect(fs.lstatSync(path.join(env.n8n.userFolder, '.n8n', 'nodes', 'node_modules', lib.PACKAGE_NAME)).isSymbolicLink()).toBe(false);
	});
});
