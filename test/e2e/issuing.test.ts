/**
 * Badge Instance → Issue item by item in a real n8n (the npm pack tarball; n8n 2.x and 1.x), against a sandbox
 * whose writes take 200 ms: by default 8 awards are in flight at once, never more; the output keeps the
 * input order with each item's pairedItem; the same earner's items (any case) still go one after
 * another, so "If Already Awarded" returns the existing award; Concurrency 1 sends one at a time.
 */
import { DEFAULT_CONCURRENCY } from '../../nodes/BadgeKit/transport/options';
import {
	N8N_1X_VERSION,
	N8N_VERSION,
	SETUP_TIMEOUT_MS,
	executionSummary,
	startEnvironment,
	webhookWorkflow,
	type CreatedWorkflow,
	type Environment,
} from './harness';

function issueWorkflow(path: string, requestOptions: object): object {
	return webhookWorkflow(`Issue item by item (e2e, ${path})`, { path }, [
		{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.earners', options: {} } },
		{
			name: 'Award',
			type: 'n8n-nodes-badgekit.badgeKit',
			typeVersion: 1.1,
			parameters: {
				resource: 'badgeInstance',
				operation: 'issue',
				system: { __rl: true, mode: 'slug', value: 'demo' },
				badge: { __rl: true, mode: 'slug', value: 'direct-demo' },
				email: '={{ $json.email }}',
				ifAlreadyAwarded: 'returnExisting',
				requestOptions,
			},
			credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
		},
	]);
}

describe.each([N8N_VERSION, N8N_1X_VERSION])('Issue item by item with Concurrency in n8n %s', (version) => {
	let env: Environment;
	let byDefault: CreatedWorkflow;
	let oneByOne: CreatedWorkflow;

	beforeAll(async () => {
		env = await startEnvironment({ version, sandbox: true, sandboxLatency: { ms: 200, concurrency: 32 } });
		byDefault = await env.importWorkflow(issueWorkflow('e2e-issue-default', {}), { activate: true });
		oneByOne = await env.importWorkflow(issueWorkflow('e2e-issue-one-by-one', { concurrency: 1 }), { activate: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	const run = async (workflow: CreatedWorkflow, emails: string[]) => {
		env.sandbox!.reset();
		const res = await env.post(
			env.webhookUrl(workflow, 'Webhook', { isFullPath: true }),
			JSON.stringify({ earners: emails.map((email) => ({ email })) }),
			{
				'Content-Type': 'application/json',
			},
		);
		expect(res.status).toBe(200);
		const executions = await env.client.waitForExecutions(workflow.id, 1, { timeoutMs: 45_000 });
		const execution = executions[executions.length - 1];
		expect(executionSummary(execution)).toMatchObject({ status: 'success' });
		return (execution as any).data.resultData.runData.Award[0].data.main[0] as Array<{
			json: { email: string; alreadyAwarded: boolean };
			pairedItem: unknown;
		}>;
	};

	it(`sends ${DEFAULT_CONCURRENCY} at a time by default, in input order, the same earner one after another`, async () => {
		const emails = Array.from({ length: 20 }, (_, i) => `earner-${String(i).padStart(2, '0')}@example.org`);
		emails.splice(3, 0, 'twice@example.org');
		emails.splice(12, 0, 'TWICE@example.org');
		const items = await run(byDefault, emails);
		expect(env.sandbox!.maxInFlight).toBe(DEFAULT_CONCURRENCY);
		// BadgeKit stores the email as first sent; the second item gets that award back.
		expect(items.map((item) => item.json.email)).toEqual(emails.map((email) => (email === 'TWICE@example.org' ? 'twice@example.org' : email)));
		expect(items.map((item) => item.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		expect(items.map((item) => item.json.alreadyAwarded)).toEqual(emails.map((email) => email === 'TWICE@example.org'));
		expect(env.sandbox!.requests.filter((r) => r.method === 'POST')).toHaveLength(emails.length);
	});

	it('sends one at a time with Concurrency 1', async () => {
		const emails = Array.from({ length: 5 }, (_, i) => `one-by-one-${i}@example.org`);
		const items = await run(oneByOne, emails);
		expect(env.sandbox!.maxInFlight).toBe(1);
		expect(items.map((item) => item.json.email)).toEqual(emails);
	});
});
