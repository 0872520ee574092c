/** The real BadgeKit webhook deliveries in test/fixtures/webhooks (captured from a real BadgeKit), byte for byte. */
import fs from 'fs';
import path from 'path';

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures/webhooks');
export const FIXTURE_SECRET = 'bk-webhook-secret-harness';
/** The captures test/fixtures/webhooks holds: the suites that replay them check that none is missing. */
export const CAPTURED_DELIVERIES = ['001-review', '002-review', '003-award', '005-award', '007-award', '013-award', '016-award', '017-revoke'];

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
