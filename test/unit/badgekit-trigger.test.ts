import { createHash } from 'crypto';
import { sign } from 'jsonwebtoken';

import { BadgeKitTrigger } from '../../nodes/BadgeKit/BadgeKitTrigger.node';
import { FIXTURE_SECRET, loadDeliveries, type Delivery } from '../helpers/fixtures';
import { startWebhookHarness, type WebhookHarness } from '../helpers/webhookHarness';

const deliveries = loadDeliveries();
const byName = (name: string) => deliveries.find((delivery) => delivery.name === name)!;
const credentials = { badgeKitWebhookApi: { secret: FIXTURE_SECRET } };

function signedHeaders(body: Buffer | string, secret = FIXTURE_SECRET): Record<string, string> {
	const hash = createHash('sha256').update(body).digest('hex');
	const token = sign({ body: { alg: 'sha256', hash } }, secret, { algorithm: 'HS256', header: { typ: 'JWT', alg: 'HS256' }, noTimestamp: true });
	return { 'content-type': 'application/json', authorization: `JWT token="${token}"` };
}

// What each captured delivery must produce, read off the fixture files by hand.
const expectedFields: Record<string, object> = {
	'001-review': {
		event: 'review',
		earnerEmail: 'learner@example.com',
		badgeSlug: 'assessed-demo',
		badgeName: 'Badge assessed-demo',
		issuedAt: null,
		approved: true,
	},
	'002-review': {
		event: 'review',
		earnerEmail: 'learner@example.com',
		badgeSlug: 'assessed-demo',
		badgeName: 'Badge assessed-demo',
		issuedAt: null,
		approved: false,
	},
	'003-award': {
		event: 'award',
		earnerEmail: 'alice@example.com',
		badgeSlug: 'direct-demo',
		badgeName: 'Badge direct-demo',
		issuedAt: new Date(1795867792 * 1000).toISOString(),
		issuedOn: 1795867792,
	},
	'005-award': { event: 'award', earnerEmail: 'iso@example.com', badgeSlug: 'direct-demo', badgeName: 'Badge direct-demo', issuedAt: null },
	'007-award': {
		event: 'award',
		earnerEmail: 'bob@example.com',
		badgeSlug: 'direct-demo',
		issuedAt: new Date(1795867800 * 1000).toISOString(),
		comment: 'bulk',
	},
	'013-award': {
		event: 'award',
		earnerEmail: 'gina@example.com',
		badgeSlug: 'ms-support2-demo',
		issuedAt: new Date(1795867818 * 1000).toISOString(),
	},
	'016-award': { event: 'award', earnerEmail: 'uni@example.com', badgeSlug: 'unicode-demo', badgeName: 'Café ☕ badge' },
	'017-revoke': {
		event: 'revoke',
		earnerEmail: 'alice@example.com',
		badgeSlug: 'direct-demo',
		badgeName: 'Badge direct-demo',
		issuedAt: null,
		uid: '9e4b94300f66fe0388f8f84b1ae1b549f8437a86',
	},
};

describe('BadgeKit Trigger node', () => {
	let harness: WebhookHarness;
	afterEach(async () => await harness?.close());

	const start = async (parameters: object = {}, extra: object = {}) => {
		harness = await startWebhookHarness({
			nodeType: new BadgeKitTrigger(),
			parameters: { events: ['review', 'award', 'revoke'], ...parameters },
			credentials,
			...extra,
		});
		return harness;
	};
	const post = (delivery: Delivery) => harness.post(delivery.body, delivery.headers);

	it('covers every captured delivery', () => {
		expect(deliveries.map((delivery) => delivery.name).sort()).toEqual(Object.keys(expectedFields).sort());
	});

	it.each(deliveries.map((delivery) => [delivery.name, delivery]))('accepts %s with exactly 200 and emits one item', async (name, delivery) => {
		await start();
		const response = await post(delivery);
		expect(response.status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0]).toHaveLength(1);
		const item = harness.executions[0][0];
		expect(item).toMatchObject(JSON.parse(delivery.body.toString('utf8')));
		expect(item).toMatchObject(expectedFields[name]);
	});

	const refusals: Array<[string, (delivery: Delivery) => [Buffer | string, Record<string, string>], number]> = [
		['no header', (d) => [d.body, { 'content-type': 'application/json' }], 401],
		['a wrong scheme', (d) => [d.body, { ...d.headers, authorization: d.authorization.replace('JWT token=', 'Bearer ') }], 401],
		['a wrong secret', (d) => [d.body, signedHeaders(d.body, 'guessed-secret')], 403],
		['a tampered body', (d) => [Buffer.from(d.body.toString('latin1').replace('alice', 'malice'), 'latin1'), d.headers], 403],
		['a token from another delivery', (d) => [d.body, byName('017-revoke').headers], 403],
		['a non-JSON body', () => ['not json', signedHeaders('not json')], 400],
		['an empty body', () => ['', signedHeaders('')], 400],
		['a JSON array body', () => ['[]', signedHeaders('[]')], 400],
	];

	it.each(refusals)('refuses %s and starts nothing', async (_what, make, status) => {
		await start();
		const [body, headers] = make(byName('003-award'));
		const response = await harness.post(body, headers);
		expect(response.status).toBe(status);
		expect(JSON.parse(response.body).error).toEqual(expect.any(String));
		expect(response.body).not.toContain(FIXTURE_SECRET);
		expect(harness.executions).toHaveLength(0);
	});

	it('refuses a replayed delivery with 403 and starts nothing more', async () => {
		await start();
		expect((await post(byName('003-award'))).status).toBe(200);
		const replay = await post(byName('003-award'));
		expect(replay.status).toBe(403);
		expect(harness.executions).toHaveLength(1);
	});

	it('remembers accepted deliveries in static data, so a replay is refused after a restart', async () => {
		await start();
		expect((await post(byName('003-award'))).status).toBe(200);
		const staticData = JSON.parse(JSON.stringify(harness.workflow.staticData));
		expect(JSON.stringify(staticData)).not.toContain(byName('003-award').authorization.split('.')[2]);
		await harness.close();

		// A new process: the trigger module is loaded afresh, with only the saved static data.
		await jest.isolateModulesAsync(async () => {
			const { BadgeKitTrigger: FreshTrigger } = await import('../../nodes/BadgeKit/BadgeKitTrigger.node');
			harness = await startWebhookHarness({
				nodeType: new FreshTrigger(),
				parameters: { events: ['award'] },
				credentials,
				staticData,
				workflowId: String(harness.workflow.id),
			});
			expect((await post(byName('003-award'))).status).toBe(403);
			expect((await post(byName('007-award'))).status).toBe(200);
			expect(harness.executions).toHaveLength(1);
		});
	});

	it('with the replay window set to 0, accepts the same delivery again', async () => {
		await start({ options: { replayWindowHours: 0 } });
		expect((await post(byName('003-award'))).status).toBe(200);
		expect((await post(byName('003-award'))).status).toBe(200);
		expect(harness.executions).toHaveLength(2);
	});

	it('answers 200 to a signed delivery with an unknown action and starts nothing', async () => {
		await start();
		const body = JSON.stringify({ action: 'claim', email: 'a@example.com' });
		const response = await harness.post(body, signedHeaders(body));
		expect(response.status).toBe(200);
		expect(harness.executions).toHaveLength(0);
	});

	it('answers 200 to events that are not selected and starts nothing', async () => {
		await start({ events: ['award'] });
		expect((await post(byName('001-review'))).status).toBe(200);
		expect((await post(byName('017-revoke'))).status).toBe(200);
		expect(harness.executions).toHaveLength(0);
		expect((await post(byName('003-award'))).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
	});

	it('with "only approved reviews", starts for the approved review only', async () => {
		await start({ events: ['review'], onlyApproved: true });
		expect((await post(byName('002-review'))).status).toBe(200);
		expect(harness.executions).toHaveLength(0);
		expect((await post(byName('001-review'))).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0][0]).toMatchObject({ event: 'review', approved: true });
	});

	it('accepts a token with exp within the clock tolerance and refuses one beyond it', async () => {
		await start({ options: { clockToleranceSeconds: 60 } });
		const body = byName('003-award').body;
		const hash = createHash('sha256').update(body).digest('hex');
		const tokenFor = (exp: number) => sign({ body: { alg: 'sha256', hash }, exp }, FIXTURE_SECRET, { algorithm: 'HS256', noTimestamp: true });
		const now = Math.floor(Date.now() / 1000);
		expect((await harness.post(body, { 'content-type': 'application/json', authorization: `JWT token="${tokenFor(now - 120)}"` })).status).toBe(403);
		expect((await harness.post(body, { 'content-type': 'application/json', authorization: `JWT token="${tokenFor(now - 30)}"` })).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
	});
});

describe('BadgeKit Trigger: the webhook credential test and the webhook lifecycle', () => {
	const trigger = new BadgeKitTrigger();
	// Any use of n8n's helpers (a request, static data) would throw: these must not call anything.
	const untouchable = new Proxy(
		{},
		{
			get: (_target, key) => {
				throw new Error(`unexpected use of this.${String(key)}`);
			},
		},
	);

	it("the webhook credential is tested by the trigger's own check, which n8n finds by the testedBy name", async () => {
		const credential = trigger.description.credentials!.find((c) => c.name === 'badgeKitWebhookApi')!;
		expect(typeof credential.testedBy).toBe('string');
		const test = trigger.methods.credentialTest[credential.testedBy as 'badgeKitWebhookSecret'];
		const run = (secret: unknown) =>
			test.call(untouchable as never, { id: '1', name: 'BadgeKit Webhook', type: 'badgeKitWebhookApi', data: { secret } } as never);
		expect(await run(FIXTURE_SECRET)).toEqual({ status: 'OK', message: expect.stringMatching(/no way to check it/) });
		expect(await run('')).toEqual({ status: 'Error', message: expect.stringMatching(/empty/) });
		expect(await run(undefined)).toEqual({ status: 'Error', message: expect.stringMatching(/empty/) });
		expect(await run(`${FIXTURE_SECRET}\n`)).toEqual({ status: 'Error', message: expect.stringMatching(/line break/) });
		expect(await run(signedHeaders('{}').authorization)).toEqual({ status: 'Error', message: expect.stringMatching(/token/) });
	});

	it('the webhook lifecycle registers nothing anywhere (BadgeKit has no API for webhooks): n8n calls create, which does nothing', async () => {
		const hooks = trigger.webhookMethods.default;
		expect(await hooks.checkExists.call(untouchable as never)).toBe(false);
		expect(await hooks.create.call(untouchable as never)).toBe(true);
		expect(await hooks.delete.call(untouchable as never)).toBe(true);
	});
});
