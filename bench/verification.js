// Benchmark 1: the trigger's check of one delivery (signature + body hash + replay lookup) against the
// floor measured in the same run: node:crypto HMAC-SHA256 over the token's signing input plus SHA-256
// over the body. Target: within 2x the floor at 10 KB.
const crypto = require('crypto');
const { signWebhook } = require('../sandbox');
const { compare, requireBuilt } = require('./lib');

const { verifyDelivery } = requireBuilt('nodes/BadgeKit/webhook/verification');
const { ReplayStore } = requireBuilt('nodes/BadgeKit/webhook/replayStore');

const SECRET = 'bk-webhook-secret-harness';

function delivery(size) {
	const base = {
		action: 'award',
		uid: crypto.randomBytes(20).toString('hex'),
		badge: { id: 1, slug: 'direct-demo', name: 'Badge direct-demo', criteria: [] },
		email: 'alice@example.com',
		assertionUrl: 'http://127.0.0.1:8080/public/assertions/x',
		issuedOn: 1795867792,
		comment: '',
	};
	const padding = size - Buffer.byteLength(JSON.stringify(base));
	base.comment = 'x'.repeat(Math.max(0, padding));
	const body = Buffer.from(JSON.stringify(base));
	const authorization = signWebhook(body.toString('latin1'), SECRET);
	return { body, token: /token="(.+)"/.exec(authorization)[1], authorization };
}

function run() {
	const rows = [];
	for (const size of [1024, 10 * 1024, 100 * 1024]) {
		const { body, token, authorization } = delivery(size);
		const signingInput = token.slice(0, token.lastIndexOf('.'));
		// n8n has parsed the JSON body before the trigger runs (for every webhook node alike).
		const parsedBody = JSON.parse(body.toString('utf8'));
		const replays = new ReplayStore();
		const now = Date.now();
		for (let i = 0; i < 1000; i++) replays.remember(crypto.randomBytes(16).toString('base64url'), now, 3_600_000);
		const perBatch = size > 50_000 ? 50 : 500;
		const result = compare(
			{
				floor: () => {
					crypto.createHmac('sha256', SECRET).update(signingInput).digest();
					crypto.createHash('sha256').update(body).digest();
				},
				trigger: () => {
					const verification = verifyDelivery({ authorization, rawBody: body, secret: SECRET, clockToleranceSeconds: 30, parsedBody });
					if (!verification.ok) throw new Error(verification.reason);
					replays.has(verification.signature, now);
				},
			},
			{ perBatch, warmup: perBatch * 20 },
		);
		rows.push({ body: `${size / 1024} KB`, floorUs: result.floor / 1000, triggerUs: result.trigger / 1000, ratio: result.trigger / result.floor });
	}
	return rows;
}

if (require.main === module) {
	const rows = run();
	console.log('\n1. Verification cost (median µs per delivery; same run)');
	console.table(
		rows.map((row) => ({
			body: row.body,
			'floor µs': row.floorUs.toFixed(1),
			'trigger µs': row.triggerUs.toFixed(1),
			ratio: row.ratio.toFixed(2) + '×',
		})),
	);
	const tenKb = rows.find((row) => row.body === '10 KB');
	console.log(`target: within 2× the floor at 10 KB → ${tenKb.ratio.toFixed(2)}× ${tenKb.ratio <= 2 ? 'MET' : 'MISSED'}`);
}

module.exports = { run };
