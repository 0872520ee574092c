// The GitHub Actions workflows: valid by GitHub's schema (checked offline), running the README's test
// command on push and pull request, and publishing a version tag with an npm provenance statement.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkflows } from '../helpers/workflowLint';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
/** The `run:` commands of a workflow file, in order. */
const runs = (yaml: string) => [...yaml.matchAll(/^\s*(?:- )?run: (.+)$/gm)].map((m) => m[1].trim());

describe('GitHub Actions workflows', () => {
	it('every workflow file is valid', () => {
		const results = lintWorkflows(WORKFLOWS);
		expect(results.map((r) => r.file)).toEqual(['ci.yml', 'publish.yml']);
		expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
	});

	it('the linter finds a misspelt key, a job without steps and broken YAML in a copy', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
		try {
			const ci = read('ci.yml');
			fs.writeFileSync(path.join(dir, 'misspelt.yml'), ci.replace('    steps:\n', '    step:\n'));
			fs.writeFileSync(path.join(dir, 'no-runner.yml'), ci.replace(/^ {4}runs-on: .*\n/m, ''));
			fs.writeFileSync(path.join(dir, 'not-yaml.yml'), ci.replace("branches: ['**']", "branches: ['**'"));
			fs.writeFileSync(path.join(dir, 'valid.yml'), ci);
			const results = Object.fromEntries(lintWorkflows(dir).map((r) => [r.file, r.problems.join('\n')]));
			expect(Object.keys(results)).toEqual(['misspelt.yml', 'no-runner.yml', 'not-yaml.yml', 'valid.yml']);
			expect(results['misspelt.yml']).toContain("Additional property 'step' is not allowed");
			expect(results['no-runner.yml']).toMatch(/runs-on/);
			expect(results['not-yaml.yml']).toMatch(/Parse Error .*line \d+/i);
			expect(results['valid.yml']).toBe('');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it("ci.yml runs the README's test command on every push and pull request, and can be called before publishing", () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const testCommand = /^(npm test)\s+# all tests/m.exec(readme);
		expect(testCommand).not.toBeNull();
		const ci = read('ci.yml');
		expect(ci).toMatch(/^on:\n(?: {2}.*\n)*? {2}push:\n/m);
		expect(ci).toMatch(/^on:\n(?: {2}.*\n|\s{4}.*\n)*? {2}pull_request:/m);
		expect(ci).toMatch(/^ {2}workflow_call:/m);
		const commands = runs(ci);
		expect(commands[0]).toMatch(/^npm ci\b/);
		expect(commands).toContain(testCommand![1]);
	});

	it('publish.yml publishes only a version tag, after the tests, with a provenance statement', () => {
		const publish = read('publish.yml');
		expect(publish).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*'\]\n\n/m);
		expect(publish).toMatch(/^ {2}test:\n {4}uses: \.\/\.github\/workflows\/ci\.yml$/m);
		expect(publish).toMatch(/^ {2}publish:\n {4}needs: test$/m);
		expect(publish).toMatch(/^ {4}permissions:\n {6}contents: read\n {6}id-token: write\b/m);
		const commands = runs(publish);
		expect(commands[commands.length - 1]).toBe('npm publish --provenance --access public');
		expect(publish).toMatch(/NODE_AUTH_TOKEN: \$\{\{ secrets\.NPM_TOKEN \}\}/);
	});

	it("publish.yml's tag check passes v<package.json's version> and stops any other tag with a message saying which", () => {
		const block = /- name: The tag names the version in package\.json\n {8}run: \|\n((?: {10}.*\n)+)/.exec(read('publish.yml'));
		expect(block).not.toBeNull();
		const script = block![1].replace(/^ {10}/gm, '');
		const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
		const check = (tag: string) =>
			spawnSync('bash', ['-e', '-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: tag } });
		expect(check(`v${version}`).status).toBe(0);
		const wrong = check('v99.0.0');
		expect(wrong.status).toBe(1);
		expect(wrong.stdout).toContain(`The tag v99.0.0 does not match the version in package.json (${version}): tag v${version} instead.`);
	});
});
