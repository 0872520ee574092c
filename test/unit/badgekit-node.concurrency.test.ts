// The action node's Concurrency option: Issue and Revoke items run at most N at a time against a sandbox
// whose writes take time (its latency model), with output order, pairedItem, Continue On Fail, the
// same earner's items one after another, and the execution's cancel as with one item at a time.
import type { IncomingMessage, ServerResponse } from 'http';
import { NodeHelpers, type IDataObject, type INodeParameters, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { BadgeKit, concurrentOperations } from '../../nodes/BadgeKit/BadgeKit.node';

import { DEFAULT_CONCURRENCY } from '../../nodes/BadgeKit/transport/options';
import { runBounded } from '../../nodes/BadgeKit/transport/concurrency';
import { createBadgeKitServer, type BadgeKitServer } from '../../sandbox';
import { badgeOperationParameters, errorOf, MASTER, runBadgeKit, type RunOptions, type TestBed } from './badgekit-node.shared';

// Each test waits for the sandbox's slow writes; on a loaded machine that takes a few seconds.
jest.setTimeout(30_000);

// Writes hold one of 16 database slots for 250 ms: enough room that only the node limits the overlap, and
// long enough that a loaded machine (CI runs the e2e suites beside) still starts N items within one write.
let server: BadgeKitServer;
const bed = {} as TestBed;
beforeAll(async () => {
	server = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo', latency: { ms: 250, concurrency: 16 } });
	Object.assign(bed, { server, hookUrl: '', close: () => server.close() });
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => server.reset());

const params = badgeOperationParameters('badgeInstance');
const issue = (extra: INodeParameters = {}) => params('issue', 'system', { email: '={{ $json.email }}', ...extra });
const withConcurrency = (parameters: INodeParameters, concurrency: number) => ({ ...parameters, requestOptions: { concurrency } });
const earners = (count: number, label = 'earner') => Array.from({ length: count }, (_, n) => ({ email: `${label}${n}@example.org` }));
const run = (parameters: INodeParameters, items: IDataObject[], options: RunOptions = {}) => runBadgeKit(bed, parameters, items, options);
const badgeId = () => server.store.findBadge(server.store.findSystem('demo')!.id, 'direct-demo')!.id;
const awarded = (email: string) => server.store.findInstance(badgeId(), email) !== undefined;

/** Watches the award POSTs: how many were in flight at most, overall and per earner (case ignored). */
function watchAwards() {
	const seen = { posts: 0, maxInFlight: 0, maxSameEarner: 0 };
	const inFlight = new Map<string, number>();
	let total = 0;
	const listener = (req: IncomingMessage, res: ServerResponse) => {
		if (req.method !== 'POST' || !/\/instances$/.test(req.url ?? '')) return;
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const email = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject).email).toLowerCase();
			seen.posts++;
			total++;
			inFlight.set(email, (inFlight.get(email) ?? 0) + 1);
			seen.maxInFlight = Math.max(seen.maxInFlight, total);
			seen.maxSameEarner = Math.max(seen.maxSameEarner, inFlight.get(email)!);
			res.once('close', () => {
				total--;
				inFlight.set(email, inFlight.get(email)! - 1);
			});
		});
	};
	server.httpServer.on('request', listener);
	return { seen, stop: () => server.httpServer.off('request', listener) };
}

describe('Issue with Concurrency', () => {
	it('keeps at most N requests in flight and outputs the items in input order with their pairedItem', async () => {
		for (const concurrency of [1, 3, 6]) {
			server.reset();
			const items = earners(10, `c${concurrency}-`);
			const result = await run(withConcurrency(issue(), concurrency), items);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.email)).toEqual(items.map((item) => item.email));
			expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
			// The sandbox counted the requests it held at once: exactly the bound, never more.
			expect(server.maxInFlight).toBe(concurrency);
		}
	});

	it(`sends ${DEFAULT_CONCURRENCY} at a time when the option is not set`, async () => {
		const result = await run(issue(), earners(12));
		expect(result.items).toHaveLength(12);
		expect(server.maxInFlight).toBe(DEFAULT_CONCURRENCY);
	});

	it('runs the same earner\'s items (case ignored) one after another, in input order, for "If Already Awarded"', async () => {
		const items = [
			{ email: 'twice@example.org' },
			{ email: 'TWICE@example.org' },
			{ email: 'twice@example.org' },
			...earners(6),
			{ email: 'Twice@Example.org' },
		];
		const watch = watchAwards();
		try {
			const result = await run(withConcurrency(issue({ ifAlreadyAwarded: 'returnExisting' }), 5), items);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.alreadyAwarded)).toEqual([false, true, true, false, false, false, false, false, false, true]);
			expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		} finally {
			watch.stop();
		}
		expect(watch.seen.posts).toBe(10);
		expect(watch.seen.maxInFlight).toBeGreaterThan(1); // other earners did overlap
		expect(watch.seen.maxSameEarner).toBe(1);
	});

	it('with "Skip", only the first of the same earner\'s items is output', async () => {
		const items = [{ email: 'once@example.org' }, ...earners(3), { email: 'ONCE@example.org' }];
		const result = await run(withConcurrency(issue({ ifAlreadyAwarded: 'skip' }), 4), items);
		expect(result.items.map((item) => [item.json.email, item.pairedItem])).toEqual([
			['once@example.org', { item: 0 }],
			['earner0@example.org', { item: 1 }],
			['earner1@example.org', { item: 2 }],
			['earner2@example.org', { item: 3 }],
		]);
	});

	it('Continue On Fail: failed items become error items in their place and every other item is awarded', async () => {
		const items = [...earners(3), { email: 'bad-address' }, ...earners(2, 'more'), { email: 'refused@example.org' }, ...earners(3, 'last')];
		server.failNext({ status: 500, body: { message: 'ER_LOCK_WAIT_TIMEOUT' }, match: (req) => req.body.includes('refused@example.org') });
		const result = await run(withConcurrency(issue(), 4), items, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(result.items[3].json.error).toMatch(/"Earner Email" is not an email address: "bad-address"/);
		expect(result.items[6].json).toMatchObject({ httpCode: '500' });
		const good = items.filter((_, index) => index !== 3 && index !== 6);
		expect(good.map((item) => awarded(item.email))).toEqual(good.map(() => true));
		expect(awarded('refused@example.org')).toBe(false);
	});

	it('without Continue On Fail: the failed item is named, later items already sent are listed, no more are sent', async () => {
		const items = earners(10);
		// The refusal comes at once while the writes before and after it wait for the database.
		server.failNext({ status: 500, body: { message: 'ER_LOCK_WAIT_TIMEOUT' }, match: (req) => req.body.includes('earner1@') });
		const result = await run(withConcurrency(issue(), 3), items);
		const error = errorOf(result);
		expect(error.context?.itemIndex).toBe(1);
		expect(error.description).toMatch(/With Concurrency 3, later items were already sent and succeeded: item 2\./);
		expect(items.map((item) => awarded(item.email))).toEqual([true, false, true, false, false, false, false, false, false, false]);
	});

	it('stops sending when the execution is cancelled', async () => {
		const cancel = new AbortController();
		const abortOnThird = () => {
			if (server.requests.length === 3) cancel.abort();
		};
		server.httpServer.on('request', abortOnThird);
		try {
			const result = await run(withConcurrency(issue(), 2), earners(20), { abortSignal: cancel.signal });
			expect(errorOf(result).message).toMatch(/cancelled|canceled|aborted/i);
		} finally {
			server.httpServer.off('request', abortOnThird);
		}
		expect(server.requests.length).toBeLessThanOrEqual(4);
		expect(earners(20).filter((item) => awarded(item.email)).length).toBeLessThanOrEqual(4);
	});

	it('refuses a Concurrency that is not a whole number from 1 to 100, naming the option', async () => {
		const result = await run(withConcurrency(issue(), 0), earners(2));
		expect(errorOf(result).message).toMatch(/Concurrency must be a whole number from 1 to 100 \(got 0\)/);
		expect(server.requests).toHaveLength(0);
	});
});

describe('Revoke with Concurrency', () => {
	it('revokes at most N at a time, in input order', async () => {
		const items = earners(9);
		for (const item of items)
			server.store.addInstance({ badgeId: badgeId(), email: item.email, slug: item.email.replace(/\W/g, ''), issuedOn: new Date() });
		const result = await run(withConcurrency(params('revoke', 'system', { email: '={{ $json.email }}' }), 3), items);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.email)).toEqual(items.map((item) => item.email));
		expect(server.maxInFlight).toBe(3);
		expect(items.some((item) => awarded(item.email))).toBe(false);
	});
});

describe('Mark Processed with Concurrency', () => {
	it('marks at most N applications at a time, in input order; the same application (case ignored) one after another', async () => {
		const demo = server.store.findSystem('demo')!;
		const assessed = server.store.findBadge(demo.id, 'assessed-demo')!;
		const slugs = Array.from({ length: 6 }, (_, n) => `bulk-application-${n}`);
		for (const slug of slugs)
			server.store.addApplication({ slug, badgeId: assessed.id, systemId: demo.id, learner: `${slug}@example.org`, created: new Date() });
		const items = [...slugs, 'BULK-APPLICATION-0'].map((slug) => ({ slug }));
		const puts: Array<{ slug: string; at: 'start' | 'end' }> = [];
		const listener = (req: IncomingMessage, res: ServerResponse) => {
			if (req.method !== 'PUT') return;
			const slug = decodeURIComponent(String(req.url).split('/').pop()!).toLowerCase();
			puts.push({ slug, at: 'start' });
			res.once('close', () => puts.push({ slug, at: 'end' }));
		};
		server.httpServer.on('request', listener);
		try {
			const parameters = badgeOperationParameters('application', { system: 'assessed-demo', issuer: 'issuer-demo', program: 'program-demo' })(
				'markProcessed',
				'system',
				{ applicationSlug: '={{ $json.slug }}' },
			);
			const result = await run(withConcurrency(parameters, 3), items);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => String(item.json.slug).toLowerCase())).toEqual(items.map((item) => item.slug.toLowerCase()));
			expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		} finally {
			server.httpServer.off('request', listener);
		}
		expect(server.maxInFlight).toBe(3);
		expect(slugs.every((slug) => server.store.findApplication(slug)?.processed)).toBe(true);
		// The second item for bulk-application-0 started only after the first had ended.
		const starts = puts.flatMap((put, index) => (put.slug === 'bulk-application-0' && put.at === 'start' ? [index] : []));
		const firstEnd = puts.findIndex((put) => put.slug === 'bulk-application-0' && put.at === 'end');
		expect(starts).toHaveLength(2);
		expect(firstEnd).toBeGreaterThan(starts[0]);
		expect(starts[1]).toBeGreaterThan(firstEnd);
	});
});

describe('the Concurrency option in the editor', () => {
	// n8n's own rule for what a panel shows: an option of the Options collection, with the node's parameters as root.
	const node = new BadgeKit();
	const options = node.description.properties.find((property) => property.name === 'requestOptions')!;
	const concurrency = (options.options as INodeProperties[]).find((option) => option.name === 'concurrency')!;
	const shown = (resource: string, operation: string) =>
		NodeHelpers.displayParameter({}, concurrency, { typeVersion: 1.1 }, node.description, { resource, operation });

	it('is shown for exactly the operations whose items it runs at the same time', () => {
		const allOperations = node.description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as INodePropertyOptions[]).flatMap((option) =>
					(property.displayOptions?.show?.resource as string[]).map((resource) => [resource, String(option.value)] as const),
				),
			);
		const shownFor = allOperations
			.filter(([resource, operation]) => shown(resource, operation))
			.map(([resource, operation]) => `${resource}.${operation}`);
		const concurrent = Object.entries(concurrentOperations()).flatMap(([resource, operations]) =>
			operations.map((operation) => `${resource}.${operation}`),
		);
		expect(shownFor.sort()).toEqual(concurrent.sort());
		expect(concurrent.sort()).toEqual(['application.markProcessed', 'badgeInstance.issue', 'badgeInstance.revoke']);
	});
});

describe('runBounded', () => {
	it('starts items in input order, at most `limit` at once, items sharing a key one after another', async () => {
		const log: string[] = [];
		let running = 0;
		let most = 0;
		const gates = new Map<number, () => void>();
		const keys = ['a', 'b', 'a', 'c', 'd', 'a'];
		const outcomes = runBounded(
			keys.length,
			async (index) => {
				running++;
				most = Math.max(most, running);
				log.push(`start ${index}`);
				await new Promise<void>((resolve) => gates.set(index, resolve));
				running--;
				return index * 10;
			},
			{ limit: 3, keysOf: (index) => [keys[index]], stopOnError: true },
		);
		const settle = () => new Promise((resolve) => setImmediate(resolve));
		await settle();
		expect(log).toEqual(['start 0', 'start 1', 'start 3']); // 2 waits for 0 (key a)
		gates.get(0)!();
		await settle();
		expect(log.slice(3)).toEqual(['start 4']); // item 2 joins the queue for a slot once 0 ended
		gates.get(1)!();
		await settle();
		expect(log.slice(4)).toEqual(['start 2']);
		gates.get(3)!();
		gates.get(4)!();
		await settle();
		expect(log).toHaveLength(5); // 5 waits for 2 (key a), though slots are free
		gates.get(2)!();
		await settle();
		expect(log.slice(5)).toEqual(['start 5']);
		gates.get(5)!();
		expect((await outcomes).map((outcome) => outcome.value)).toEqual([0, 10, 20, 30, 40, 50]);
		expect(most).toBe(3);
	});

	it('starts nothing more after a failure with stopOnError, but lets the items at work end', async () => {
		const outcomes = await runBounded(
			6,
			async (index) => {
				if (index === 1) throw new Error('no');
				await new Promise((resolve) => setImmediate(resolve));
				return index;
			},
			{ limit: 2, stopOnError: true },
		);
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['done', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
	});
});
