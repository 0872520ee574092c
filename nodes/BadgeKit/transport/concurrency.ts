/**
 * Runs the action node's items with at most `limit` of them at work at once. An item sends one
 * request at a time, so this bounds the requests in flight. Items sharing a key (the same award, the
 * same slug…) run one after another in input order; the others start in input order as slots free up.
 * Without timers: a slot is handed to the next waiting item when one ends.
 */

export interface ItemOutcome<T> {
	/** 'skipped': never started (an earlier item failed with `stopOnError`, or the run was cancelled). */
	status: 'done' | 'failed' | 'skipped';
	value?: T;
	error?: unknown;
}

export interface BoundedRunOptions {
	/** Most items at work at once (1 = one after another). */
	limit: number;
	/** Keys of an item: it waits until every earlier item with one of its keys has ended. */
	keysOf?: (index: number) => string[];
	/** Start no more items once one has failed (the items already at work still end). */
	stopOnError: boolean;
	/** Start no more items once aborted. */
	signal?: { aborted: boolean };
}

export async function runBounded<T>(count: number, run: (index: number) => Promise<T>, options: BoundedRunOptions): Promise<ItemOutcome<T>[]> {
	const limit = Math.max(1, Math.floor(options.limit));
	const outcomes: ItemOutcome<T>[] = new Array(count);
	let stopped = false;
	const shouldStop = () => stopped || options.signal?.aborted === true;

	const runOne = async (index: number): Promise<void> => {
		if (shouldStop()) {
			outcomes[index] = { status: 'skipped' };
			return;
		}
		try {
			outcomes[index] = { status: 'done', value: await run(index) };
		} catch (error) {
			outcomes[index] = { status: 'failed', error };
			if (options.stopOnError) stopped = true;
		}
	};

	if (limit === 1 || count <= 1) {
		for (let index = 0; index < count; index++) await runOne(index);
		return outcomes;
	}

	let active = 0;
	const waiting: Array<() => void> = [];
	let nextWaiting = 0;
	const acquire = async (): Promise<void> => {
		if (active < limit) {
			active++;
			return;
		}
		await new Promise<void>((resolve) => waiting.push(resolve));
	};
	const release = (): void => {
		// The slot passes straight to the longest-waiting item, so `active` stays as it is.
		if (nextWaiting < waiting.length) waiting[nextWaiting++]();
		else active--;
	};

	const lastOfKey = new Map<string, Promise<void>>();
	const all: Array<Promise<void>> = [];
	for (let index = 0; index < count; index++) {
		let keys: string[] = [];
		try {
			keys = options.keysOf?.(index) ?? [];
		} catch {
			// The item fails on its own when it runs, with the same error and its item index.
		}
		const before = keys.map((key) => lastOfKey.get(key)).filter((done): done is Promise<void> => done !== undefined);
		const done = (async () => {
			if (before.length) await Promise.all(before);
			await acquire();
			try {
				await runOne(index);
			} finally {
				release();
			}
		})();
		for (const key of keys) lastOfKey.set(key, done);
		all.push(done);
	}
	await Promise.all(all);
	return outcomes;
}
