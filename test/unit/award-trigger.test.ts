import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BadgeKitApplicationTrigger } from '../../nodes/BadgeKit/BadgeKitApplicationTrigger.node';
import { webhookDeliveryItem } from '../../nodes/BadgeKit/fields/triggerItem';
import type { BadgeKitServer } from '../../sandbox';
import { badgeKitCredentials, runPoll, type RunPollResult } from '../helpers/n8nContext';

// The trigger's Badge Awarded / Badge Revoked events in a real n8n-core PollContext against the
// BadgeKit sandbox: awards made through BadgeKit's API are reported once, as the same item the
// BadgeKit Trigger makes of the webhook BadgeKit sends for them.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBadgeKitServer } = require('../../sandbox') as typeof import('../../sandbox');

const MASTER = 'award-trigger-test-master-secret';
const slug = (value: string) => ({ __rl: true, mode: 'slug', value });

// Polls over HTTP on a shared, loaded machine: more than jest's default 5 s.
jest.setTimeout(30_000);

let server: BadgeKitServer;

beforeAll(async () => {
	server = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo' });
});
afterAll(async () => await server.close());
beforeEach(() => {
	server.reset('demo');
	// Nobody listens there: the deliveries are recorded with their bodies, which is all these tests need.
	server.setWebhook('demo', { url: 'http://127.0.0.1:9/hook', secret: 'unused' });
});

/** A signed request to the sandbox, as any BadgeKit client sends it. */
const bk = (method: string, path: string, body?: unknown) => server.asMaster(method, path, body);

const award = async (badge: string, email: string) =>
	expect((await bk('POST', `/systems/demo/badges/${badge}/instances`, { email })).status).toBe(201);
const bulk = async (badge: string, emails: string[]) =>
	expect((await bk('POST', `/systems/demo/badges/${badge}/instances/bulk`, { emails })).status).toBe(201);
const revoke = async (badge: string, email: string) =>
	expect((await bk('DELETE', `/systems/demo/badges/${badge}/instances/${email}`)).status).toBe(200);

class Trigger {
	staticData: IDataObject = {};
	constructor(readonly parameters: INodeParameters = {}) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<RunPollResult> {
		const result = await runPoll(
			new BadgeKitApplicationTrigger(),
			{ events: ['award'], system: slug('demo'), ...this.parameters },
			{ credentials: badgeKitCredentials(server.url, MASTER), staticData: this.staticData, mode },
		);
		this.staticData = result.staticData;
		if (result.error) throw result.error;
		return result;
	}

	async events(): Promise<string[]> {
		return (await this.poll()).items.map((item) => `${item.json.event} ${item.json.email}`);
	}
}

/** The BadgeKit Trigger's item for each webhook BadgeKit sent so far, by uid. */
async function webhookItems(): Promise<Map<string, IDataObject>> {
	await server.webhooksIdle();
	const bodies = server.deliveries.map((delivery) => JSON.parse(String(delivery.body)) as IDataObject);
	return new Map(bodies.map((body) => [String(body.uid), webhookDeliveryItem(body)]));
}

describe('BadgeKit Awards & Applications Trigger: awards', () => {
	it('records on the first poll, then reports each award once as the BadgeKit Trigger item for it (minus the comment)', async () => {
		await award('direct-demo', 'before@example.org');
		const trigger = new Trigger();
		expect(await trigger.events()).toEqual([]);

		await bk('POST', '/systems/demo/badges/direct-demo/instances', { email: 'alice@example.org', comment: 'Well done' });
		const [item] = (await trigger.poll()).items;
		const fromWebhook = (await webhookItems()).get(String(item.json.uid))!;
		const { comment, ...withoutComment } = fromWebhook;
		expect(comment).toBe('Well done');
		expect(item.json).toEqual(withoutComment);
		expect(item.json).toMatchObject({ event: 'award', earnerEmail: 'alice@example.org', badgeSlug: 'direct-demo', badgeName: expect.any(String) });
		expect(item.json.issuedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
		expect(await trigger.events()).toEqual([]);
	});

	it('watches every badge of the system, archived ones included, and makes no application request', async () => {
		const trigger = new Trigger();
		await trigger.events();
		server.requests.length = 0;
		await award('archived-demo', 'archived@example.org');
		await award('program-demo', 'program@example.org');
		expect((await trigger.events()).sort()).toEqual(['award archived@example.org', 'award program@example.org']);
		expect(server.requests.filter((r) => r.url.includes('/applications'))).toEqual([]);
		expect(server.requests.filter((r) => r.url.startsWith('/systems/demo/badges?'))[0].url).toBe('/systems/demo/badges?archived=any');
	});

	it('a quiet poll asks once for the badges and once per badge, whatever the number of awards', async () => {
		const emails = Array.from({ length: 450 }, (_, i) => `earner${i}@example.org`);
		await bulk('direct-demo', emails);
		const trigger = new Trigger();
		await trigger.events();
		const badges = [...server.store.badges.values()].filter((b) => b.systemId === server.store.findSystem('demo')!.id).length;
		server.requests.length = 0;
		expect(await trigger.events()).toEqual([]);
		expect(server.requests).toHaveLength(badges + 1);
		// a bulk of 60: about one page more
		server.requests.length = 0;
		await bulk(
			'direct-demo',
			Array.from({ length: 60 }, (_, i) => `bulk${i}@example.org`),
		);
		server.requests.length = 0;
		const events = await trigger.events();
		expect(events).toHaveLength(60);
		expect(new Set(events).size).toBe(60);
		expect(server.requests).toHaveLength(badges + 2);
	});

	it('a milestone award names the milestone badge (the webhook names the support badge)', async () => {
		const trigger = new Trigger();
		await trigger.events();
		await award('support-a-demo', 'milestone@example.org');
		await award('support-b-demo', 'milestone@example.org');
		const items = (await trigger.poll()).items.map((item) => item.json);
		expect(items.map((item) => item.badgeSlug).sort()).toEqual(['milestone-demo', 'support-a-demo', 'support-b-demo']);
		const milestone = items.find((item) => item.badgeSlug === 'milestone-demo')!;
		expect((await webhookItems()).get(String(milestone.uid))).toMatchObject({ badgeSlug: 'support-b-demo', assertionUrl: milestone.assertionUrl });
	});

	it('reports revokes when chosen, as the BadgeKit Trigger item for the revoke webhook', async () => {
		await award('direct-demo', 'keep@example.org');
		await award('direct-demo', 'lose@example.org');
		const trigger = new Trigger({ events: ['award', 'revoke'] });
		await trigger.events();
		await revoke('direct-demo', 'lose@example.org');
		await award('direct-demo', 'new@example.org');
		const items = (await trigger.poll()).items.map((item) => item.json);
		expect(items.map((item) => `${item.event} ${item.email}`)).toEqual(['revoke lose@example.org', 'award new@example.org']);
		await server.webhooksIdle();
		const revokeBody = JSON.parse(String(server.deliveries.find((d) => d.action === 'revoke')!.body)) as IDataObject;
		expect(items[0]).toMatchObject({ ...webhookDeliveryItem(revokeBody), badge: expect.objectContaining({ slug: 'direct-demo' }) });
		expect(await trigger.events()).toEqual([]);
	});

	it('reports the awards of a badge created after activation', async () => {
		const trigger = new Trigger();
		await trigger.events();
		const created = await bk('POST', '/systems/demo/badges', {
			name: 'New Badge',
			earnerDescription: 'e',
			consumerDescription: 'c',
			criteriaUrl: 'https://example.org/criteria',
			unique: 0,
			type: 'badge',
			image: 'https://example.org/badge.png',
		});
		expect(created.status).toBe(201);
		const newSlug = String((created.json.badge as IDataObject).slug);
		await award(newSlug, 'first@example.org');
		expect(await trigger.events()).toEqual(['award first@example.org']);
	});

	it('example 4 runs as imported: its pinned item has exactly the fields the trigger outputs for an award', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('../../examples/04-never-miss-an-award.json');
		const trigger = workflow.nodes.find((n: IDataObject) => n.type === 'n8n-nodes-badgekit.badgeKitApplicationTrigger');
		expect(trigger.parameters.events).toEqual(['award']);
		const [pinned] = workflow.pinData[trigger.name].map((item: IDataObject) => item.json);
		const poller = new Trigger(trigger.parameters);
		await poller.events();
		await award('direct-demo', 'pinned@example.org');
		const [real] = (await poller.poll()).items.map((item) => item.json);
		expect(Object.keys(pinned).sort()).toEqual(Object.keys(real).sort());
		expect(Object.keys(pinned.badge).sort()).toEqual(Object.keys(real.badge as IDataObject).sort());
		expect(pinned).toMatchObject({ event: 'award', action: 'award', badgeSlug: 'direct-demo', earnerEmail: pinned.email });
		expect(pinned.issuedAt).toBe(new Date(pinned.issuedOn * 1000).toISOString());
		expect(pinned.assertionUrl.endsWith(`/public/assertions/${pinned.uid}`)).toBe(true);
	});

	it('"Fetch Test Event" shows the latest award and leaves the memory alone', async () => {
		await award('direct-demo', 'sample@example.org');
		const trigger = new Trigger();
		const sample = await trigger.poll('manual');
		expect(sample.items.map((item) => item.json)).toEqual([expect.objectContaining({ event: 'award', email: 'sample@example.org' })]);
		expect(trigger.staticData).toEqual({});
	});
});
