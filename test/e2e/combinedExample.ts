/**
 * The combined example (examples/00-all-badgekit-events.json) in a real n8n, run by the n8n 2.x and
 * 1.x suites in their own n8n session (which must have the sandbox and the SMTP mailbox):
 *
 *   - registered in the sandbox with the trigger's own registration SQL;
 *   - a burst of forged deliveries: every caller gets 401/403, the Refused output runs once (its
 *     email), n8n's log names the reasons; the next forgery a minute later reports the rest of the
 *     burst with the count (no timers: the tail waits for the next refusal);
 *   - an award, a review (not approved, then approved: issued, processed, and the award that follows
 *     emailed) and a revoke, each down its own branch, with the real BadgeKit-like server.
 *
 * Leaves the sandbox reset (demo data, no webhook row) and the mailbox empty.
 */
import fs from 'fs';

import { REGISTRATION_SQL } from '../../nodes/BadgeKit/webhook/registration';
import { FIXTURE_SECRET, loadDeliveries } from '../helpers/fixtures';
import {
	WEBHOOK_SECRET,
	executionSummary,
	loadExample,
	nodeOutput,
	sandboxRequest,
	sleep,
	type CreatedWorkflow,
	type Environment,
	type Execution,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signWebhook } = require('../../sandbox');

const SYSTEM = 'demo';
const TRIGGER = 'BadgeKit event';
const REFUSED_EMAIL_TO = 'badges@example.org';
const TEST_TIMEOUT_MS = 120_000;

/** The registration SQL as the trigger shows it, with an issuer's values filled in. */
export function registrationSqlFor(url: string, secret = WEBHOOK_SECRET, system = SYSTEM): string {
	const quoted = (text: string) => text.replace(/'/g, "''");
	return REGISTRATION_SQL.replace('PRODUCTION_URL', quoted(url))
		.replace('WEBHOOK_SECRET', quoted(secret))
		.replace(/SYSTEM_SLUG/g, system);
}

export function combinedExampleSuite(envOf: () => Environment): void {
	let env: Environment;
	let workflow: CreatedWorkflow;
	let url: string;
	let burstReportedAt = 0;
	let runs = 0;

	const findBadge = (slug: string) => env.sandbox!.store.findBadge(env.sandbox!.store.findSystem(SYSTEM)!.id, slug)!;
	/** Waits for the next `count` runs of the combined example; fails with their errors if any failed. */
	const nextRuns = async (count: number): Promise<Execution[]> => {
		runs += count;
		const executions = await env.client.waitForExecutions(workflow.id, runs, { timeoutMs: 60_000 });
		expect(executions).toHaveLength(runs);
		const latest = executions.slice(runs - count);
		expect(latest.map(executionSummary).filter((e) => e.status !== 'success')).toEqual([]);
		return latest;
	};
	const forged = (n: number) => {
		const award = loadDeliveries().find((d) => d.name === '003-award')!;
		const body = award.body
			.toString('utf8')
			.replace(/"uid":"[0-9a-f]+"/, `"uid":"f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0${String(n).padStart(2, '0')}"`);
		return { body, headers: { 'content-type': 'application/json', authorization: signWebhook(body, 'a-guessed-secret') } };
	};

	beforeAll(async () => {
		env = envOf();
		env.sandbox!.reset();
		env.smtp!.messages.length = 0;
		workflow = await env.importWorkflow(loadExample('00-all-badgekit-events.json'), { activate: true });
		url = env.webhookUrl(workflow, TRIGGER);
		// Registered as an issuer would: first an old URL (a copy of the workflow), then this one.
		env.sandbox!.runSql(registrationSqlFor('http://127.0.0.1:9/webhook/an-old-copy/webhook'));
		env.sandbox!.runSql(registrationSqlFor(url));
	}, TEST_TIMEOUT_MS);

	afterAll(() => {
		env.sandbox!.reset();
		env.smtp!.messages.length = 0;
	});

	it(
		'logs the registration SQL with its Production URL at activation (never the secret)',
		() => {
			const log = fs.readFileSync(env.n8n.logFile, 'utf8') as string;
			expect(log).toContain(`SELECT '${url}', 'WEBHOOK_SECRET', ID FROM systems WHERE slug = 'SYSTEM_SLUG'`);
			expect(log).not.toContain(WEBHOOK_SECRET);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'a burst of forgeries: each caller gets 401/403, the Refused output runs once, the log names the reasons',
		async () => {
			const statuses: number[] = [];
			for (let n = 0; n < 4; n++) {
				const { body, headers } = forged(n);
				statuses.push((await env.post(url, body, headers)).status);
			}
			const unsigned = await env.post(url, forged(9).body, { 'content-type': 'application/json' });
			statuses.push(unsigned.status);
			expect(statuses).toEqual([403, 403, 403, 403, 401]);
			burstReportedAt = Date.now();

			const [refusedRun] = await nextRuns(1);
			expect(nodeOutput(refusedRun, TRIGGER)).toEqual([]);
			expect(nodeOutput(refusedRun, TRIGGER, { output: 1 })).toEqual([
				expect.objectContaining({
					reason: 'Invalid token signature',
					status: 403,
					count: 1,
					event: 'award',
					systemSlug: 'harness-demo',
					badgeSlug: 'direct-demo',
				}),
			]);
			expect(executionSummary(refusedRun).nodes).not.toContain('Which event?');
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(REFUSED_EMAIL_TO));
			expect(mail.text).toContain('Invalid token signature');

			const log = fs.readFileSync(env.n8n.logFile, 'utf8') as string;
			expect(log).toMatch(/refused a delivery with 403: Invalid token signature\..*event "award", system "harness-demo", badge "direct-demo"/);
			expect(log).toMatch(/refused a delivery with 401: Missing Authorization header/);
			expect(log).not.toContain('a-guessed-secret');
			expect(log).not.toContain(FIXTURE_SECRET);
			await sleep(1000);
			expect(await env.client.executions(workflow.id)).toHaveLength(runs);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'an award goes down the award branch: the earner gets the assertion link',
		async () => {
			const email = 'combined@example.com';
			const res = await sandboxRequest(env.sandbox!, 'POST', `/systems/${SYSTEM}/badges/direct-demo/instances`, { email });
			expect(res.status).toBe(201);
			const [run] = await nextRuns(1);
			expect(nodeOutput(run, TRIGGER)).toEqual([expect.objectContaining({ event: 'award', earnerEmail: email, badgeSlug: 'direct-demo' })]);
			expect(executionSummary(run).nodes).toContain('Email: badge awarded');
			const instance = env.sandbox!.store.findInstance(findBadge('direct-demo').id, email)!;
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(email));
			expect(mail.subject).toContain('Direct Demo Badge');
			expect(mail.text).toContain(`${env.sandbox!.url}/public/assertions/${instance.slug}`);
			// The old row was replaced: nothing went to the old URL.
			await env.sandbox!.webhooksIdle();
			expect(env.sandbox!.deliveries.map((d) => d.url)).toEqual([url]);
		},
		TEST_TIMEOUT_MS,
	);

	describe('a review', () => {
		const learner = 'learner@example.com';
		const applicationPath = `/systems/${SYSTEM}/badges/assessed-demo/applications/demo-application-1`;
		const requiredCriterion = () => findBadge('assessed-demo').criteria.find((c) => c.required === 1)!;
		const review = (satisfied: boolean, comment: string) =>
			sandboxRequest(env.sandbox!, 'POST', `${applicationPath}/reviews`, {
				author: 'reviewer@example.org',
				comment,
				reviewItems: [{ criterionId: requiredCriterion().id, satisfied, comment: satisfied ? 'Signed client works' : 'Not yet' }],
			});

		it(
			"not approved: the learner gets the reviewer's comment, nothing is issued",
			async () => {
				expect((await review(false, 'Sign the body hash as latin1, then apply again.')).status).toBe(201);
				const [run] = await nextRuns(1);
				expect(nodeOutput(run, TRIGGER)![0]).toMatchObject({ event: 'review', approved: false, earnerEmail: learner });
				const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(learner));
				expect(mail.text).toContain('Sign the body hash as latin1');
				expect(mail.text).not.toContain('reviewer@example.org');
				expect(env.sandbox!.store.findInstance(findBadge('assessed-demo').id, learner)).toBeUndefined();
			},
			TEST_TIMEOUT_MS,
		);

		it(
			"approved: issued and marked processed; the award that follows emails the learner, without the reviewer's address",
			async () => {
				env.smtp!.messages.length = 0;
				expect((await review(true, 'Well done.')).status).toBe(201);
				const [reviewRun, awardRun] = await nextRuns(2);
				expect(nodeOutput(reviewRun, TRIGGER)![0]).toMatchObject({ event: 'review', approved: true });
				expect(executionSummary(reviewRun).nodes).toEqual(expect.arrayContaining(['Issue the badge', 'Mark the application processed']));
				expect(nodeOutput(awardRun, TRIGGER)![0]).toMatchObject({ event: 'award', earnerEmail: learner, comment: 'Approved after review' });
				const instance = env.sandbox!.store.findInstance(findBadge('assessed-demo').id, learner);
				expect(instance).toBeDefined();
				expect(env.sandbox!.store.findApplication('demo-application-1')!.processed).toBeInstanceOf(Date);
				const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(learner));
				expect(mail.text).toContain(`${env.sandbox!.url}/public/assertions/${instance!.slug}`);
				expect(mail.text).not.toContain('reviewer@example.org');
				expect(env.smtp!.messages.filter((m) => m.envelope.to.includes(learner))).toHaveLength(1);
			},
			TEST_TIMEOUT_MS,
		);
	});

	it(
		'a revoke goes down the revoke branch: email and the access-removal record',
		async () => {
			const email = 'combined@example.com';
			const res = await sandboxRequest(env.sandbox!, 'DELETE', `/systems/${SYSTEM}/badges/direct-demo/instances/${encodeURIComponent(email)}`);
			expect(res.status).toBe(200);
			const [run] = await nextRuns(1);
			expect(nodeOutput(run, 'Record: remove access')).toEqual([expect.objectContaining({ action: 'remove-access', email, badge: 'direct-demo' })]);
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(email) && /revoked/.test(m.subject));
			expect(mail.subject).toContain('Direct Demo Badge');
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'the rest of the burst is reported with the next refusal a minute later, with its count',
		async () => {
			const wait = burstReportedAt + 61_000 - Date.now();
			if (wait > 0) await sleep(wait);
			const { body, headers } = forged(20);
			expect((await env.post(url, body, headers)).status).toBe(403);
			const [refusedRun] = await nextRuns(1);
			// Four held back from the burst (three wrong signatures, one unsigned) and this one.
			expect(nodeOutput(refusedRun, TRIGGER, { output: 1 })).toEqual([expect.objectContaining({ reason: 'Invalid token signature', count: 5 })]);
		},
		TEST_TIMEOUT_MS,
	);
}
