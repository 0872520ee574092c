/** The real BadgeKit webhook deliveries in test/fixtures/webhooks (captured from a real BadgeKit), byte for byte. */
import fs from 'fs';
import path from 'path';

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures/webhooks');
export const FIXTURE_SECRET = 'bk-webhook-secret-harness';

export interface Delivery {
	name: string;
	action: string;
	body: Buffer;
	headers: Record<string, string>;
	authorization: string;
	meta: { bodySha256: string; bodyIsAscii: boolean; bodyLength: number };
}

export function loadDeliveries(): Delivery[] {
	return fs
		.readdirSync(FIXTURES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const name = file.replace(/\.json$/, '');
			const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
			const body = fs.readFileSync(path.join(FIXTURES_DIR, meta.bodyFile ?? `${name}.body`));
			return {
				name,
				action: name.replace(/^\d+-/, ''),
				body,
				headers: { 'content-type': meta.headers['content-type'], authorization: meta.headers.authorization },
				authorization: meta.headers.authorization,
				meta,
			};
		});
}
