/**
 * The BadgeKit Application Trigger in a real n8n: an active workflow polling the BadgeKit sandbox
 * runs once when an application is submitted on the sandbox, and once more when it is assigned and
 * processed; nothing runs for the applications that existed before, nor twice for the same change.
 *
 * n8n polls at most once a minute (on its schedule, at a seeded second), and on n8n 2.x the poll that
 * runs at activation is a test poll whose memory is not kept: the first scheduled poll records what
 * exists. So this suite takes a few minutes: it waits for that poll, then for one poll per step.
 */
import {
	SETUP_TIMEOUT_MS,
	executionSummary,
	nodeOutput,
	sandboxRequest,
	sleep,
	startEnvironment,
	type CreatedWorkflow,
	type Environment,
} from './harness';

const TRIGGER = 'BadgeKit Application Trigger';
const MINUTE = 60_000;
const POLL_WAIT_MS = 3 * MINUTE;

function applicationWorkflow(): object {
	return {
		name: 'Application trigger (e2e)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a9b1c2d3-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-badgekit.badgeKitApplicationTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					events: ['newApplication', 'applicationAssigned', 'reviewOverdue', 'applicationProcessed'],
					system: { __rl: true, mode: 'slug', value: 'demo' },
				},
				credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
			},
			{
				id: 'a9b1c2d3-0000-4000-8000-000000000002',
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	};
}

describe('BadgeKit Application Trigger in a real n8n', () => {
	let env: Environment;
	let workflow: CreatedWorkflow;

	/**
	 * How many polls n8n has made so far: each starts with the first page of a list (the open list, or
	 * on a first poll the whole list), then reads the count and whatever changed.
	 */
	const listReads = () =>
		env.sandbox!.requests.filter(
			(r) => r.method === 'GET' && /^\/systems\/demo\/applications\?processed=(false|any)&page=1&count=100$/.test(r.url) && r.status === 200,
		).length;

	/** Waits until n8n has read the list `target` times in all, plus a moment to store what it saw. */
	const waitForReads = async (target: number) => {
		const started = Date.now();
		while (listReads() < target) {
			if (Date.now() - started > POLL_WAIT_MS)
				throw new Error(`n8n read the applications ${listReads()} time(s), not ${target}, within ${POLL_WAIT_MS} ms`);
			await sleep(500);
		}
		await sleep(3000);
	};

	const successfulExecutions = async (count: number) => {
		const executions = await env.client.waitForExecutions(workflow.id, count, { timeoutMs: POLL_WAIT_MS });
		expect(executions.map(executionSummary).filter((e) => e.status !== 'success')).toEqual([]);
		return executions;
	};

	beforeAll(async () => {
		env = await startEnvironment({ sandbox: true });
		workflow = await env.importWorkflow(applicationWorkflow(), { activate: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	it(
		'runs once per application event, and not for the applications that already existed',
		async () => {
			const sandbox = env.sandbox!;
			const existing = sandbox.store.applications.size;
			expect(existing).toBeGreaterThan(0); // the demo seed's application

			// the activation poll, then the first scheduled poll, which records what exists
			await waitForReads(2);
			expect(await env.client.executions(workflow.id)).toEqual([]);

			// an earner applies (as a BadgeKit front end would)
			const learner = 'applicant@example.com';
			const created = await sandboxRequest(sandbox, 'POST', '/systems/demo/badges/assessed-demo/applications', {
				learner,
				evidence: [{ reflection: 'I built a BadgeKit client.' }],
			});
			expect(created.status).toBe(201);
			const application = created.json().application;
			expect(sandbox.store.findApplication(application.slug)).toBeDefined();

			const [first] = await successfulExecutions(1);
			expect(nodeOutput(first, TRIGGER)).toEqual([
				expect.objectContaining({
					event: 'newApplication',
					id: application.id,
					slug: application.slug,
					learner,
					earnerEmail: learner,
					badgeSlug: 'assessed-demo',
					badgeName: 'Assessed Demo Badge',
					processed: null,
					badge: expect.objectContaining({ slug: 'assessed-demo' }),
				}),
			]);
			// the output went on to the next node
			expect(nodeOutput(first, 'Done')).toHaveLength(1);

			// a reviewer is assigned and the application processed, between two polls: one run, two items
			const processedAt = new Date().toISOString();
			const updated = await sandboxRequest(sandbox, 'PUT', `/systems/demo/badges/assessed-demo/applications/${application.slug}`, {
				assignedTo: 'reviewer@example.com',
				processed: processedAt,
			});
			expect(updated.status).toBe(200);
			const second = (await successfulExecutions(2))[1];
			expect(nodeOutput(second, TRIGGER)).toEqual([
				expect.objectContaining({ event: 'applicationAssigned', id: application.id, assignedTo: 'reviewer@example.com' }),
				expect.objectContaining({
					event: 'applicationProcessed',
					id: application.id,
					processed: sandbox.store.findApplication(application.slug)!.processed!.toISOString(),
				}),
			]);

			// nothing changes: the next poll runs nothing
			await waitForReads(listReads() + 1);
			expect(await env.client.executions(workflow.id)).toHaveLength(2);
		},
		12 * MINUTE,
	);
});
