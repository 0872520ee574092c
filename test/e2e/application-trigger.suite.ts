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
 *
 * The same n8n session (and its restarts) also runs example 4 (examples/04-never-miss-an-award.json:
 * the trigger's Badge Awarded event → Send Email) as imported: every award made while n8n runs or
 * while it is stopped, a bulk award of 50+ included, is emailed exactly once, and no award made
 * before activation is.
 */
import {
	SETUP_TIMEOUT_MS,
	executionSummary,
	loadExample,
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
const AWARD_EXAMPLE = '04-never-miss-an-award.json';

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
 * (application-trigger.test.ts, application-trigger-1x.test.ts) so that jest can run them side by side.
 */
export function describeApplicationTrigger(version: string): void {
	describe(`BadgeKit Application Trigger in a real n8n ${version}`, () => {
		let env: Environment;
		let workflow: CreatedWorkflow;
		let awardWorkflow: CreatedWorkflow;

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

		// --- example 4: awards → emails ---------------------------------------------------------------

		/** How many times n8n has listed the badges: each award check starts so. */
		const badgeReads = () =>
			env.sandbox!.requests.filter((r) => r.method === 'GET' && r.url === '/systems/demo/badges?archived=any' && r.status === 200).length;

		const award = async (email: string) =>
			expect((await sandboxRequest(env.sandbox!, 'POST', '/systems/demo/badges/direct-demo/instances', { email })).status).toBe(201);
		const bulkAward = async (badge: string, emails: string[]) => {
			const created = await sandboxRequest(env.sandbox!, 'POST', `/systems/demo/badges/${badge}/instances/bulk`, { emails });
			expect(created.status).toBe(201);
			expect(created.json().instances).toHaveLength(emails.length);
		};
		const emails = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}@example.org`);

		/** Recipients of every email so far, once `count` have arrived (then a moment more to catch any extra). */
		const mailedTo = async (count: number): Promise<string[]> => {
			const started = Date.now();
			while (env.smtp!.messages.length < count) {
				if (Date.now() - started > POLL_WAIT_MS)
					throw new Error(`${env.smtp!.messages.length} email(s) arrived, not ${count}, within ${POLL_WAIT_MS} ms`);
				await sleep(500);
			}
			await sleep(3000);
			return env.smtp!.messages.map((message) => message.envelope.to.join(','));
		};

		beforeAll(async () => {
			env = await startEnvironment({ version, sandbox: true, smtp: true });
			// An award made before activation is only recorded, never emailed.
			await award('before-activation@example.org');
			workflow = await env.importWorkflow(applicationWorkflow(version), { activate: true });
			awardWorkflow = await env.importWorkflow(loadExample(AWARD_EXAMPLE), { activate: true });
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			await env?.close();
		});

		it(
			'runs once per application event and emails each award once (example 4, bulk awards included), misses none that happened while n8n was stopped, and repeats none after a restart',
			async () => {
				const sandbox = env.sandbox!;
				const existing = sandbox.store.applications.size;
				expect(existing).toBeGreaterThan(0); // the demo seed's application

				// 1. Activation polls at once and only records what exists; n8n saves that record.
				await waitForReads(1);
				while (badgeReads() < 1) await sleep(500);
				await sleep(3000);
				expect(await env.client.executions(workflow.id)).toEqual([]);
				expect(await env.client.executions(awardWorkflow.id)).toEqual([]);
				const awardState = (await env.savedNodeStaticData(awardWorkflow, 'Badge awarded (checked every minute)')).awardState;
				expect(awardState.badges.find((entry: unknown[]) => entry[1] === 'direct-demo')[2]).toBe(1);
				expect((await savedState())?.total).toBe(existing);

				// 2. An earner applies while n8n is stopped: the poll after the restart reports it.
				let first: { id: number; slug: string } | undefined;
				// While n8n is stopped: two awards and a bulk award of 55 (on a badge outside the demo seed's
				// milestone, so the emails are exactly these).
				const whileStopped = ['stopped-1@example.org', 'stopped-2@example.org', ...emails('stopped-bulk', 55)];
				await env.restart({
					whileStopped: async () => {
						first = await apply('first@example.com');
						await award(whileStopped[0]);
						await award(whileStopped[1]);
						await bulkAward('direct-demo', whileStopped.slice(2));
					},
				});
				const [afterRestart] = await successfulExecutions(1);
				expect(events(afterRestart)).toEqual([`newApplication ${first!.slug}`]);
				await waitForReads(listReads() + 1);
				expect((await savedState())?.total).toBe(existing + 1);

				expect((await mailedTo(whileStopped.length)).sort()).toEqual([...whileStopped].sort());

				// 3. While n8n runs, a scheduled poll reports the next one; its item as documented.
				const learner = 'applicant@example.com';
				// Awards while n8n runs, a bulk of 52 on an archived badge among them.
				const whileRunning = ['running-1@example.org', ...emails('running-bulk', 52)];
				await award(whileRunning[0]);
				await bulkAward('archived-demo', whileRunning.slice(1));
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

				// The awards made while n8n runs (made with the application above, so the two waits overlap):
				// each emailed once.
				const mailed = await mailedTo(whileStopped.length + whileRunning.length);
				expect(mailed.sort()).toEqual([...whileStopped, ...whileRunning].sort());
				const message = env.smtp!.messages.find((m) => m.envelope.to.includes('running-1@example.org'))!;
				expect(message.subject).toBe('You earned the badge "Direct Demo Badge"');
				expect(message.text).toContain('/public/assertions/');

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
				const awardChecksBeforeQuietRestart = badgeReads();
				await env.restart();
				await waitForReads(beforeQuietRestart + 1);
				expect((await env.client.executions(workflow.id)).length).toBe(3);
				expect((await savedState())?.total).toBe(existing + 3);
				// No award emailed twice across the restarts, none before activation.
				while (badgeReads() <= awardChecksBeforeQuietRestart) await sleep(500);
				await sleep(3000);
				expect(env.smtp!.messages).toHaveLength(whileStopped.length + whileRunning.length);
				expect(env.smtp!.messages.some((m) => m.envelope.to.includes('before-activation@example.org'))).toBe(false);
				expect((await env.client.executions(awardWorkflow.id)).map(executionSummary).filter((e) => e.status !== 'success')).toEqual([]);
			},
			15 * MINUTE,
		);
	});
}
