// What the README's quick start tells an issuer to run or import must be what the package does and holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGISTRATION_SQL } from '../../nodes/BadgeKit/webhook/registration';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** SQL compared as MySQL reads it: spacing and the case of keywords and column names do not matter. */
const sqlWords = (sql: string) =>
	sql
		.replace(/\s+/g, ' ')
		.replace(/\s*;\s*/g, ';')
		.trim()
		.toLowerCase();

describe('the README quick start', () => {
	it('registers the webhook with the SQL the BadgeKit Trigger shows', () => {
		const step = README.slice(README.indexOf('### 4. Register the webhook'), README.indexOf('### 5.'));
		const sql = /```sql\n([\s\S]*?)```/.exec(step);
		expect(sql).not.toBeNull();
		expect(sqlWords(sql![1])).toBe(sqlWords(REGISTRATION_SQL));
	});

	it("offers for Import from URL only files that are in this repository's examples/", () => {
		const { repository } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
		const repo = /github\.com\/(.+?)(\.git)?$/.exec(repository.url)![1];
		const prefix = `https://raw.githubusercontent.com/${repo}/main/`;
		const docs = ['README.md', 'examples/README.md'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
		const urls = [...docs.matchAll(/https:\/\/raw\.githubusercontent\.com\/[^\s`)>\]]+/g)].map((m) => m[0]);
		expect(urls).toContain(`${prefix}examples/00-all-badgekit-events.json`);
		// examples/README.md shows the pattern (…/examples/<file>) once: not an address to import
		const wrong = urls
			.filter((u) => !u.includes('<'))
			.filter((u) => !u.startsWith(prefix) || !fs.existsSync(path.join(ROOT, u.slice(prefix.length))));
		expect(wrong).toEqual([]);
	});
});
