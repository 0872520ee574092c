/**
 * Replay memory across an n8n restart, in a real n8n 2.x and 1.x: N signed deliveries are accepted,
 * the workflow's saved static data (read back from n8n's database through its public API) holds all
 * N, n8n is stopped and started again on the same database, and then all N replays are refused with
 * 403 and start nothing, while a new delivery still runs.
 *
 * This is what fails if n8n's order of events changes again: on n8n 2.41.1 the trigger's writes to
 * static data are only saved because it writes them again after n8n resets the change flag (see
 * nodes/BadgeKit/webhook/staticData.ts); without that, 1 of 5 was saved and 4 replays ran again.
 */
import { BUCKET_PREFIX, KEY_LENGTH } from '../../nodes/BadgeKit/webhook/replayStore';
import { FIXTURE_SECRET } from '../helpers/fixtures';
import {
	N8N_1X_VERSION,
	N8N_VERSION,
	SETUP_TIMEOUT_MS,
	badgeKitTriggerWorkflow,
	sleep,
	startEnvironment,
	type CreatedWorkflow,
	type Environment,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { signWebhook } = require('../../sandbox');

const TRIGGER = 'BadgeKit Trigger';
const N = 6;
const MINUTE = 60_000;

function triggerWorkflow(version: string): object {
	const webhookId = `7e1a2b3c-4d5e-4f60-8a7b-${version.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;
	return badgeKitTriggerWorkflow(`Replay memory across restarts (n8n ${version})`, webhookId, { typeVersion: 1.1 });
}

/** A signed award delivery as BadgeKit sends it, unique by `n`. */
function delivery(n: number): { body: string; headers: Record<string, string>; key: string } {
	const body = JSON.stringify({
		action: 'award',
		uid: `replay${String(n).padStart(34, '0')}`,
		email: `earner${n}@example.com`,
		assertionUrl: `http://badgekit.example/public/assertions/replay${n}`,
		issuedOn: 1795867792 + n,
		badge: { slug: 'direct-demo', name: 'Badge direct-demo' },
	});
	const authorization: string = signWebhook(body, FIXTURE_SECRET);
	const signature = /token="[^.]+\.[^.]+\.([^"]+)"/.exec(authorization)![1];
	return { body, headers: { 'content-type': 'application/json', authorization }, key: signature.slice(0, KEY_LENGTH) };
}

describe.each([N8N_VERSION, N8N_1X_VERSION])('BadgeKit Trigger replay memory across an n8n %s restart', (version) => {
	let env: Environment;
	let workflow: CreatedWorkflow;
	let url: string;
	const deliveries = Array.from({ length: N }, (_, i) => delivery(i + 1));

	/** The remembered keys in the workflow's static data as n8n saved it in its database. */
	const savedKeys = async (): Promise<string[]> => {
		const keys: string[] = [];
		for (const [name, text] of Object.entries(await env.savedNodeStaticData(workflow, TRIGGER))) {
			if (!name.startsWith(BUCKET_PREFIX) || typeof text !== 'string') continue;
			for (let at = 0; at < text.length; at += KEY_LENGTH) keys.push(text.slice(at, at + KEY_LENGTH));
		}
		return keys.sort();
	};

	/** Posts until the trigger is registered again after a start (404 until then), bounded. */
	const postWhenLive = async (d: { body: string; headers: Record<string, string> }) => {
		const started = Date.now();
		for (;;) {
			const res = await env.post(url, d.body, d.headers);
			if (res.status !== 404 || Date.now() - started > MINUTE) return res;
			await sleep(250);
		}
	};

	beforeAll(async () => {
		env = await startEnvironment({ version });
		workflow = await env.importWorkflow(triggerWorkflow(version), { activate: true });
		url = env.webhookUrl(workflow, TRIGGER);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await env?.close();
	});

	it(
		`accepts ${N} deliveries and saves every one of them in the workflow's static data`,
		async () => {
			for (const d of deliveries) {
				const res = await postWhenLive(d);
				expect(res.status).toBe(200);
			}
			expect(await env.client.waitForExecutions(workflow.id, N)).toHaveLength(N);
			// n8n saves after answering: give the last save a moment.
			const expected = deliveries.map((d) => d.key).sort();
			const started = Date.now();
			while ((await savedKeys()).length < N && Date.now() - started < 10_000) await sleep(250);
			expect(await savedKeys()).toEqual(expected);
		},
		2 * MINUTE,
	);

	it(
		`refuses all ${N} replays after a restart and starts nothing for them`,
		async () => {
			await env.restart();
			const statuses: number[] = [];
			for (const d of deliveries) statuses.push((await postWhenLive(d)).status);
			expect(statuses).toEqual(deliveries.map(() => 403));
			await sleep(1500);
			expect(await env.client.executions(workflow.id)).toHaveLength(N);
		},
		4 * MINUTE,
	);

	it(
		'still accepts a new delivery after the restart, and remembers it too',
		async () => {
			const fresh = delivery(N + 1);
			expect((await postWhenLive(fresh)).status).toBe(200);
			expect(await env.client.waitForExecutions(workflow.id, N + 1)).toHaveLength(N + 1);
			const started = Date.now();
			while ((await savedKeys()).length < N + 1 && Date.now() - started < 10_000) await sleep(250);
			expect(await savedKeys()).toEqual([...deliveries, fresh].map((d) => d.key).sort());
		},
		2 * MINUTE,
	);
});
