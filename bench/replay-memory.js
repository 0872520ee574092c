// Benchmark 5: the replay store's memory and lookup time at 10,000 and 100,000 remembered deliveries,
// and that it stays bounded (run with --expose-gc for exact heap figures; `npm run bench` does).
const crypto = require('crypto');
const { compare, requireBuilt } = require('./lib');

const { ReplayStore } = requireBuilt('nodes/BadgeKit/shared/replayStore');
const HOUR = 3_600_000;

function heapUsed() {
	if (global.gc) {
		global.gc();
		global.gc();
	}
	return process.memoryUsage().heapUsed;
}

function measure(entries) {
	const keys = Array.from({ length: entries }, () => crypto.randomBytes(32).toString('base64url'));
	const before = heapUsed();
	const store = new ReplayStore(entries);
	const now = Date.now();
	for (const key of keys) store.remember(key, now, 24 * HOUR);
	const after = heapUsed();

	const missing = crypto.randomBytes(32).toString('base64url');
	let i = 0;
	const timings = compare(
		{
			'hit': () => store.has(keys[i++ % entries], now),
			'miss': () => store.has(missing, now),
			'remember': () => store.remember(keys[i++ % entries], now, 24 * HOUR),
		},
		{ perBatch: 10_000, warmup: 20_000 },
	);
	const serializeStart = process.hrtime.bigint();
	const text = store.serialize();
	const serializeMs = Number(process.hrtime.bigint() - serializeStart) / 1e6;
	const loadStart = process.hrtime.bigint();
	const loaded = ReplayStore.deserialize(text, entries, now);
	const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
	if (loaded.size !== entries) throw new Error('round trip lost entries');

	return {
		entries,
		heapMB: (after - before) / 1e6,
		bytesPerEntry: (after - before) / entries,
		hitNs: timings.hit,
		missNs: timings.miss,
		rememberNs: timings.remember,
		staticDataKB: text.length / 1024,
		serializeMs,
		loadMs,
	};
}

function bounded() {
	const store = new ReplayStore(100_000);
	const now = Date.now();
	for (let i = 0; i < 300_000; i++) store.remember(crypto.randomBytes(16).toString('base64url'), now, 24 * HOUR);
	return store.size;
}

function run() {
	return { rows: [measure(10_000), measure(100_000)], sizeAfter300k: bounded() };
}

if (require.main === module) {
	const { rows, sizeAfter300k } = run();
	console.log(`\n5. Replay store (${global.gc ? 'exact heap, --expose-gc' : 'approximate heap: run with --expose-gc'})`);
	console.table(
		rows.map((row) => ({
			entries: row.entries,
			'heap MB': row.heapMB.toFixed(1),
			'B/entry': Math.round(row.bytesPerEntry),
			'hit ns': Math.round(row.hitNs),
			'miss ns': Math.round(row.missNs),
			'remember ns': Math.round(row.rememberNs),
			'static data KB': Math.round(row.staticDataKB),
			'serialize ms': row.serializeMs.toFixed(1),
			'load ms': row.loadMs.toFixed(1),
		})),
	);
	console.log(`bounded: 300,000 deliveries remembered with a cap of 100,000 → ${sizeAfter300k} kept`);
}

module.exports = { run };
