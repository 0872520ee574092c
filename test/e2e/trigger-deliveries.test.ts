/**
 * The BadgeKit Trigger in a real n8n: every captured BadgeKit delivery (test/fixtures/webhooks),
 * posted byte for byte with its original headers to an active workflow, starts exactly one execution
 * whose item is the delivery plus the convenience fields; forged, tampered and replayed deliveries
 * are refused with 401/403 and start nothing.
 */
import { createHash } from 'crypto';

import { CAPTURED_DELIVERIES, FIXTURE_SECRET, loadDeliveries, type Delivery } from '../helpers/fixtures';
import {
	SETUP_TIMEOUT_MS,
	badgeKitTriggerWorkflow,
	executionSummary,
	nodeOutput,
	sleep,
	startEnvironment,
	type CreatedWorkflow,
	type Environment,
} from './harness';
import { credentialTester } from './credentialTest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signWebhook } = require('../../sandbox');

const TRIGGER = 'BadgeKit Trigger';
const deliveries = loadDeliveries();
const award = () => deliveries.find((d) => d.name === '003-award')!;

/** What the trigger must output for a delivery body: the body plus the convenience fields. */
function expectedItem(body: any): object {
	if (body.action === 'review') {
		return {
			...body,
			event: 'review',
			earnerEmail: body.application.learner,
			badgeSlug: body.application.badge.slug,
			badgeName: body.application.badge.name,
			issuedAt: null,
		};
	}
	return {
		...body,
		event: body.action,
		earnerEmail: body.email,
		badgeSlug: body.badge.slug,
		badgeName: body.badge.name,
		issuedAt: typeof body.issuedOn === 'number' ? new Date(body.issuedOn * 1000).toISOString() : null,
	};
}

function base64url(value: object): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('BadgeKit Trigger in a real n8n: captured deliveries', () => {
	let env: Environment;
	let workflow: CreatedWorkflow;
	let url: string;
	let accepted = 0;

	beforeAll(async () => {
		env = await startEnvironment();
		workflow = await env.importWorkflow(
			badgeKitTriggerWorkflow('BadgeKit deliveries (e2e)', '6a0f8a52-6d0e-4d43-9d1f-1f0e2a7d5a01', { typeVersion: 1 }),
			{ activate: true },
		);
		url = env.webhookUrl(workflow, TRIGGER);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	it('has all the captured deliveries', () => {
		expect(deliveries.map((d) => d.name)).toEqual(CAPTURED_DELIVERIES);
	});

	it.each(deliveries.map((d) => [d.name, d] as [string, Delivery]))(
		'%s starts exactly one execution with the expected item',
		async (_name, delivery) => {
			const res = await env.post(url, delivery.body, delivery.headers);
			expect(res.status).toBe(200);
			accepted++;

			const executions = await env.client.waitForExecutions(workflow.id, accepted);
			expect(executions).toHaveLength(accepted);
			const execution = executions[accepted - 1];
			expect(executionSummary(execution)).toMatchObject({ status: 'success', error: null });
			const items = nodeOutput(execution, TRIGGER);
			expect(items).toHaveLength(1);
			expect(items![0]).toEqual(expectedItem(JSON.parse(delivery.body.toString('utf8'))));
		},
	);

	it('keeps the exact strings of a non-ASCII delivery (016: latin1 body hash)', async () => {
		const executions = await env.client.executions(workflow.id);
		const items = executions.map((e) => nodeOutput(e, TRIGGER)![0]);
		const unicode = items.find((item) => item.badgeSlug === 'unicode-demo');
		expect(unicode.badgeName).toBe('Café ☕ badge');
	});

	it("tests the BadgeKit Webhook credential with the trigger's check (n8n finds it by testedBy)", async () => {
		// n8n tests a credential by id, with the data as typed in the editor.
		const tested = await credentialTester(env.client, 'badgeKitWebhookApi', { secret: FIXTURE_SECRET });
		const testCredential = (secret: string) => tested({ secret });
		expect(await testCredential(FIXTURE_SECRET)).toEqual({ status: 'OK', message: expect.stringMatching(/no way to check it/) });
		expect(await testCredential(`${FIXTURE_SECRET} `)).toEqual({ status: 'Error', message: expect.stringMatching(/space or a line break/) });
		expect(await testCredential(award().authorization)).toEqual({ status: 'Error', message: expect.stringMatching(/looks like a token/) });
	});

	describe('refused deliveries start no execution', () => {
		const award = deliveries.find((d) => d.name === '003-award')!;
		const fresh = (uid: string): string => award.body.toString('utf8').replace(/"uid":"[0-9a-f]+"/, `"uid":"${uid}"`);

		const forged: Array<[string, () => { body: Buffer | string; headers: Record<string, string> }, number[]]> = [
			[
				'signed with another secret',
				() => {
					const body = fresh('0000000000000000000000000000000000000001');
					return { body, headers: { 'content-type': 'application/json', authorization: signWebhook(body, 'not-the-webhook-secret') } };
				},
				[403],
			],
			[
				'one byte of the body changed',
				() => {
					const body = Buffer.from(award.body);
					const at = body.indexOf('alice@example.com');
					body[at] = 'A'.charCodeAt(0);
					return { body, headers: award.headers };
				},
				[403],
			],
			['replayed (already accepted)', () => ({ body: award.body, headers: award.headers }), [403]],
			['no Authorization header', () => ({ body: award.body, headers: { 'content-type': 'application/json' } }), [401]],
			[
				'an unsigned token (alg: none)',
				() => {
					const body = fresh('0000000000000000000000000000000000000002');
					const hash = createHash('sha256').update(body, 'latin1').digest('hex');
					const token = `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url({ body: { alg: 'sha256', hash } })}.`;
					return { body, headers: { 'content-type': 'application/json', authorization: `JWT token="${token}"` } };
				},
				[401, 403],
			],
			[
				'a token signed with the secret but for another body',
				() => {
					const body = fresh('0000000000000000000000000000000000000003');
					return { body, headers: { 'content-type': 'application/json', authorization: signWebhook(award.body.toString('utf8'), FIXTURE_SECRET) } };
				},
				[403],
			],
			[
				"a Bearer token instead of BadgeKit's scheme",
				() => {
					const token = /token="([^"]+)"/.exec(award.authorization)![1];
					return { body: award.body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } };
				},
				[401],
			],
		];

		it.each(forged)('%s → refused', async (_name, make, statuses) => {
			const { body, headers } = make();
			const res = await env.post(url, body, headers);
			expect(statuses).toContain(res.status);
			expect(typeof res.json().error).toBe('string');
		});

		it('started no execution for any of them, while a genuine new delivery still runs', async () => {
			// Let n8n store anything it might have started.
			await sleep(1500);
			expect(await env.client.executions(workflow.id)).toHaveLength(accepted);

			const body = fresh('0000000000000000000000000000000000000004');
			const res = await env.post(url, body, { 'content-type': 'application/json', authorization: signWebhook(body, FIXTURE_SECRET) });
			expect(res.status).toBe(200);
			const executions = await env.client.waitForExecutions(workflow.id, accepted + 1);
			expect(nodeOutput(executions[accepted], TRIGGER)![0].uid).toBe('0000000000000000000000000000000000000004');
			await sleep(1000);
			expect(await env.client.executions(workflow.id)).toHaveLength(accepted + 1);
		});
	});
});
