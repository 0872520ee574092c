import { createHash } from 'crypto';
import { sign } from 'jsonwebtoken';

import { BadgeKitTrigger } from '../../nodes/BadgeKit/BadgeKitTrigger.node';
import { REGISTRATION_SQL } from '../../nodes/BadgeKit/webhook/registration';
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

	it('the webhook lifecycle registers nothing anywhere (BadgeKit has no API for webhooks): create only logs the registration SQL with the Production URL, never the secret', async () => {
		const hooks = trigger.webhookMethods.default;
		expect(await hooks.checkExists.call(untouchable as never)).toBe(false);
		expect(await hooks.delete.call(untouchable as never)).toBe(true);
		const lines: string[] = [];
		const url = "http://n8n.example.org/webhook/0b7f1a5e-4e0c/webhook?o'k";
		const activation = {
			getNodeWebhookUrl: (name: string) => (name === 'default' ? url : undefined),
			getNode: () => ({ name: 'Badge awarded' }),
			logger: { info: (line: string) => lines.push(line) },
			getCredentials: () => {
				throw new Error('the secret is not needed here');
			},
		};
		expect(await hooks.create.call(activation as never)).toBe(true);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('Badge awarded');
		expect(lines[0]).toContain(REGISTRATION_SQL.replace("'PRODUCTION_URL'", "'http://n8n.example.org/webhook/0b7f1a5e-4e0c/webhook?o''k'"));
		expect(lines[0]).toContain("'WEBHOOK_SECRET'");
	});
});

describe('BadgeKit Trigger: refusals are logged, and reported on the opt-in Refused output (version 1.2)', () => {
	let harness: WebhookHarness;
	afterEach(async () => {
		jest.restoreAllMocks();
		await harness?.close();
	});
	const start = async (typeVersion: number, parameters: object = {}) => {
		harness = await startWebhookHarness({
			nodeType: new BadgeKitTrigger(),
			typeVersion,
			parameters: { events: ['review', 'award', 'revoke'], ...parameters },
			credentials,
		});
		return harness;
	};
	const award = () => byName('003-award');
	const forge = (uid: string) => {
		const body = award()
			.body.toString('utf8')
			.replace(/"uid":"[0-9a-f]+"/, `"uid":"${uid}"`);
		return [body, signedHeaders(body, 'guessed-secret')] as const;
	};
	let clock = Date.parse('2026-12-03T09:00:00Z');
	const at = (ms: number) => {
		clock = ms;
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
	};

	it('version 1.2 is the default, 1 and 1.1 stay; the Refused output exists only in 1.2, as an opt-in second output', () => {
		const { description } = new BadgeKitTrigger();
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
		const option = description.properties.find((p) => p.name === 'refusedOutput')!;
		expect(option).toMatchObject({ type: 'boolean', default: false, displayOptions: { show: { '@version': [{ _cnd: { gte: 1.2 } }] } } });
		expect(description.outputs).toEqual(expect.stringContaining('$parameter["refusedOutput"]'));
		expect(description.outputs).toEqual(expect.stringContaining('"Refused"'));
	});

	it('a burst of forgeries: every caller gets 403, the Refused output runs once at once, and the next refusal a minute later reports the rest of the burst with the count', async () => {
		const started = Date.parse('2026-12-03T09:00:00Z');
		at(started);
		await start(1.2, { refusedOutput: true });
		for (let i = 0; i < 5; i++) {
			const [body, headers] = forge(`00000000000000000000000000000000000000a${i}`);
			clock = started + i * 1000;
			const response = await harness.post(body, headers);
			expect(response.status).toBe(403);
			expect(JSON.parse(response.body)).toEqual({ error: 'Invalid token signature' });
		}
		expect(harness.executions).toHaveLength(0);
		expect(harness.refusedRuns).toEqual([
			[
				{
					reason: 'Invalid token signature',
					status: 403,
					refusedAt: new Date(started).toISOString(),
					count: 1,
					firstRefusedAt: new Date(started).toISOString(),
					event: 'award',
					systemSlug: 'harness-demo',
					badgeSlug: 'direct-demo',
				},
			],
		]);

		// No timer reports the tail: the next refusal, a minute after the last report, does.
		clock = started + 61_000;
		const unsigned = await harness.post(award().body, { 'content-type': 'application/json' });
		expect(unsigned.status).toBe(401);
		expect(harness.refusedRuns).toHaveLength(2);
		expect(harness.refusedRuns[1]).toEqual([
			expect.objectContaining({
				reason: 'Missing Authorization header',
				status: 401,
				count: 5,
				firstRefusedAt: new Date(started + 1000).toISOString(),
			}),
		]);

		// A genuine delivery still runs the main output only.
		expect((await post(award())).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.refusedRuns).toHaveLength(2);
		const post2 = () => post(award());
		expect((await post2()).status).toBe(403); // the replay is a refusal too
		clock = started + 122_000;
		expect((await post2()).status).toBe(403);
		expect(harness.refusedRuns[2]).toEqual([expect.objectContaining({ reason: 'Delivery already received', count: 2, event: 'award' })]);
		expect(harness.executions).toHaveLength(1);
	});
	const post = (delivery: Delivery) => harness.post(delivery.body, delivery.headers);

	it('logs every refusal at warn level with the reason and what the body names, rate-limited per reason, never the secret or the token', async () => {
		const started = Date.parse('2026-12-03T10:00:00Z');
		at(started);
		await start(1.1);
		for (let i = 0; i < 3; i++) expect((await harness.post(...forge(`00000000000000000000000000000000000000b${i}`))).status).toBe(403);
		expect((await harness.post(award().body, { 'content-type': 'application/json' })).status).toBe(401);
		const warnings = () => harness.logs.filter((l) => l.level === 'warn').map((l) => l.message);
		expect(warnings()).toHaveLength(2);
		expect(warnings()[0]).toMatch(
			/refused a delivery with 403: Invalid token signature\..*event "award", system "harness-demo", badge "direct-demo".*secret/,
		);
		expect(warnings()[1]).toMatch(/401: Missing Authorization header/);

		clock = started + 60_000;
		expect((await harness.post(...forge('00000000000000000000000000000000000000b9'))).status).toBe(403);
		expect(warnings()).toHaveLength(3);
		expect(warnings()[2]).toMatch(/2 more refused for this reason since the last such line/);

		const everything = harness.logs.map((l) => l.message).join('\n');
		expect(everything).not.toContain(FIXTURE_SECRET);
		expect(everything).not.toContain('guessed-secret');
		expect(everything).not.toContain(award().authorization.split('.')[1]);
		// Version 1.1 has no Refused output, whatever its parameters say.
		expect(harness.refusedRuns).toHaveLength(0);
	});

	it('cuts and cleans what it takes from an unverified body', async () => {
		at(Date.parse('2026-12-03T11:00:00Z'));
		await start(1.2, { refusedOutput: true });
		const body = JSON.stringify({ action: 'award\u001b[31m\nFAKE LOG LINE', badge: { slug: 'x'.repeat(500), system: { slug: 'demo\u202e' } } });
		expect((await harness.post(body, signedHeaders(body, 'guessed-secret'))).status).toBe(403);
		const [[item]] = harness.refusedRuns;
		expect(item.event).toBe('award?[31m?FAKE LOG LINE');
		expect(item.systemSlug).toBe('demo?');
		expect(String(item.badgeSlug)).toHaveLength(65);
		const [line] = harness.logs.filter((l) => l.level === 'warn').map((l) => l.message);
		expect(line).not.toMatch(/[\n\u001b\u202e]/);
		expect(line).not.toContain('x'.repeat(65));
	});

	it('with the Refused output off (1.2 by default), refusals run nothing; a refused non-JSON body names nothing', async () => {
		at(Date.parse('2026-12-03T12:00:00Z'));
		await start(1.2);
		expect((await harness.post('not json', signedHeaders('not json'))).status).toBe(400);
		expect((await harness.post(...forge('00000000000000000000000000000000000000c1'))).status).toBe(403);
		expect(harness.refusedRuns).toHaveLength(0);
		expect(harness.executions).toHaveLength(0);
		expect(harness.logs.filter((l) => l.level === 'warn')[0].message).toMatch(/400: Body is not JSON\.$/);
	});
});

describe('BadgeKit Trigger: the registration SQL it shows, run in a BadgeKit-like database', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createBadgeKitServer, signRequest } = require('../../sandbox');
	let server: any;
	const receivers: WebhookHarness[] = [];
	beforeAll(async () => {
		server = await createBadgeKitServer({ seed: 'demo', masterSecret: 'master-secret' });
	});
	afterAll(async () => {
		for (const receiver of receivers) await receiver.close();
		await server.close();
	});

	const receiver = async () => {
		const harness = await startWebhookHarness({ nodeType: new BadgeKitTrigger(), parameters: { events: ['award'] }, credentials });
		receivers.push(harness);
		return harness;
	};
	const sqlFor = (url: string) =>
		new BadgeKitTrigger().description.properties
			.find((p) => p.name === 'registrationSql')!
			.displayName.replace('PRODUCTION_URL', url)
			.replace('WEBHOOK_SECRET', FIXTURE_SECRET)
			.replace(/SYSTEM_SLUG/g, 'demo');
	const awardTo = async (email: string) => {
		const path = '/systems/demo/badges/direct-demo/instances';
		const text = JSON.stringify({ email });
		const res = await fetch(server.url + path, {
			method: 'POST',
			body: text,
			headers: {
				'content-type': 'application/json',
				authorization: signRequest('POST', path, text, 'master-secret'),
			},
		});
		expect(res.status).toBe(201);
		await server.webhooksIdle();
	};

	it('the notice names the placeholders, points to the Production URL, and the SQL replaces the rows in one transaction', () => {
		const { properties } = new BadgeKitTrigger().description;
		const notice = properties.find((p) => p.name === 'registrationNotice')!.displayName;
		expect(notice).toMatch(/Production URL/);
		expect(notice).toMatch(/PRODUCTION_URL, WEBHOOK_SECRET and SYSTEM_SLUG/);
		const sql = properties.find((p) => p.name === 'registrationSql')!.displayName;
		expect(sql).toMatch(/^START TRANSACTION; DELETE FROM webhooks .*; INSERT INTO webhooks .*; COMMIT;$/);
	});

	it('like BadgeKit, a second plain INSERT for the system is never called: the first row gets the award', async () => {
		server.reset();
		const [old, renewed] = [await receiver(), await receiver()];
		server.addWebhook('demo', { url: old.url, secret: FIXTURE_SECRET });
		server.addWebhook('demo', { url: renewed.url, secret: FIXTURE_SECRET });
		await awardTo('first@example.com');
		expect([old.executions.length, renewed.executions.length]).toEqual([1, 0]);
	});

	it("the trigger's SQL run twice (an old URL, then a new one) sends the award to the new URL only, and is safe to run again", async () => {
		server.reset();
		const [old, renewed] = [await receiver(), await receiver()];
		server.addWebhook('demo', { url: old.url, secret: FIXTURE_SECRET }); // e.g. an earlier plain INSERT
		server.runSql(sqlFor(old.url));
		server.runSql(sqlFor(renewed.url));
		expect(server.runSql(sqlFor(renewed.url)).map((r: { rows: number }) => r.rows)).toEqual([0, 1, 1, 0]);
		const demo = server.store.findSystem('demo');
		expect(server.store.webhookFor(demo.id)).toMatchObject({ url: renewed.url, secret: FIXTURE_SECRET });
		expect([...server.store.webhooks.values()]).toHaveLength(1);
		await awardTo('second@example.com');
		expect([old.executions.length, renewed.executions.length]).toEqual([0, 1]);
		expect(renewed.executions[0][0]).toMatchObject({ event: 'award', earnerEmail: 'second@example.com' });
	});
});

describe('the example workflows', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const fs = require('fs');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const path = require('path');
	const dir = path.join(__dirname, '../../examples');
	const examples: Array<[string, any]> = fs
		.readdirSync(dir)
		.filter((f: string) => f.endsWith('.json'))
		.map((f: string) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))] as [string, any]);
	const { webhookDeliveryItem } = jest.requireActual('../../nodes/BadgeKit/fields/triggerItem');
	const captured = Object.fromEntries(deliveries.map((d) => [d.name, webhookDeliveryItem(JSON.parse(d.body.toString('utf8')))]));

	// Example 4 starts with the polling trigger instead (its pinned data: test/unit/award-trigger.test.ts).
	const webhookExamples = examples.filter(([, workflow]) => workflow.nodes.some((n: any) => n.type === 'n8n-nodes-badgekit.badgeKitTrigger'));

	it('are the combined one, the three single-event ones and the award catch-up by polling', () => {
		expect(examples.map(([f]) => f)).toEqual([
			'00-all-badgekit-events.json',
			'01-badge-awarded-email.json',
			'02-review-issue-or-explain.json',
			'03-badge-revoked.json',
			'04-never-miss-an-award.json',
		]);
		expect(webhookExamples.map(([f]) => f)).toHaveLength(4);
	});

	it.each(webhookExamples)('%s: its trigger carries pinned sample data that are real deliveries as the trigger outputs them', (_file, workflow) => {
		const trigger = workflow.nodes.find((n: any) => n.type === 'n8n-nodes-badgekit.badgeKitTrigger');
		const pinned = workflow.pinData[trigger.name].map((item: any) => item.json);
		expect(pinned.length).toBeGreaterThan(0);
		for (const item of pinned) expect(Object.values(captured)).toContainEqual(item);
		expect(new Set(pinned.map((item: any) => item.event))).toEqual(new Set(trigger.parameters.events));
	});

	it.each(examples)("%s: no email or award comment uses the reviewer's address", (_file, workflow) => {
		for (const node of workflow.nodes) {
			const text = JSON.stringify(node.parameters);
			expect(text).not.toMatch(/review\.author|\.author\b/);
		}
	});

	it('the combined example listens to every event and switches on event to award, review and revoke branches, with the Refused output on', () => {
		const [, workflow] = examples[0];
		const trigger = workflow.nodes.find((n: any) => n.type === 'n8n-nodes-badgekit.badgeKitTrigger');
		expect(trigger).toMatchObject({ typeVersion: 1.2, parameters: { events: ['award', 'review', 'revoke'], refusedOutput: true } });
		const switchNode = workflow.nodes.find((n: any) => n.type === 'n8n-nodes-base.switch');
		expect(switchNode.parameters.rules.values.map((r: any) => r.outputKey)).toEqual(['award', 'review', 'revoke']);
		expect(workflow.connections[trigger.name].main[0]).toEqual([{ node: switchNode.name, type: 'main', index: 0 }]);
		expect(workflow.connections[trigger.name].main[1]).toHaveLength(1);
		expect(workflow.connections[switchNode.name].main).toHaveLength(3);
	});
});
