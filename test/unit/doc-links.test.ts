// The README and the documents beside it link to each other's sections: a renamed heading or a moved
// file must fail here, not leave a reader at the top of a page.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { anchorsOf, brokenLinks, githubSlug, markdownFiles } from '../helpers/markdownLinks';

const ROOT = path.resolve(__dirname, '..', '..');

describe('links between the Markdown documents', () => {
	it('every relative link and #anchor in the README, docs/, examples/ and the other .md files resolves', () => {
		const files = markdownFiles(ROOT);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/operations.md', 'docs/contributing.md', 'examples/README.md']));
		expect(brokenLinks(ROOT, files)).toEqual([]);
	});

	it('the README links every section of its own from its table of contents', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const contents = readme.slice(readme.indexOf('Contents:'), readme.indexOf('\n## '));
		const linked = new Set([...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]));
		// Every second-level section, and the quick start's steps, has an entry.
		const sections = [...readme.matchAll(/^## (.*)$/gm), ...readme.matchAll(/^### (\d+\. .*)$/gm)].map((m) => githubSlug(m[1]));
		expect(sections.length).toBeGreaterThan(10);
		expect(sections.filter((s) => !linked.has(s))).toEqual([]);
	});

	it('anchors as GitHub makes them: punctuation dropped, code and links as their text, repeats numbered', () => {
		expect(githubSlug('Many deliveries: n8n queue mode')).toBe('many-deliveries-n8n-queue-mode');
		expect(githubSlug('Bursts on n8n 2.x')).toBe('bursts-on-n8n-2x');
		expect(githubSlug('1. Install the nodes')).toBe('1-install-the-nodes');
		expect(githubSlug('The `webhooks` table, [see here](x.md) — again')).toBe('the-webhooks-table-see-here--again');
		expect([...anchorsOf('# A\n\n## A\n```\n# not a heading\n```\n## A\n<a id="custom"></a>\n')]).toEqual(['a', 'a-1', 'a-2', 'custom']);
	});

	it('reports a link to a missing file, a missing anchor, and a link out of the repository, and ignores code', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-links-'));
		try {
			fs.mkdirSync(path.join(dir, 'docs'));
			fs.writeFileSync(path.join(dir, 'docs', 'ops.md'), '# Ops\n\n## Queue mode\n');
			fs.writeFileSync(
				path.join(dir, 'README.md'),
				[
					'# Title',
					'[ok](docs/ops.md#queue-mode) [ok too](#title) [web](https://example.org/#nothing)',
					'[gone](docs/missing.md) [no such section](docs/ops.md#queue-mode-settings)',
					'[self](#no-title) [outside](../elsewhere.md)',
					'`[code](not-checked.md)`',
					'```',
					'[block](not-checked-either.md)',
					'```',
				].join('\n'),
			);
			const found = brokenLinks(fs.realpathSync(dir), markdownFiles(fs.realpathSync(dir)));
			expect(found.map((b) => [b.file, b.line, b.target, b.problem])).toEqual([
				['README.md', 3, 'docs/missing.md', 'no such file'],
				['README.md', 3, 'docs/ops.md#queue-mode-settings', 'no heading with the anchor #queue-mode-settings'],
				['README.md', 4, '#no-title', 'no heading with the anchor #no-title'],
				['README.md', 4, '../elsewhere.md', 'leads out of the repository'],
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
