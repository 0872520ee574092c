/**
 * The last n8n 1.x release: the package still loads (every node and credential it declares) and its
 * trigger verifies a real BadgeKit delivery — accepted once, with its item; forged and replayed
 * copies refused; its webhook credential test runs; the combined example (trigger 1.2 with its
 * Refused output, Switch on event) handles an award, a review and a revoke from the sandbox, and a
 * burst of forgeries (combinedExample.ts, shared with the 2.x examples suite). Runs on the pinned
 * Node 24 from the n8n cache, like every n8n here (n8n 1.x supports Node 20.19–24), never on the
 * system Node.
 */
import { spawnSync } from 'node:child_process';
import { FIXTURE_SECRET, loadDeliveries } from '../helpers/fixtures';
import {
	N8N_1X_VERSION,
	SETUP_TIMEOUT_MS,
	badgeKitTriggerWorkflow,
	executionSummary,
	loadedPackageNodes,
	nodeOutput,
	packageTypes,
	sleep,
	startEnvironment,
	type CreatedWorkflow,
	type Environment,
} from './harness';
import { combinedExampleSuite } from './combinedExample';
import { credentialTester } from './credentialTest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signWebhook } = require('../../sandbox');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { N8N_NODE_VERSION } = require('../../tooling/n8n.js');

const TRIGGER = 'BadgeKit Trigger';

describe(`n8n ${N8N_1X_VERSION} (the last 1.x release)`, () => {
	let env: Environment;
	let workflow: CreatedWorkflow;
	let url: string;

	beforeAll(async () => {
		env = await startEnvironment({ version: N8N_1X_VERSION, sandbox: true, smtp: true });
		workflow = await env.importWorkflow(
			badgeKitTriggerWorkflow('BadgeKit on n8n 1.x (e2e)', '0c1d2e3f-1111-4222-8333-944455566601', { typeVersion: 1 }),
			{ activate: true },
		);
		url = env.webhookUrl(workflow, TRIGGER);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	it('runs the expected n8n version', async () => {
		expect(env.n8n.install.version).toBe(N8N_1X_VERSION);
		const settings = (await env.client.rest('GET', '/settings')).json().data;
		expect(settings.versionCli).toBe(N8N_1X_VERSION);
	});

	it('runs on the pinned Node from the cache, not on the system Node', () => {
		const { node } = env.n8n.install;
		expect(node).not.toBe(process.execPath);
		expect(spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${N8N_NODE_VERSION}`);
		// the running n8n process itself
		const command = spawnSync('ps', ['-o', 'args=', '-p', String(env.n8n.pid)], { encoding: 'utf8' }).stdout.trim();
		expect(command.startsWith(node + ' ')).toBe(true);
	});

	it('loads every node and credential of the package', async () => {
		const expected = packageTypes();
		const { nodes, tools } = await loadedPackageNodes(env.client);
		const credentials = await env.client.loadedTypes('credentials');
		expect(nodes).toEqual(expected.nodes);
		// n8n also offers the action node to AI agents as a tool.
		expect(tools).toEqual(['n8n-nodes-badgekit.badgeKitTool']);
		expect(credentials.filter((c) => expected.credentials.includes(c)).sort()).toEqual(expected.credentials);
	});

	it("tests the BadgeKit Webhook credential with the trigger's check (testedBy)", async () => {
		const tested = await credentialTester(env.client, 'badgeKitWebhookApi', { secret: FIXTURE_SECRET });
		const testCredential = (secret: string) => tested({ secret });
		expect(await testCredential(FIXTURE_SECRET)).toMatchObject({ status: 'OK' });
		expect(await testCredential(`${FIXTURE_SECRET}\n`)).toEqual({ status: 'Error', message: expect.stringMatching(/space or a line break/) });
	});

	it('accepts a captured delivery once, with its item', async () => {
		const delivery = loadDeliveries().find((d) => d.name === '003-award')!;
		const res = await env.post(url, delivery.body, delivery.headers);
		expect(res.status).toBe(200);
		const [execution] = await env.client.waitForExecutions(workflow.id, 1);
		expect(executionSummary(execution)).toMatchObject({ status: 'success', error: null });
		expect(nodeOutput(execution, TRIGGER)).toEqual([
			{
				...JSON.parse(delivery.body.toString('utf8')),
				event: 'award',
				earnerEmail: 'alice@example.com',
				badgeSlug: 'direct-demo',
				badgeName: 'Badge direct-demo',
				issuedAt: new Date(1795867792 * 1000).toISOString(),
			},
		]);

		// The non-ASCII delivery (latin1 body hash) too.
		const unicode = loadDeliveries().find((d) => d.name === '016-award')!;
		expect((await env.post(url, unicode.body, unicode.headers)).status).toBe(200);
		const executions = await env.client.waitForExecutions(workflow.id, 2);
		expect(nodeOutput(executions[1], TRIGGER)![0].badgeName).toBe('Café ☕ badge');
	});

	it('refuses forged, tampered and replayed deliveries and starts nothing for them', async () => {
		const delivery = loadDeliveries().find((d) => d.name === '003-award')!;
		const body = delivery.body.toString('utf8').replace(/"uid":"[0-9a-f]+"/, '"uid":"1x00000000000000000000000000000000000001"');

		const wrongSecret = await env.post(url, body, { 'content-type': 'application/json', authorization: signWebhook(body, 'not-the-webhook-secret') });
		expect(wrongSecret.status).toBe(403);
		const tampered = await env.post(url, delivery.body.toString('utf8').replace('alice@', 'mallory@'), delivery.headers);
		expect(tampered.status).toBe(403);
		const replayed = await env.post(url, delivery.body, delivery.headers);
		expect(replayed.status).toBe(403);
		const unsigned = await env.post(url, body, { 'content-type': 'application/json' });
		expect(unsigned.status).toBe(401);

		await sleep(1500);
		expect(await env.client.executions(workflow.id)).toHaveLength(2);

		// …while a genuine one still runs.
		const genuine = await env.post(url, body, { 'content-type': 'application/json', authorization: signWebhook(body, FIXTURE_SECRET) });
		expect(genuine.status).toBe(200);
		expect(await env.client.waitForExecutions(workflow.id, 3)).toHaveLength(3);
	});

	describe('the combined example (all events, Refused output)', () => {
		combinedExampleSuite(() => env);
	});
});
