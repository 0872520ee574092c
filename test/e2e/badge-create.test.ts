/**
 * Badge → Create in a real n8n against the BadgeKit sandbox, which stores a random md5 slug on create
 * like BadgeKit 0.2.22: the badge read back from the sandbox has the chosen slug, its criteria and
 * lists, and "é ☕" intact; a name with an emoji is refused naming the field, and nothing is created.
 */
import { SETUP_TIMEOUT_MS, executionSummary, startEnvironment, webhookWorkflow, type CreatedWorkflow, type Environment } from './harness';

function createBadgeWorkflow(): object {
	return webhookWorkflow('Create a badge over HTTP (e2e)', { path: 'e2e-create-badge' }, [
		{
			name: 'Create badge',
			type: 'n8n-nodes-badgekit.badgeKit',
			typeVersion: 1,
			parameters: {
				resource: 'badge',
				operation: 'create',
				system: { __rl: true, mode: 'slug', value: 'demo' },
				slug: '={{ $json.body.slug }}',
				name: '={{ $json.body.name }}',
				type: 'skill',
				earnerDescription: 'Read five books.',
				consumerDescription: 'The holder read five books.',
				criteriaUrl: 'https://example.org/criteria',
				imageUrl: 'https://example.org/badge.png',
				criteria: { criterion: [{ description: 'Read five books', note: 'Ask for titles', required: true }] },
				additionalFields: { tags: 'e2e, reading' },
			},
			credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
		},
	]);
}

describe('Badge → Create in a real n8n (sandbox with BadgeKit 0.2.22 random slugs)', () => {
	let env: Environment;
	let workflow: CreatedWorkflow;

	beforeAll(async () => {
		env = await startEnvironment({ sandbox: true });
		workflow = await env.importWorkflow(createBadgeWorkflow(), { activate: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	const demo = () => env.sandbox!.store.findSystem('demo')!;
	const trigger = async (body: object) => {
		const res = await env.post(env.webhookUrl(workflow, 'Webhook', { isFullPath: true }), JSON.stringify(body), {
			'Content-Type': 'application/json',
		});
		expect(res.status).toBe(200);
	};

	it('creates the badge under the chosen slug, with its criteria, tags and non-ASCII name', async () => {
		await trigger({ slug: 'e2e-chosen', name: 'Café ☕ e2e' });
		const [execution] = await env.client.waitForExecutions(workflow.id, 1);
		expect(executionSummary(execution).status).toBe('success');
		const badge = env.sandbox!.store.findBadge(demo().id, 'e2e-chosen')!;
		expect(badge).toBeDefined();
		expect(badge.name).toBe('Café ☕ e2e');
		expect(badge.criteria.map((c) => [c.description, c.note, c.required])).toEqual([['Read five books', 'Ask for titles', 1]]);
		expect(badge.tags).toEqual(['e2e', 'reading']);
		expect([...env.sandbox!.store.badges.values()].filter((b) => /^[0-9a-f]{32}$/.test(b.slug))).toEqual([]);
		// BadgeKit 0.2.22 stored a random slug: the node renamed the badge with one update
		expect(env.sandbox!.requests.filter((r) => r.method === 'PUT' && /^\/systems\/demo\/badges\/[0-9a-f]{32}$/.test(r.url))).toHaveLength(1);
	});

	it('refuses a name with an emoji, naming the field and the character, and creates nothing', async () => {
		const count = env.sandbox!.store.badges.size;
		await trigger({ slug: 'e2e-emoji', name: 'Party 🎉' });
		const executions = await env.client.waitForExecutions(workflow.id, 2);
		const failed = executions.map(executionSummary).find((e) => e.status !== 'success');
		expect(failed?.error).toContain('"Name" (name) contains "🎉" (U+1F389), which BadgeKit cannot store');
		expect(env.sandbox!.store.badges.size).toBe(count);
	});
});
