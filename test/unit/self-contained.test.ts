// The repository must work as anyone gets it from GitHub: nothing in it may read files outside the
// checkout (the workspace's ../shared folder in particular). The fixtures the tests need live in
// test/fixtures/.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CAPTURED_DELIVERIES, FIXTURES_DIR, loadDeliveries } from '../helpers/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const CODE = /\.(ts|js|mjs|cjs|sh|json)$|^\.ci\/run$/;
// A path that climbs out of the checkout to a sibling "shared" folder, or an absolute /work/ path.
const OUTSIDE = /(\.\.\/)+shared\/|['"`]\/work\/|\bshared\/badgekit\//;

describe('self-contained repository', () => {
	it('no tracked script, test, benchmark or example reads ../shared or /work', () => {
		const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
			.split('\n')
			.filter((f) => CODE.test(f) && f !== 'package-lock.json' && fs.existsSync(path.join(ROOT, f)));
		expect(files.length).toBeGreaterThan(50);
		const offenders: string[] = [];
		for (const file of files) {
			const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
			lines.forEach((line, i) => {
				// The package's own helper folder (nodes/BadgeKit/shared) is imported by relative paths: not outside.
				const code = line.replace(/from '(\.\.\/)+shared\/\w+'/g, '').replace(/require\('(\.\.\/)+shared\/\w+'\)/g, '');
				if (OUTSIDE.test(code)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
			});
		}
		expect(offenders).toEqual([]);
	});

	it('the captured deliveries are in test/fixtures/webhooks, every body matching its recorded hash', () => {
		expect(path.relative(ROOT, FIXTURES_DIR)).toBe(path.join('test', 'fixtures', 'webhooks'));
		const deliveries = loadDeliveries();
		expect(deliveries.map((d) => d.name)).toEqual(CAPTURED_DELIVERIES);
		for (const d of deliveries) {
			expect(d.body.length).toBe(d.meta.bodyLength);
			expect(crypto.createHash('sha256').update(d.body).digest('hex')).toBe(d.meta.bodySha256);
		}
	});
});
