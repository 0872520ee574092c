import fc from 'fast-check';

import { ReplayStore } from '../../nodes/BadgeKit/shared/replayStore';

const HOUR = 3_600_000;
const key = (n: number) => `k${n.toString(36).padStart(21, '0')}`;

describe('ReplayStore', () => {
	it('remembers a key for the window and forgets it after', () => {
		const store = new ReplayStore();
		store.remember('abc', 1_000, HOUR);
		expect(store.has('abc', 1_000 + HOUR - 1)).toBe(true);
		expect(store.has('abc', 1_000 + HOUR)).toBe(false);
		expect(store.has('abd', 1_000)).toBe(false);
	});

	it('prunes expired entries when remembering', () => {
		const store = new ReplayStore();
		for (let i = 0; i < 100; i++) store.remember(key(i), i, 1_000);
		store.remember(key(1000), 5_000, 1_000);
		expect(store.size).toBe(1);
	});

	it('never holds more than maxEntries, forgetting the oldest first', () => {
		const store = new ReplayStore(50);
		for (let i = 0; i < 500; i++) store.remember(key(i), 0, HOUR);
		expect(store.size).toBe(50);
		expect(store.has(key(449), 0)).toBe(false);
		expect(store.has(key(450), 0)).toBe(true);
		expect(store.has(key(499), 0)).toBe(true);
	});

	it('survives serialization, dropping expired entries and keeping the bound', () => {
		const store = new ReplayStore(100);
		for (let i = 0; i < 100; i++) store.remember(key(i), 0, (i + 1) * 1_000);
		const restored = ReplayStore.deserialize(store.serialize(), 10, 50_500);
		expect(restored.size).toBe(10);
		expect(restored.has(key(99), 50_500)).toBe(true);
		expect(restored.has(key(40), 50_500)).toBe(false);
		expect(ReplayStore.deserialize(undefined).size).toBe(0);
		expect(ReplayStore.deserialize('garbage,,x.,.5', 10, 0).size).toBe(0);
	});

	it('uses the first 22 characters of a key (128 bits of the HMAC)', () => {
		const store = new ReplayStore();
		store.remember('0123456789012345678901-tail', 0, HOUR);
		expect(store.has('0123456789012345678901-other', 0)).toBe(true);
		expect(store.has('0123456789012345678902-tail', 0)).toBe(false);
	});

	it('agrees with a plain model for any sequence of operations (property-based)', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 50 })), { maxLength: 200 }), (operations) => {
				const store = new ReplayStore(1_000);
				const model = new Map<string, number>();
				let now = 0;
				for (const [remember, n, step] of operations) {
					now += step;
					if (remember) {
						store.remember(key(n), now, 100);
						model.set(key(n), now + 100);
					} else {
						expect(store.has(key(n), now)).toBe((model.get(key(n)) ?? 0) > now);
					}
				}
			}),
		);
	});
});
