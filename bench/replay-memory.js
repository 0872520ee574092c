// Benchmark 5: the replay store.
//  a. memory and lookup time at 10,000 and 100,000 remembered deliveries, and that it stays bounded
//     (run with --expose-gc for exact heap figures; `npm run bench` does);
//  b. what one accepted delivery costs around n8n's static-data save, at 1,000 / 5,000 / 10,000
//     remembered: the bytes n8n writes (it saves the whole static data as one JSON column, so this is
//     the whole replay memory), n8n's own JSON parse (load) and stringify (save) of it, and the
//     trigger's work (merge the loaded copy, check, remember, write back), when the loaded copy was
//     saved by this process and when it was saved by another one (queue mode: every key is read).
const crypto = require('crypto');
const { compare, median, requireBuilt } = require('./lib');

const { ReplayStore } = requireBuilt('nodes/BadgeKit/webhook/replayStore');
const HOUR = 3_600_000;
const NODE_KEY = 'node:BadgeKit Trigger';

function heapUsed() {
	if (global.gc) {
		global.gc();
		global.gc();
	}
	return process.memoryUsage().heapUsed;
}

const randomKey = () => crypto.randomBytes(32).toString('base64url');

function measure(entries) {
	const keys = Array.from({ length: entries }, randomKey);
	const before = heapUsed();
	const store = new ReplayStore(entries);
	const now = Date.now();
	for (const key of keys) store.remember(key, now, 24 * HOUR);
	const after = heapUsed();

	const missing = randomKey();
	let i = 0;
	const timings = compare(
		{
			hit: () => store.has(keys[i++ % entries], now),
			miss: () => store.has(missing, now),
			remember: () => store.remember(keys[i++ % entries], now, 24 * HOUR),
		},
		{ perBatch: 10_000, warmup: 20_000 },
	);
	const serializeStart = process.hrtime.bigint();
	const text = JSON.stringify(store.serialize());
	const serializeMs = Number(process.hrtime.bigint() - serializeStart) / 1e6;
	const loadStart = process.hrtime.bigint();
	const loaded = ReplayStore.deserialize(JSON.parse(text), entries, now);
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
	for (let i = 0; i < 300_000; i++) store.remember(randomKey(), now, 24 * HOUR);
	return store.size;
}

/** Milliseconds of `fn` (median of `runs`). */
function timeMs(fn, runs = 41) {
	const samples = [];
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		fn();
		samples.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return median(samples);
}

/**
 * One webhook call as n8n runs it, with `entries` remembered deliveries spread over a day (the
 * default 24 h window, so 144 buckets at most): n8n parses the saved column, the trigger merges it,
 * checks and remembers the new delivery and writes back, n8n stringifies the whole column to save it.
 */
function perDelivery(entries) {
	const now = Date.now();
	const mine = new ReplayStore(10_000);
	const other = new ReplayStore(10_000);
	for (let i = 0; i < entries; i++) {
		const at = now - HOUR * 24 + (i * HOUR * 24) / entries;
		mine.remember(randomKey(), at, 24 * HOUR);
	}
	for (const [name, text] of Object.entries(mine.serialize())) other.merge({ [name]: text }, now);
	const column = JSON.stringify({ [NODE_KEY]: mine.serialize() });

	let parsed;
	const parseMs = timeMs(() => (parsed = JSON.parse(column)));
	const call = (store) => () => {
		const staticData = JSON.parse(column)[NODE_KEY];
		const key = randomKey();
		store.merge(staticData, now);
		if (!store.has(key, now)) store.remember(key, now, 24 * HOUR);
		store.writeTo(staticData);
		return staticData;
	};
	// The trigger's own work without n8n's parse: subtract the parse measured alone.
	const ownMs = Math.max(0, timeMs(call(mine)) - parseMs);
	// A copy saved by another process: the trigger reads it key by key.
	const freshOther = () => {
		const store = new ReplayStore(10_000);
		store.merge(JSON.parse(column)[NODE_KEY], now);
		return store;
	};
	const crossSamples = [];
	for (let i = 0; i < 21; i++) {
		const store = freshOther();
		// Another process saved one more entry than this one has: the fast path does not apply.
		const staticData = JSON.parse(column)[NODE_KEY];
		const bucket = Object.keys(staticData).pop();
		staticData[bucket] += randomKey().slice(0, 11);
		const start = process.hrtime.bigint();
		store.merge(staticData, now);
		store.remember(randomKey(), now, 24 * HOUR);
		store.writeTo(staticData);
		crossSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	const saved = call(mine)();
	const stringifyMs = timeMs(() => JSON.stringify({ [NODE_KEY]: saved }));
	if (!parsed) throw new Error('no parse');
	return {
		entries,
		buckets: Object.keys(mine.serialize()).length,
		savedBytes: Buffer.byteLength(JSON.stringify({ [NODE_KEY]: saved })),
		n8nParseMs: parseMs,
		n8nStringifyMs: stringifyMs,
		ownMs,
		crossMs: median(crossSamples),
	};
}

function run() {
	return {
		rows: [measure(10_000), measure(100_000)],
		sizeAfter300k: bounded(),
		perDelivery: [0, 1_000, 5_000, 10_000].map(perDelivery),
	};
}

if (require.main === module) {
	const { rows, sizeAfter300k, perDelivery: calls } = run();
	console.log(`\n5a. Replay store (${global.gc ? 'exact heap, --expose-gc' : 'approximate heap: run with --expose-gc'})`);
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
	console.log("\n5b. One accepted delivery around n8n's static-data save (24 h window, entries spread over the day)");
	console.table(
		calls.map((row) => ({
			remembered: row.entries,
			buckets: row.buckets,
			'bytes n8n saves': row.savedBytes,
			'n8n parse ms': row.n8nParseMs.toFixed(3),
			'n8n stringify ms': row.n8nStringifyMs.toFixed(3),
			'trigger ms (own copy)': row.ownMs.toFixed(3),
			'trigger ms (copy saved elsewhere)': row.crossMs.toFixed(3),
		})),
	);
}

module.exports = { run };
