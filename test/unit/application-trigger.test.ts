import { NodeApiError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { BadgeKitApplicationTrigger } from '../../nodes/BadgeKit/BadgeKitApplicationTrigger.node';
import type { ApplicationRow, BadgeKitServer } from '../../sandbox';
import { badgeKitCredentials, runListSearch, runPoll, type RunPollResult } from '../helpers/n8nContext';

// The BadgeKit Application Trigger in a real n8n-core PollContext, against the BadgeKit-compatible
// test server: each assertion is checked against what the server's store holds.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBadgeKitServer } = require('../../sandbox') as typeof import('../../sandbox');

const MASTER = 'trigger-test-master-secret';
const ALL_EVENTS = ['newApplication', 'applicationAssigned', 'reviewOverdue', 'applicationProcessed'];
const slug = (value: string) => ({ __rl: true, mode: 'slug', value });

let server: BadgeKitServer;
let systemId: number;

beforeAll(async () => {
	server = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo' });
});
afterAll(async () => await server.close());
beforeEach(() => {
	server.reset('demo');
	systemId = server.store.findSystem('demo')!.id;
});

const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
let counter = 0;

/** An application as BadgeKit's POST would store it (created now, unprocessed). */
function addApplication(badgeSlug = 'assessed-demo', fields: Partial<ApplicationRow> = {}): ApplicationRow {
	const badge = server.store.findBadge(systemId, badgeSlug)!;
	counter++;
	const add = server.store.addApplication as (fields: object) => ApplicationRow;
	return add.call(server.store, {
		slug: `test-application-${counter}-${Date.now()}`,
		badgeId: badge.id,
		learner: `earner${counter}@example.org`,
		created: seconds(Date.now()),
		systemId: badge.systemId,
		issuerId: badge.issuerId,
		programId: badge.programId,
		...fields,
	});
}

/** The trigger as n8n runs it: successive polls sharing the node's static data. */
class Trigger {
	staticData: IDataObject = {};

	constructor(readonly parameters: INodeParameters = {}) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<RunPollResult> {
		const result = await runPoll(
			new BadgeKitApplicationTrigger(),
			{ events: ALL_EVENTS, system: slug('demo'), ...this.parameters },
			{ credentials: badgeKitCredentials(server.url, MASTER), staticData: this.staticData, mode },
		);
		this.staticData = result.staticData;
		return result;
	}

	/** Polls and returns "event:id" per item; fails the test on a poll error. */
	async events(): Promise<string[]> {
		const result = await this.poll();
		if (result.error) throw result.error;
		return result.items.map((item) => `${item.json.event}:${item.json.id}`);
	}
}

const applicationRequests = () => server.requests.filter((request) => request.url.includes('/applications'));

describe('BadgeKit Application Trigger', () => {
	it('emits nothing on the first poll and records the existing applications', async () => {
		addApplication('assessed-demo', { assignedTo: 'rev@example.org', assignedExpiration: seconds(Date.now() - 60_000) });
		addApplication('assessed-demo', { processed: seconds(Date.now()) });
		expect(server.store.applications.size).toBe(3); // the demo seed has one already

		const trigger = new Trigger();
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		expect(first.outputs).toBeNull();
		expect(first.staticData.applicationState).toMatchObject({ version: 2, total: 3, highs: [Math.max(...server.store.applications.keys())] });
		expect(await trigger.events()).toEqual([]);
		// it asked for processed applications in the ways real BadgeKit answers (`true` gives a 500)
		expect(applicationRequests().every((request) => /processed=(any|false)/.test(request.url))).toBe(true);
	});

	it('emits each event exactly once, with the application, its badge and the convenience fields', async () => {
		const trigger = new Trigger();
		expect(await trigger.events()).toEqual([]);

		const application = addApplication();
		const [created] = (await trigger.poll()).items;
		expect(created.json).toMatchObject({
			event: 'newApplication',
			id: application.id,
			slug: application.slug,
			learner: application.learner,
			earnerEmail: application.learner,
			badgeSlug: 'assessed-demo',
			badgeName: server.store.findBadge(systemId, 'assessed-demo')!.name,
			issuedAt: null,
			created: application.created.toISOString(),
			processed: null,
			assignedTo: null,
			badge: { slug: 'assessed-demo', criteria: expect.any(Array) },
		});
		expect(await trigger.events()).toEqual([]);

		application.assignedTo = 'reviewer@example.org';
		application.assignedExpiration = seconds(Date.now() + 3_600_000);
		const [assigned] = (await trigger.poll()).items;
		expect(assigned.json).toMatchObject({ event: 'applicationAssigned', id: application.id, assignedTo: 'reviewer@example.org' });
		expect(await trigger.events()).toEqual([]);

		application.assignedExpiration = seconds(Date.now() - 1000);
		const [overdue] = (await trigger.poll()).items;
		expect(overdue.json).toMatchObject({
			event: 'reviewOverdue',
			id: application.id,
			assignedExpiration: application.assignedExpiration.toISOString(),
		});
		expect(await trigger.events()).toEqual([]);

		application.processed = seconds(Date.now());
		const [processed] = (await trigger.poll()).items;
		expect(processed.json).toMatchObject({ event: 'applicationProcessed', id: application.id, processed: application.processed.toISOString() });
		expect(await trigger.events()).toEqual([]);
		expect(await trigger.events()).toEqual([]);
	});

	it('emits only the chosen events, yet keeps track of everything', async () => {
		const trigger = new Trigger({ events: ['applicationProcessed'] });
		await trigger.events();
		const application = addApplication('assessed-demo', { assignedTo: 'rev@example.org' });
		expect(await trigger.events()).toEqual([]);
		application.processed = seconds(Date.now());
		expect(await trigger.events()).toEqual([`applicationProcessed:${application.id}`]);
	});

	it('reads every page: applications spread over several pages, new ones between existing ones', async () => {
		const badges = ['assessed-demo', 'direct-demo', 'support-a-demo', 'milestone-demo'];
		for (let i = 0; i < 240; i++) addApplication(badges[i % badges.length]);
		const trigger = new Trigger();
		server.requests.length = 0;
		expect(await trigger.events()).toEqual([]);
		// 241 applications, 100 a page
		expect(applicationRequests().map((request) => new URL(request.url, server.url).searchParams.get('page'))).toEqual(['1', '2', '3']);

		// BadgeKit sorts by badge, then date: new applications of the first badges land on page 1
		const added = Array.from({ length: 130 }, (_, i) => addApplication(badges[i % badges.length]));
		const some = [...server.store.applications.values()].filter((a) => a.id % 37 === 0 && !added.includes(a));
		for (const a of some) a.processed = seconds(Date.now());

		const events = await trigger.events();
		const expected = [
			...some.map((a) => ({ id: a.id, event: `applicationProcessed:${a.id}` })),
			...added.map((a) => ({ id: a.id, event: `newApplication:${a.id}` })),
		]
			.sort((x, y) => x.id - y.id)
			.map((x) => x.event);
		expect(events).toEqual(expected);
		expect(events.filter((e) => e.startsWith('newApplication'))).toHaveLength(130);
		expect(await trigger.events()).toEqual([]);
	});

	describe('a failed poll raises a clear error, changes nothing, and the next poll catches up', () => {
		async function failThenCatchUp(fail: () => void, expectError: (error: Error) => void, parameters: INodeParameters = {}) {
			const trigger = new Trigger(parameters);
			for (let i = 0; i < 150; i++) addApplication(i % 2 ? 'assessed-demo' : 'direct-demo');
			await trigger.events();
			const stateBefore = JSON.stringify(trigger.staticData);

			const assigned = [...server.store.applications.values()][10];
			assigned.assignedTo = 'late-reviewer@example.org';
			const created = addApplication();
			fail();
			const failed = await trigger.poll();
			expect(failed.error).toBeInstanceOf(NodeApiError);
			expectError(failed.error!);
			expect(failed.outputs).toBeNull();
			expect(JSON.stringify(failed.staticData)).toBe(stateBefore);

			// meanwhile, more happens
			created.processed = seconds(Date.now());
			expect(await trigger.events()).toEqual([
				`applicationAssigned:${assigned.id}`,
				`newApplication:${created.id}`,
				`applicationProcessed:${created.id}`,
			]);
			expect(await trigger.events()).toEqual([]);
		}

		// The exact wording comes from the transport's error mapping; in n8n 1.x (this harness) n8n-core's
		// NodeApiError does not keep the HTTP response, so it is checked loosely here: a BadgeKit error,
		// that says the next check catches up.
		const clearError = (error: Error) => {
			expect(error.message).toMatch(/BadgeKit/);
			expect((error as NodeApiError).description).toMatch(/No event is lost: the next check reports everything that happened meanwhile\.$/);
		};

		it('server error on the second page', async () => {
			await failThenCatchUp(() => server.failNext({ status: 500, match: (request) => request.url.includes('page=2') }), clearError);
			// the first page had been read successfully: a half-read list is not used
			const log = applicationRequests().map((request) => `${request.status} ${new URL(request.url, server.url).searchParams.get('page')}`);
			expect(log.join(', ')).toContain('200 1, 500 2, 200 1, 200 2');
		});

		it('403 (refused credentials)', async () => {
			await failThenCatchUp(() => server.failNext({ status: 403, body: { code: 'NotAuthorized', message: 'Invalid token' } }), clearError);
		});

		it('timeout (BadgeKit never answers)', async () => {
			const started = Date.now();
			await failThenCatchUp(() => server.hangNext(), clearError, { options: { timeout: 1 } });
			// the node's Timeout option is used (the default is 30 s)
			expect(Date.now() - started).toBeLessThan(15_000);
		});

		it('server down', async () => {
			const trigger = new Trigger();
			await trigger.events();
			const stateBefore = JSON.stringify(trigger.staticData);
			const down = await runPoll(
				new BadgeKitApplicationTrigger(),
				{ events: ALL_EVENTS, system: slug('demo') },
				{ credentials: badgeKitCredentials('http://127.0.0.1:1', MASTER), staticData: trigger.staticData },
			);
			expect(down.error).toBeInstanceOf(NodeApiError);
			expect(down.error!.message).toBe('Could not reach BadgeKit at http://127.0.0.1:1');
			expect((down.error as NodeApiError).description).toMatch(/No event is lost/);
			expect(JSON.stringify(down.staticData)).toBe(stateBefore);
		});
	});

	it('watches only the chosen issuer, program or badge', async () => {
		const issuerTrigger = new Trigger({ issuer: slug('demo-issuer') });
		const badgeTrigger = new Trigger({ badge: slug('direct-demo') });
		const programTrigger = new Trigger({ issuer: slug('demo-issuer'), program: slug('demo-program') });
		for (const trigger of [issuerTrigger, badgeTrigger, programTrigger]) expect(await trigger.events()).toEqual([]);

		const direct = addApplication('direct-demo');
		const ofIssuer = addApplication('issuer-demo');
		const ofProgram = addApplication('program-demo');
		addApplication('assessed-demo');

		expect(await issuerTrigger.events()).toEqual([`newApplication:${ofIssuer.id}`, `newApplication:${ofProgram.id}`]);
		expect(await badgeTrigger.events()).toEqual([`newApplication:${direct.id}`]);
		expect(await programTrigger.events()).toEqual([`newApplication:${ofProgram.id}`]);
		expect(applicationRequests().map((request) => new URL(request.url, server.url).pathname)).toEqual(
			expect.arrayContaining([
				'/systems/demo/issuers/demo-issuer/applications',
				'/systems/demo/badges/direct-demo/applications',
				'/systems/demo/issuers/demo-issuer/programs/demo-program/applications',
			]),
		);
	});

	it('starts over silently when the scope changes', async () => {
		const trigger = new Trigger();
		await trigger.events();
		addApplication('issuer-demo');
		const narrowed = new Trigger({ issuer: slug('demo-issuer') });
		narrowed.staticData = trigger.staticData;
		expect(await narrowed.events()).toEqual([]);
	});

	it('"Fetch Test Event" returns the most recent application and leaves the memory alone', async () => {
		const trigger = new Trigger({ events: ['applicationAssigned', 'reviewOverdue'] });
		await trigger.events();
		const stateBefore = JSON.stringify(trigger.staticData);
		addApplication('assessed-demo', { created: seconds(Date.now() + 5000) });
		const latest = addApplication('direct-demo', { created: seconds(Date.now() + 10_000) });
		addApplication('support-a-demo', { created: seconds(Date.now() - 10_000) });

		const result = await trigger.poll('manual');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			event: 'applicationAssigned',
			id: latest.id,
			earnerEmail: latest.learner,
			badgeSlug: 'direct-demo',
		});
		expect(JSON.stringify(trigger.staticData)).toBe(stateBefore);
		// the active workflow still gets its events
		const active = new Trigger();
		active.staticData = trigger.staticData;
		expect(await active.events()).toHaveLength(3);
	});

	it('"Fetch Test Event" with nothing open shows the last application listed, in three requests', async () => {
		addApplication('direct-demo', { processed: seconds(Date.now() - 5000) });
		const processed = addApplication('direct-demo', { processed: seconds(Date.now()) });
		server.requests.length = 0;
		const result = await new Trigger({ badge: slug('direct-demo') }).poll('manual');
		expect(result.items.map((item) => item.json.id)).toEqual([processed.id]);
		expect(applicationRequests().map((request) => request.url.split('?')[1])).toEqual([
			'processed=false&page=1&count=100',
			'processed=any&page=1&count=1',
			'processed=any&page=2&count=1',
		]);
	});

	it('"Fetch Test Event" explains when there is no application yet', async () => {
		const result = await new Trigger({ badge: slug('direct-demo') }).poll('manual');
		expect(result.error?.message).toBe('No applications found');
	});

	it('lists systems, issuers, programs and badges to pick from', async () => {
		const credentials = badgeKitCredentials(server.url, MASTER);
		const systems = await runListSearch(new BadgeKitApplicationTrigger(), 'searchSystems', {}, { credentials });
		expect(systems.results.map((r) => r.value)).toContain('demo');
		const badges = await runListSearch(new BadgeKitApplicationTrigger(), 'searchBadges', { system: slug('demo') }, { credentials });
		expect(badges.results.map((r) => r.value)).toContain('assessed-demo');
	});
});

// What a poll costs, counted at the server: ⌈O/100⌉ + 2 at most for a quiet poll whatever the
// history, a few requests more per changed application. The test server orders lists like BadgeKit
// (badge, then creation date) and counts them exactly.
describe('cost per poll', () => {
	jest.setTimeout(60_000);
	const badges = ['assessed-demo', 'direct-demo', 'issuer-demo', 'support-a-demo', 'support-b-demo', 'milestone-demo', 'program-demo'];
	const past = (seconds: number) => new Date(Math.floor(Date.now() / 1000 - seconds) * 1000);

	/** `processed` applications spread over the badges, created over the last days, plus `open` open ones. */
	function history(processed: number, open: number): void {
		for (let i = 0; i < processed; i++) {
			addApplication(badges[i % badges.length], { created: past(3 * 86_400 - i), processed: past(86_400) });
		}
		for (let i = 0; i < open; i++) addApplication(badges[(i * 3) % badges.length], { created: past(3600 - i) });
	}

	/** The requests of one poll, as "page,count,processed" for lists and "one" for single reads. */
	async function measured(trigger: Trigger): Promise<{ events: string[]; requests: string[] }> {
		server.requests.length = 0;
		const events = await trigger.events();
		const requests = server.requests.map((request) => {
			const url = new URL(request.url, server.url);
			if (!url.pathname.endsWith('/applications')) return `one ${request.status}`;
			const query = url.searchParams;
			return `${query.get('processed')} ${query.get('page')}/${query.get('count')}`;
		});
		return { events, requests };
	}

	const quietCost = (open: number) => Math.ceil(open / 100) + 2;

	it('a quiet poll reads the open list and one count, whatever the history', async () => {
		for (const [processed, open] of [
			[0, 0],
			[300, 20],
			[3000, 20],
			[3000, 250],
		]) {
			server.reset('demo');
			history(processed, open);
			const trigger = new Trigger();
			await trigger.events();
			const O = open + 1; // the demo seed's open application
			const { events, requests } = await measured(trigger);
			expect(events).toEqual([]);
			expect(requests.length).toBeLessThanOrEqual(quietCost(O));
			expect(requests).toEqual([...Array.from({ length: Math.ceil(O / 100) }, (_, i) => `false ${i + 1}/100`), 'any 1/1']);
		}
	});

	it('the first poll reads the history once; restarts keep the state (JSON in static data)', async () => {
		history(450, 5);
		const trigger = new Trigger();
		const first = await measured(trigger);
		expect(first.requests).toEqual(['any 1/100', 'any 2/100', 'any 3/100', 'any 4/100', 'any 5/100']);
		// n8n stores static data as JSON: a restart hands back a parsed copy
		trigger.staticData = JSON.parse(JSON.stringify(trigger.staticData));
		const created = addApplication('support-b-demo');
		const { events, requests } = await measured(trigger);
		expect(events).toEqual([`newApplication:${created.id}`]);
		expect(requests).toEqual(['false 1/100', 'any 1/1']);
		const state = trigger.staticData.applicationState as { open: unknown[]; blocks: unknown[]; total: number };
		expect(state.total).toBe(server.store.applications.size);
		expect(state.open).toHaveLength(7);
		expect(JSON.stringify(state).length).toBeLessThan(1500);
	});

	it('new open applications cost nothing more; an application processed costs one read', async () => {
		history(2000, 20);
		const trigger = new Trigger();
		await trigger.events();

		const created = addApplication('direct-demo', { assignedTo: 'reviewer@example.org' });
		let poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${created.id}`, `applicationAssigned:${created.id}`]);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1']);

		created.processed = seconds(Date.now());
		poll = await measured(trigger);
		expect(poll.events).toEqual([`applicationProcessed:${created.id}`]);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1', 'one 200']);

		poll = await measured(trigger);
		expect(poll.events).toEqual([]);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('an application deleted while open is forgotten silently (one read: 404)', async () => {
		history(1000, 3);
		const trigger = new Trigger();
		await trigger.events();
		const doomed = [...server.store.applications.values()].find((a) => a.processed === null && a.badgeId !== 2)!;
		server.store.deleteApplication(doomed);
		let poll = await measured(trigger);
		expect(poll.events).toEqual([]);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1', 'one 404']);
		poll = await measured(trigger);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1']);
		// and the count still adds up: the next new application is found without a search
		const created = addApplication('assessed-demo');
		created.processed = seconds(Date.now());
		poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${created.id}`, `applicationProcessed:${created.id}`]);
	});

	it('an application created AND processed between two polls counts as new and as processed (one badge: the last window)', async () => {
		history(3000, 20);
		const trigger = new Trigger({ badge: slug('direct-demo') });
		await trigger.events();
		const created = addApplication('direct-demo', { assignedTo: 'reviewer@example.org' });
		created.processed = seconds(Date.now());
		const poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${created.id}`, `applicationAssigned:${created.id}`, `applicationProcessed:${created.id}`]);
		expect(poll.requests.slice(0, 2)).toEqual(['false 1/100', 'any 1/1']);
		expect(poll.requests.length).toBeLessThanOrEqual(quietCost(20) + 2);
		expect((await measured(trigger)).requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('… and across badges, found by bisecting the badge blocks (a few windows, not the history)', async () => {
		history(3000, 20);
		const trigger = new Trigger();
		await trigger.events();
		for (const badge of badges) {
			const created = addApplication(badge);
			created.processed = seconds(Date.now());
			const poll = await measured(trigger);
			expect(poll.events).toEqual([`newApplication:${created.id}`, `applicationProcessed:${created.id}`]);
			// 7 badge blocks: at most the last window and ⌈log2 8⌉ more
			expect(poll.requests.length).toBeLessThanOrEqual(quietCost(21) + 4);
			expect(poll.requests.filter((r) => r.endsWith('/100'))).toEqual(['false 1/100']);
		}
		// several at once, in different badges, with open ones and processed ones mixed
		const batch = [addApplication('direct-demo'), addApplication('support-b-demo'), addApplication('support-b-demo'), addApplication('program-demo')];
		for (const application of batch.slice(0, 3)) application.processed = seconds(Date.now());
		const poll = await measured(trigger);
		expect(poll.events).toEqual([
			`newApplication:${batch[0].id}`,
			`applicationProcessed:${batch[0].id}`,
			`newApplication:${batch[1].id}`,
			`applicationProcessed:${batch[1].id}`,
			`newApplication:${batch[2].id}`,
			`applicationProcessed:${batch[2].id}`,
			`newApplication:${batch[3].id}`,
		]);
		expect(poll.requests.length).toBeLessThanOrEqual(quietCost(22) + 3 * 4);
		expect((await measured(trigger)).requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('a new application of a badge that had none yet, before every other block, is found too', async () => {
		history(500, 2);
		const trigger = new Trigger();
		await trigger.events();
		// direct-demo has the lowest badge id: empty its block, then start over
		const first = [...server.store.applications.values()].filter((a) => a.badgeId === server.store.findBadge(systemId, 'direct-demo')!.id);
		for (const a of first) server.store.deleteApplication(a);
		const rebuilt = new Trigger();
		await rebuilt.events();
		const created = addApplication('direct-demo');
		created.processed = seconds(Date.now());
		const poll = await measured(rebuilt);
		expect(poll.events).toEqual([`newApplication:${created.id}`, `applicationProcessed:${created.id}`]);
		expect(poll.requests.length).toBeLessThanOrEqual(quietCost(3) + 4);
	});

	it('a new application sorted before older ones of the same second (ties) is still found; far out of place, by one full read', async () => {
		history(1000, 5);
		const trigger = new Trigger({ badge: slug('support-a-demo') });
		await trigger.events();
		const last = [...server.store.applications.values()].filter((a) => a.badgeId === server.store.findBadge(systemId, 'support-a-demo')!.id);
		// BadgeKit does not define the order of equal `created` values: here the new one sorts 3 before the end
		const tie = addApplication('support-a-demo', { created: new Date(last[last.length - 3].created.getTime() - 1), processed: seconds(Date.now()) });
		let poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${tie.id}`, `applicationProcessed:${tie.id}`]);
		expect(poll.requests.length).toBeLessThanOrEqual(quietCost(1) + 2);

		// a clock that went back a day: in the middle of the block, only a full read finds it
		const odd = addApplication('support-a-demo', { created: past(3 * 86_400 - 500), processed: seconds(Date.now()) });
		poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${odd.id}`, `applicationProcessed:${odd.id}`]);
		expect(poll.requests.filter((r) => r.endsWith('/100')).length).toBeGreaterThan(1);
		expect((await measured(trigger)).requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('processed applications deleted from the history: one full read recounts, no false events', async () => {
		history(600, 4);
		const trigger = new Trigger();
		await trigger.events();
		const processed = [...server.store.applications.values()].filter((a) => a.processed !== null);
		for (const a of processed.slice(100, 110)) server.store.deleteApplication(a);
		const created = addApplication('issuer-demo');
		let poll = await measured(trigger);
		expect(poll.events).toEqual([`newApplication:${created.id}`]);
		expect(poll.requests.length).toBe(2 + Math.ceil(server.store.applications.size / 100));
		poll = await measured(trigger);
		expect(poll.requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('a badge renamed while an application is open: the application is still followed (one full read)', async () => {
		history(300, 2);
		const trigger = new Trigger();
		await trigger.events();
		const badge = server.store.findBadge(systemId, 'assessed-demo')!;
		server.store.updateBadge(badge, { slug: 'assessed-renamed' });
		const seed = server.store.findApplication('demo-application-1')!;
		seed.processed = seconds(Date.now());
		const poll = await measured(trigger);
		expect(poll.events).toEqual([`applicationProcessed:${seed.id}`]);
		expect(poll.requests).toContain('one 404');
		expect((await measured(trigger)).requests).toEqual(['false 1/100', 'any 1/1']);
	});

	it('a poll that fails while searching changes nothing; the next one reports it once', async () => {
		history(1000, 3);
		const trigger = new Trigger();
		await trigger.events();
		const before = JSON.stringify(trigger.staticData);
		const created = addApplication('support-b-demo');
		created.processed = seconds(Date.now());
		server.failNext({
			status: 500,
			match: (request) => request.url.includes('processed=any') && !request.url.includes('count=1&') && !request.url.endsWith('count=1'),
		});
		const failed = await trigger.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(JSON.stringify(failed.staticData)).toBe(before);
		expect(await trigger.events()).toEqual([`newApplication:${created.id}`, `applicationProcessed:${created.id}`]);
		expect(await trigger.events()).toEqual([]);
	});
});
