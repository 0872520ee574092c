/**
 * The example workflows (examples/*.json) end to end, in a real n8n with the package loaded, the
 * BadgeKit sandbox server and a real SMTP server on loopback:
 *
 *   example 0 (all events in one workflow): see combinedExample.ts (shared with the n8n 1.x suite);
 *   example 1: a workflow runs the BadgeKit node to issue a badge on the sandbox → the sandbox sends
 *              its signed award webhook → example 1's BadgeKit Trigger runs → the earner's email, with
 *              the assertion URL, arrives at the SMTP server;
 *   example 2: a review is submitted on the sandbox → review webhook → not approved: the reviewer's
 *              comment is emailed; approved: the badge is issued, the application marked processed
 *              (checked on the server) and the earner emailed;
 *   example 3: a badge is revoked on the sandbox → revoke webhook → email + "remove access" record.
 *
 * BadgeKit has one webhook per system, so each test registers the example it exercises with the
 * trigger's registration SQL, which replaces the row of the example before.
 */
import {
	SETUP_TIMEOUT_MS,
	WEBHOOK_SECRET,
	executionSummary,
	loadExample,
	nodeOutput,
	loadedPackageNodes,
	packageTypes,
	sandboxRequest,
	sleep,
	MASTER_SECRET,
	startEnvironment,
	webhookWorkflow,
	type CreatedWorkflow,
	type Environment,
} from './harness';
import { combinedExampleSuite, registrationSqlFor } from './combinedExample';
import { credentialTester } from './credentialTest';

const SYSTEM = 'demo';

/** A workflow a test can start over HTTP: Webhook → BadgeKit "issue a badge" (the demo direct badge). */
function issuerWorkflow(): object {
	return webhookWorkflow('Issue a badge over HTTP (e2e)', { path: 'e2e-issue', responseMode: 'lastNode' }, [
		{
			name: 'Issue badge',
			type: 'n8n-nodes-badgekit.badgeKit',
			typeVersion: 1,
			parameters: {
				resource: 'badgeInstance',
				operation: 'issue',
				system: { __rl: true, mode: 'slug', value: SYSTEM },
				badge: { __rl: true, mode: 'slug', value: '={{ $json.body.badge }}' },
				email: '={{ $json.body.email }}',
			},
			credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
		},
	]);
}

function triggerName(workflow: CreatedWorkflow): string {
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-badgekit.badgeKitTrigger');
	if (!trigger) throw new Error(`no BadgeKit Trigger in ${workflow.name}`);
	return trigger.name;
}

describe('example workflows end to end: sandbox → n8n → SMTP', () => {
	let env: Environment;
	let example1: CreatedWorkflow;
	let example2: CreatedWorkflow;
	let example3: CreatedWorkflow;
	let issuer: CreatedWorkflow;

	const pointWebhookAt = (workflow: CreatedWorkflow) =>
		env.sandbox!.runSql(registrationSqlFor(env.webhookUrl(workflow, triggerName(workflow)), WEBHOOK_SECRET, SYSTEM));

	const findBadge = (slug: string) => {
		const system = env.sandbox!.store.findSystem(SYSTEM)!;
		return env.sandbox!.store.findBadge(system.id, slug)!;
	};

	/** Fails with the executions' errors rather than a bare count when a workflow went wrong. */
	const executionsOf = async (workflow: CreatedWorkflow, count: number) => {
		const executions = await env.client.waitForExecutions(workflow.id, count);
		const failed = executions.map(executionSummary).filter((e) => e.status !== 'success');
		expect(failed).toEqual([]);
		return executions;
	};

	beforeAll(async () => {
		env = await startEnvironment({ sandbox: true, smtp: true });
		example1 = await env.importWorkflow(loadExample('01-badge-awarded-email.json'), { activate: true });
		example2 = await env.importWorkflow(loadExample('02-review-issue-or-explain.json'), { activate: true });
		example3 = await env.importWorkflow(loadExample('03-badge-revoked.json'), { activate: true });
		issuer = await env.importWorkflow(issuerWorkflow(), { activate: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	it('n8n loaded every node and credential of the package', async () => {
		const expected = packageTypes();
		const { nodes, tools } = await loadedPackageNodes(env.client);
		expect(nodes).toEqual(expected.nodes);
		expect(tools).toEqual(['n8n-nodes-badgekit.badgeKitTool']);
		expect((await env.client.loadedTypes('credentials')).filter((c) => expected.credentials.includes(c)).sort()).toEqual(expected.credentials);
	});

	it("the BadgeKit API credential's test passes with the right secret and fails with a wrong one or a wrong key", async () => {
		const baseUrl = env.sandbox!.url;
		// n8n tests a credential by id, with the data as typed in the editor (which may differ from what is saved).
		const testCredential = await credentialTester(env.client, 'badgeKitApi', { baseUrl, key: 'master', secret: MASTER_SECRET, system: 'demo' });
		expect(await testCredential({ baseUrl, key: 'master', secret: MASTER_SECRET })).toMatchObject({ status: 'OK' });
		const wrongSecret = await testCredential({ baseUrl, key: 'master', secret: 'not-the-secret' });
		expect(wrongSecret.status).toBe('Error');
		expect(wrongSecret.message).toMatch(/403|Forbidden|authori[sz]|signature|secret/i);
		expect((await testCredential({ baseUrl, key: 'no-such-consumer', system: 'demo', secret: MASTER_SECRET })).status).toBe('Error');
		expect((await testCredential({ baseUrl: baseUrl + '/nowhere-near', key: 'master', secret: MASTER_SECRET })).status).toBe('Error');
	});

	describe('example 0: every event in one workflow (BadgeKit Trigger → Switch on event)', () => {
		combinedExampleSuite(() => env);
	});

	describe('example 1: badge awarded → email the earner', () => {
		it('issuing with the BadgeKit node makes the sandbox call the trigger, which emails the assertion link', async () => {
			pointWebhookAt(example1);
			const email = 'newcomer@example.com';
			const res = await env.post(env.webhookUrl(issuer, 'Webhook', { isFullPath: true }), JSON.stringify({ email, badge: 'direct-demo' }), {
				'content-type': 'application/json',
			});
			expect(res.status).toBe(200);
			expect(await executionsOf(issuer, 1)).toHaveLength(1);

			// The badge exists on the server, and its award webhook was delivered to n8n and accepted.
			const badge = findBadge('direct-demo');
			const instance = env.sandbox!.store.findInstance(badge.id, email)!;
			expect(instance).toBeDefined();
			const assertionUrl = `${env.sandbox!.url}/public/assertions/${instance.slug}`;
			await env.sandbox!.webhooksIdle();
			const awards = env.sandbox!.deliveries.filter((d) => d.action === 'award');
			expect(awards).toHaveLength(1);
			expect(awards[0]).toMatchObject({ status: 200, error: null });

			// Exactly one run of example 1, with the award as its item.
			const [execution] = await executionsOf(example1, 1);
			expect(nodeOutput(execution, triggerName(example1))).toEqual([
				expect.objectContaining({ event: 'award', earnerEmail: email, badgeSlug: 'direct-demo', badgeName: 'Direct Demo Badge', assertionUrl }),
			]);

			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(email));
			expect(mail.envelope.to).toEqual([email]);
			expect(mail.to).toContain(email);
			expect(mail.subject).toContain('Direct Demo Badge');
			expect(mail.text).toContain(assertionUrl);
			expect(env.smtp!.messages).toHaveLength(1);
		});
	});

	describe('example 2: review submitted → issue the badge and mark the application processed, or explain', () => {
		const learner = 'learner@example.com';
		const applicationPath = `/systems/${SYSTEM}/badges/assessed-demo/applications/demo-application-1`;
		const requiredCriterion = () => findBadge('assessed-demo').criteria.find((c) => c.required === 1)!;
		const application = () => env.sandbox!.store.findApplication('demo-application-1')!;

		beforeAll(() => {
			pointWebhookAt(example2);
			env.smtp!.messages.length = 0;
		});

		it("not approved: emails the reviewer's comment, issues nothing, leaves the application open", async () => {
			const comment = 'Please sign the body hash as latin1, then apply again.';
			const res = await sandboxRequest(env.sandbox!, 'POST', `${applicationPath}/reviews`, {
				author: 'reviewer@example.org',
				comment,
				reviewItems: [{ criterionId: requiredCriterion().id, satisfied: false, comment: 'Not yet' }],
			});
			expect(res.status).toBe(201);

			const [execution] = await executionsOf(example2, 1);
			expect(nodeOutput(execution, triggerName(example2))![0]).toMatchObject({ event: 'review', approved: false, earnerEmail: learner });
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(learner));
			expect(mail.text).toContain(comment);
			expect(env.sandbox!.store.findInstance(findBadge('assessed-demo').id, learner)).toBeUndefined();
			expect(application().processed).toBeNull();
		});

		it('approved: issues the badge, marks the application processed, emails the earner', async () => {
			env.smtp!.messages.length = 0;
			const res = await sandboxRequest(env.sandbox!, 'POST', `${applicationPath}/reviews`, {
				author: 'reviewer@example.org',
				comment: 'Well done.',
				reviewItems: [{ criterionId: requiredCriterion().id, satisfied: true, comment: 'Signed client works' }],
			});
			expect(res.status).toBe(201);

			const executions = await executionsOf(example2, 2);
			expect(nodeOutput(executions[1], triggerName(example2))![0]).toMatchObject({ event: 'review', approved: true, earnerEmail: learner });

			const instance = env.sandbox!.store.findInstance(findBadge('assessed-demo').id, learner);
			expect(instance).toBeDefined();
			expect(application().processed).toBeInstanceOf(Date);
			const assertionUrl = `${env.sandbox!.url}/public/assertions/${instance!.slug}`;
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(learner));
			expect(mail.subject).toContain('Assessed Demo Badge');
			expect(mail.text).toContain(assertionUrl);

			// The award that issuing caused went to the same trigger (one webhook per system), which only
			// listens to reviews: acknowledged with a 200, no further run.
			await env.sandbox!.webhooksIdle();
			const award = env.sandbox!.deliveries.filter((d) => d.action === 'award').pop()!;
			expect(JSON.parse(award.body).email).toBe(learner);
			expect(award).toMatchObject({ status: 200, error: null });
			await sleep(1000);
			expect(await env.client.executions(example2.id)).toHaveLength(2);
			expect(env.smtp!.messages).toHaveLength(1);
		});
	});

	describe('example 3: badge revoked → email the earner and record it', () => {
		it('revoking on the sandbox emails the earner and records the access removal', async () => {
			pointWebhookAt(example3);
			env.smtp!.messages.length = 0;
			const email = 'newcomer@example.com';
			const res = await sandboxRequest(env.sandbox!, 'DELETE', `/systems/${SYSTEM}/badges/direct-demo/instances/${encodeURIComponent(email)}`);
			expect(res.status).toBe(200);

			const [execution] = await executionsOf(example3, 1);
			expect(nodeOutput(execution, 'Record: remove access')).toEqual([
				expect.objectContaining({ action: 'remove-access', email, badge: 'direct-demo' }),
			]);
			const mail = await env.smtp!.waitFor((m) => m.envelope.to.includes(email));
			expect(mail.subject).toContain('Direct Demo Badge');
			expect(mail.subject).toContain('revoked');
		});
	});
});
