import fc from 'fast-check';

import { BUCKET_MS, BUCKET_PREFIX, KEY_LENGTH, ReplayStore } from '../../nodes/BadgeKit/webhook/replayStore';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 7, 3, 20); // not on a bucket boundary
/** Distinct 11-character keys (what the trigger uses: the start of the token's HMAC). */
const key = (n: number) => `k${n.toString(36).padStart(KEY_LENGTH - 1, '0')}`;

describe('ReplayStore', () => {
	it('remembers a key for the window, plus at most one 10-minute bucket, and forgets it after', () => {
		const store = new ReplayStore();
		store.remember(key(1), T0, HOUR);
		const bucketEnd = Math.ceil((T0 + HOUR) / BUCKET_MS) * BUCKET_MS;
		expect(bucketEnd - (T0 + HOUR)).toBeLessThan(BUCKET_MS);
		expect(store.has(key(1), T0 + HOUR - 1)).toBe(true);
		expect(store.has(key(1), bucketEnd - 1)).toBe(true);
		expect(store.has(key(1), bucketEnd)).toBe(false);
		expect(store.has(key(2), T0)).toBe(false);
	});

	it('uses the first 11 characters of a key (66 bits of the HMAC)', () => {
		const store = new ReplayStore();
		store.remember('0123456789A-tail', T0, HOUR);
		expect(store.has('0123456789A-other', T0)).toBe(true);
		expect(store.has('0123456789B-tail', T0)).toBe(false);
	});

	it('drops expired buckets when remembering', () => {
		const store = new ReplayStore();
		for (let i = 0; i < 100; i++) store.remember(key(i), T0, 1_000);
		store.remember(key(1000), T0 + BUCKET_MS + 1_000, 1_000);
		expect(store.size).toBe(1);
		expect(Object.keys(store.serialize())).toHaveLength(1);
	});

	it('never holds more than maxEntries, forgetting the soonest-expiring buckets whole', () => {
		const store = new ReplayStore(50);
		// one delivery a minute: ten per 10-minute bucket
		for (let i = 0; i < 500; i++) store.remember(key(i), T0 + i * 60_000, 24 * HOUR);
		expect(store.size).toBeLessThanOrEqual(50);
		expect(store.size).toBeGreaterThan(50 - 10);
		expect(store.has(key(499), T0)).toBe(true);
		expect(store.has(key(499 - store.size), T0)).toBe(false);
		expect(Object.values(store.serialize()).join('')).toHaveLength(store.size * KEY_LENGTH);
	});

	it('trims the oldest entries of the newest bucket when it alone holds more than maxEntries', () => {
		const store = new ReplayStore(50);
		for (let i = 0; i < 500; i++) store.remember(key(i), T0, HOUR);
		expect(store.size).toBe(50);
		expect(store.has(key(449), T0)).toBe(false);
		expect(store.has(key(450), T0)).toBe(true);
		expect(store.has(key(499), T0)).toBe(true);
	});

	it('does not take back, from a saved copy, the buckets it forgot for maxEntries', () => {
		const big = new ReplayStore();
		for (let i = 0; i < 100; i++) big.remember(key(i), T0 + i * 60_000, 24 * HOUR);
		const small = new ReplayStore(50);
		small.merge(big.serialize(), T0);
		expect(small.size).toBeLessThanOrEqual(50);
		const kept = small.size;
		expect(small.merge(big.serialize(), T0)).toBe(0);
		expect(small.size).toBe(kept);
		expect(small.has(key(99), T0)).toBe(true);
	});

	describe('persisted form (workflow static data)', () => {
		it('is one key per 10-minute bucket of expiry, holding the keys end to end', () => {
			const store = new ReplayStore();
			store.remember(key(1), T0, HOUR);
			store.remember(key(2), T0 + 1_000, HOUR);
			store.remember(key(3), T0 + 20 * 60_000, HOUR);
			expect(store.serialize()).toEqual({
				[`${BUCKET_PREFIX}2026-11-30T08:10Z`]: key(1) + key(2),
				[`${BUCKET_PREFIX}2026-11-30T08:30Z`]: key(3),
			});
		});

		it('grows by exactly one key per delivery, in one bucket, whatever the store holds', () => {
			const store = new ReplayStore();
			for (let i = 0; i < 5_000; i++) store.remember(key(i), T0 + i * 100, 24 * HOUR);
			const before = store.serialize();
			store.remember(key(99_999), T0 + 5_000 * 100, 24 * HOUR);
			const after = store.serialize();
			const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
			expect(changed).toHaveLength(1);
			const [name] = changed;
			expect(after[name]).toBe((before[name] ?? '') + key(99_999));
		});

		it('writes only what differs into static data and deletes buckets that expired', () => {
			const store = new ReplayStore();
			const staticData: Record<string, unknown> = { other: 'kept' };
			store.remember(key(1), T0, 1_000);
			expect(store.writeTo(staticData)).toBe(true);
			expect(store.writeTo(staticData)).toBe(false);
			store.remember(key(2), T0 + BUCKET_MS + 1_000, HOUR);
			expect(store.writeTo(staticData)).toBe(true);
			expect(staticData).toEqual({ other: 'kept', ...store.serialize() });
			expect(Object.keys(staticData)).toHaveLength(2);
		});

		it('survives a round trip, dropping expired buckets and keeping the bound', () => {
			const store = new ReplayStore(1_000);
			for (let i = 0; i < 100; i++) store.remember(key(i), T0, (i + 1) * 60_000);
			const restored = ReplayStore.deserialize(JSON.parse(JSON.stringify(store.serialize())), 10, T0 + 50 * 60_000);
			expect(restored.size).toBeLessThanOrEqual(10);
			expect(restored.has(key(99), T0 + 50 * 60_000)).toBe(true);
			expect(restored.has(key(40), T0 + 50 * 60_000)).toBe(false);
		});

		it('ignores what it does not recognise', () => {
			expect(ReplayStore.deserialize(undefined).size).toBe(0);
			const junk = {
				[`${BUCKET_PREFIX}yesterday`]: key(1),
				[`${BUCKET_PREFIX}2099-01-01T00:05Z`]: key(2),
				[`${BUCKET_PREFIX}2099-01-01T00:10Z`]: 42,
				other: key(3),
			};
			expect(ReplayStore.deserialize(junk, 10, T0).size).toBe(0);
		});

		it('reads the earlier comma-separated format once and replaces it', () => {
			const expiry = Math.ceil((T0 + HOUR) / 1000).toString(36);
			const legacy = { acceptedDeliveries: `${'A'.repeat(22)}.${expiry},${'B'.repeat(22)}.${Math.ceil(T0 / 1000 - 1).toString(36)},garbage` };
			const store = ReplayStore.deserialize(legacy, 10, T0);
			expect(store.has('A'.repeat(43), T0)).toBe(true);
			expect(store.has('B'.repeat(43), T0)).toBe(false);
			store.writeTo(legacy);
			expect(Object.keys(legacy)).toEqual([`${BUCKET_PREFIX}2026-11-30T08:10Z`]);
		});
	});

	describe('merging saved copies (several processes, one static-data column)', () => {
		it('takes in the entries another process saved: the union of both', () => {
			const a = new ReplayStore();
			const b = new ReplayStore();
			a.remember(key(1), T0, HOUR);
			b.remember(key(2), T0, HOUR);
			b.remember(key(3), T0 + 30 * 60_000, HOUR);
			expect(a.merge(b.serialize(), T0)).toBe(2);
			expect(a.merge(b.serialize(), T0)).toBe(0);
			for (const n of [1, 2, 3]) expect(a.has(key(n), T0)).toBe(true);
			expect(a.size).toBe(3);
		});

		it('converges: whatever the order of loads and whole-column saves, one more call per process leaves the union saved', () => {
			// Model of n8n: each webhook call loads the column, runs the trigger (merge, check, remember,
			// write) and later saves the whole column, possibly after other calls' loads and saves.
			const operation = fc.record({
				process: fc.integer({ min: 0, max: 2 }),
				delivery: fc.integer({ min: 0, max: 40 }),
				saveDelay: fc.integer({ min: 0, max: 3 }),
			});
			fc.assert(
				fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
					const processes = [new ReplayStore(), new ReplayStore(), new ReplayStore()];
					let column: Record<string, string> = {};
					const pending: Array<{ at: number; data: Record<string, string> }> = [];
					const accepted = new Set<number>();
					const call = (process: number, delivery: number | undefined) => {
						const data: Record<string, string> = JSON.parse(JSON.stringify(column));
						const store = processes[process];
						store.merge(data, T0);
						if (delivery !== undefined && !store.has(key(delivery), T0)) {
							store.remember(key(delivery), T0, HOUR);
							accepted.add(delivery);
						}
						return store.writeTo(data) ? data : undefined;
					};
					operations.forEach(({ process, delivery, saveDelay }, step) => {
						for (const save of pending.filter((p) => p.at === step)) column = save.data;
						const data = call(process, delivery);
						if (data) pending.push({ at: step + saveDelay, data });
					});
					for (const save of pending.filter((p) => p.at >= operations.length).sort((x, y) => x.at - y.at)) column = save.data;
					// Quiet period: each process handles one more (refused or ignored) call, saved at once.
					for (let round = 0; round < 2; round++) {
						for (let process = 0; process < processes.length; process++) {
							const data = call(process, undefined);
							if (data) column = data;
						}
					}
					const saved = ReplayStore.deserialize(column, undefined, T0);
					for (const delivery of accepted) expect(saved.has(key(delivery), T0)).toBe(true);
					expect(saved.size).toBe(accepted.size);
				}),
			);
		});
	});

	it('agrees with a plain model for any sequence of operations (property-based)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 50 })), { maxLength: 200 }),
				(operations) => {
					const store = new ReplayStore(1_000);
					const model = new Map<string, number>();
					let now = T0;
					for (const [remember, n, step] of operations) {
						now += step * 60_000;
						if (remember) {
							if (!store.has(key(n), now)) {
								store.remember(key(n), now, HOUR);
								model.set(key(n), Math.ceil((now + HOUR) / BUCKET_MS) * BUCKET_MS);
							}
						} else {
							expect(store.has(key(n), now)).toBe((model.get(key(n)) ?? 0) > now);
						}
					}
				},
			),
		);
	});
});
