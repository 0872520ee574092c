/**
 * The BadgeKit Application Trigger in a real n8n 2.x and 1.x, across restarts: an active workflow
 * polling the BadgeKit sandbox runs once for each application event, never for the applications that
 * existed before, never twice for the same change, and misses nothing that happened while n8n was
 * stopped (issue 12, item 4).
 *
 * What it relies on in n8n (2.41.1 and 1.123.81, read in their code and checked here): n8n saves the
 * workflow's static data after activating it (`saveStaticData` at the end of
 * `ActiveWorkflowManager.add`), so the first poll's record of what exists is kept, and when a poll
 * emits items (`__emit` of the poll functions, before the execution starts). A poll that emits nothing
 * is not saved, which is harmless: the saved state is then an older, consistent one from which the
 * next poll finds the same changes again. (n8n 2.41's opt-in durable poll cursors,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED, are off by default and not tested here.) On activation, and so
 * after every restart, n8n polls at once; after that at most once a minute, at a seeded second. So
 * each version takes a few minutes.
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
	type Execution,
} from './harness';

const TRIGGER = 'BadgeKit Application Trigger';
const MINUTE = 60_000;
const POLL_WAIT_MS = 3 * MINUTE;
const BADGE = 'assessed-demo';

function applicationWorkflow(version: string): object {
	return {
		name: `Application trigger (e2e, n8n ${version})`,
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

/**
 * Declares the suite for one n8n version. Each version has its own test file
 * (application-trigger.e2e.test.ts, application-trigger-1x.e2e.test.ts) so that jest can run them side by side.
 */
export function describeApplicationTrigger(version: string): void {
	describe(`BadgeKit Application Trigger in a real n8n ${version}`, () => {
		let env: Environment;
		let workflow: CreatedWorkflow;

		/**
		 * How many polls n8n has made so far: each starts with the first page of a list (the open list, or
		 * on a first poll the whole list). The sandbox outlives n8n's restarts, so this counts them all.
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

		/** All executions so far, oldest first, once `count` exist; each must have succeeded. */
		const successfulExecutions = async (count: number): Promise<Execution[]> => {
			const executions = await env.client.waitForExecutions(workflow.id, count, { timeoutMs: POLL_WAIT_MS });
			expect(executions.map(executionSummary).filter((e) => e.status !== 'success')).toEqual([]);
			return executions;
		};

		/** The trigger's state as n8n saved it in its database (read through n8n's public API). */
		const savedState = async (): Promise<{ total: number; open: unknown[][] } | undefined> =>
			(await env.savedNodeStaticData(workflow, TRIGGER)).applicationState;

		/** What the trigger emitted in an execution: event and application slug, in order. */
		const events = (execution: Execution) => nodeOutput(execution, TRIGGER)!.map((item) => `${item.event} ${item.slug}`);

		const apply = async (learner: string): Promise<{ id: number; slug: string }> => {
			const created = await sandboxRequest(env.sandbox!, 'POST', `/systems/demo/badges/${BADGE}/applications`, {
				learner,
				evidence: [{ reflection: 'I built a BadgeKit client.' }],
			});
			expect(created.status).toBe(201);
			return created.json().application;
		};

		const assignAndProcess = async (slug: string): Promise<void> => {
			const updated = await sandboxRequest(env.sandbox!, 'PUT', `/systems/demo/badges/${BADGE}/applications/${slug}`, {
				assignedTo: 'reviewer@example.com',
				processed: new Date().toISOString(),
			});
			expect(updated.status).toBe(200);
		};

		beforeAll(async () => {
			env = await startEnvironment({ version, sandbox: true });
			workflow = await env.importWorkflow(applicationWorkflow(version), { activate: true });
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			await env?.close();
		});

		it(
			'runs once per application event, misses none that happened while n8n was stopped, and repeats none after a restart',
			async () => {
				const sandbox = env.sandbox!;
				const existing = sandbox.store.applications.size;
				expect(existing).toBeGreaterThan(0); // the demo seed's application

				// 1. Activation polls at once and only records what exists; n8n saves that record.
				await waitForReads(1);
				expect(await env.client.executions(workflow.id)).toEqual([]);
				expect((await savedState())?.total).toBe(existing);

				// 2. An earner applies while n8n is stopped: the poll after the restart reports it.
				let first: { id: number; slug: string } | undefined;
				await env.restart({
					whileStopped: async () => {
						first = await apply('first@example.com');
					},
				});
				const [afterRestart] = await successfulExecutions(1);
				expect(events(afterRestart)).toEqual([`newApplication ${first!.slug}`]);
				await waitForReads(listReads() + 1);
				expect((await savedState())?.total).toBe(existing + 1);

				// 3. While n8n runs, a scheduled poll reports the next one; its item as documented.
				const learner = 'applicant@example.com';
				const second = await apply(learner);
				const [, scheduled] = await successfulExecutions(2);
				expect(nodeOutput(scheduled, TRIGGER)).toEqual([
					expect.objectContaining({
						event: 'newApplication',
						id: second.id,
						slug: second.slug,
						learner,
						earnerEmail: learner,
						badgeSlug: BADGE,
						badgeName: 'Assessed Demo Badge',
						processed: null,
						badge: expect.objectContaining({ slug: BADGE }),
					}),
				]);
				expect(nodeOutput(scheduled, 'Done')).toHaveLength(1); // the output went on to the next node
				await sleep(3000); // n8n saves before the execution starts; give the write a moment
				expect((await savedState())?.total).toBe(existing + 2);

				// 4. Between two polls that have changes, n8n stops: the second one is assigned and processed
				//    and a third one arrives while it is down. After the restart: one run with exactly those,
				//    nothing earlier again.
				let third: { id: number; slug: string } | undefined;
				await env.restart({
					whileStopped: async () => {
						await assignAndProcess(second.slug);
						third = await apply('third@example.com');
					},
				});
				const [, , changed] = await successfulExecutions(3);
				expect(events(changed)).toEqual([
					`applicationAssigned ${second.slug}`,
					`applicationProcessed ${second.slug}`,
					`newApplication ${third!.slug}`,
				]);
				expect(nodeOutput(changed, TRIGGER)![1]).toEqual(
					expect.objectContaining({ id: second.id, processed: sandbox.store.findApplication(second.slug)!.processed!.toISOString() }),
				);

				// 5. Nothing changes: neither the next scheduled poll nor the poll after one more restart runs anything.
				await waitForReads(listReads() + 1);
				const beforeQuietRestart = listReads();
				await env.restart();
				await waitForReads(beforeQuietRestart + 1);
				expect((await env.client.executions(workflow.id)).length).toBe(3);
				expect((await savedState())?.total).toBe(existing + 3);
			},
			15 * MINUTE,
		);
	});
}
