/**
 * The BadgeKit Trigger on n8n's queue mode, for real: Debian's PostgreSQL and Redis (installed by
 * scripts/ensure-debian-packages.sh when missing, started on free loopback ports), one n8n main, two
 * webhook processors (`n8n webhook`) and one worker (`n8n worker`), with the settings the README
 * documents (tooling/queue-mode.js QUEUE_SETTINGS).
 *
 * Checked: a burst of signed deliveries spread over both webhook processors runs each exactly once;
 * forged deliveries to either start nothing; a delivery accepted by one processor is refused by the
 * other; after both processors restart, every earlier delivery is still refused.
 */
import http from 'http';

import { N8N_VERSION, SETUP_TIMEOUT_MS, prepare, type N8nClient } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const lib = require('../../tooling/n8n.js');
const queue = require('../../tooling/queue-mode.js');
const { awardDelivery, forgedDeliveries, FORGED_PREFIX } = require('../../tooling/awardDeliveries');
/* eslint-enable @typescript-eslint/no-require-imports */

const WEBHOOK_SECRET = 'bk-webhook-secret-queue-mode';
const ENCRYPTION_KEY = 'badgekit-e2e-queue-fixed-encryption-key';
const OWNER = { email: 'queue-owner@example.com', password: 'Queue-owner-password-1', firstName: 'Queue', lastName: 'Owner' };
const WEBHOOK_ID = '9c1d4a7e-3b52-4f0e-8a61-7d2c5e9b0a12';
/** A few hundred: enough to make both processors and the worker busy at once on 2 shared cores. */
const BURST = 300;
const FORGED = 40;

interface Delivery {
	uid: string;
	body: string;
	headers: Record<string, string>;
}
interface Answer {
	status: number;
	text: string;
	error?: string;
}
interface Ran {
	byUid: Map<string, number>;
	items: number;
	odd: object[];
	executions: Array<{ id: string; status: string }>;
}

describe(`BadgeKit Trigger on n8n ${N8N_VERSION} queue mode (PostgreSQL, Redis, a main, 2 webhook processors, a worker)`, () => {
	let cluster: any;
	let client: N8nClient;
	let workflowId: string;
	let agent: http.Agent;
	/** Deliveries accepted so far (each must have run exactly once), and which processor took each. */
	const accepted = new Map<string, { delivery: Delivery; processor: number }>();

	/**
	 * A new keep-alive agent: n8n closes a connection after 5 s idle, and a request sent on a pooled
	 * connection as it closes fails (ECONNRESET) without reaching n8n; each step opens its own.
	 */
	const freshAgent = () => {
		agent?.destroy();
		agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	};
	const urlOf = (processor: number) => `${cluster.webhooks[processor].url}/webhook/${WEBHOOK_ID}/webhook`;
	const send = (processor: number, d: Delivery): Promise<Answer> => queue.post(agent, urlOf(processor), d.body, d.headers);
	const ran = (): Promise<Ran> => queue.executedUids(client, workflowId);
	const settle = (count: number): Promise<Ran> => queue.waitForExecutions(client, workflowId, count, { timeoutMs: 300_000 });
	const countBy = (answers: Answer[]) =>
		answers.reduce<Record<string, number>>((acc, a) => ((acc[a.status || a.error || '?'] = (acc[a.status || a.error || '?'] ?? 0) + 1), acc), {});

	beforeAll(async () => {
		await prepare(N8N_VERSION);
		const install = await lib.installN8n(N8N_VERSION);
		cluster = await queue.startQueueMode({ install, encryptionKey: ENCRYPTION_KEY });
		freshAgent();

		({ client, workflowId } = await queue.activateBadgeKitTrigger(cluster, {
			owner: OWNER,
			secret: WEBHOOK_SECRET,
			webhookId: WEBHOOK_ID,
			name: 'BadgeKit on queue mode (e2e)',
		}));

		// Both processors serve the webhook once they see the activation (bounded): one delivery each.
		for (const processor of [0, 1]) {
			const delivery = awardDelivery(WEBHOOK_SECRET);
			await queue.postUntilAccepted(agent, urlOf(processor), delivery, { deadline: Date.now() + 60_000 });
			accepted.set(delivery.uid, { delivery, processor });
		}
		await settle(accepted.size);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		agent?.destroy();
		await cluster?.stop();
	}, 120_000);

	it(`runs each of ${BURST} signed deliveries spread over both webhook processors exactly once`, async () => {
		freshAgent();
		const burst: Delivery[] = Array.from({ length: BURST }, () => awardDelivery(WEBHOOK_SECRET));
		const started = Date.now();
		const answers = await Promise.all(burst.map((d, i) => send(i % 2, d)));
		const answeredMs = Date.now() - started;
		burst.forEach((d, i) => answers[i].status === 200 && accepted.set(d.uid, { delivery: d, processor: i % 2 }));
		expect(countBy(answers)).toEqual({ 200: BURST });

		const result = await settle(accepted.size);
		const lost = burst.filter((d) => !result.byUid.has(d.uid)).length;
		const twice = [...result.byUid.values()].filter((n) => n > 1).length;
		const unknown = [...result.byUid.keys()].filter((uid) => !accepted.has(uid));
		process.stderr.write(
			`[queue e2e] burst of ${BURST}: answered in ${(answeredMs / 1000).toFixed(1)} s, all run after ${((Date.now() - started) / 1000).toFixed(1)} s; lost ${lost}, twice ${twice}\n`,
		);
		expect({ lost, twice, unknown, odd: result.odd }).toEqual({ lost: 0, twice: 0, unknown: [], odd: [] });
		// One execution per delivery, one item per execution, all finished successfully.
		expect(result.executions).toHaveLength(accepted.size);
		expect(result.items).toBe(accepted.size);
		expect(result.executions.filter((e) => e.status !== 'success')).toEqual([]);
	}, 600_000);

	it(`refuses ${FORGED} forged deliveries on either processor with 401/403 and starts nothing`, async () => {
		freshAgent();
		const before = (await ran()).executions.length;
		const forged = forgedDeliveries(FORGED, WEBHOOK_SECRET);
		const answers: Answer[] = await Promise.all(forged.map((f: Delivery, i: number) => send(i % 2, f)));
		const byKind: Record<string, number[]> = {};
		forged.forEach((f: { kind: string }, i: number) => (byKind[f.kind] ??= []).push(answers[i].status));
		for (const [kind, statuses] of Object.entries(byKind)) {
			expect({ kind, refused: statuses.every((s) => s === 401 || s === 403) }).toEqual({ kind, refused: true });
		}
		// Anything accepted would be an execution by now (queue mode creates it before answering).
		await lib.sleep(3000);
		const after = await ran();
		expect([...after.byUid.keys()].filter((uid) => uid.startsWith(FORGED_PREFIX))).toEqual([]);
		expect(after.executions.length).toBe(before);
	}, 120_000);

	it('refuses a delivery accepted by one webhook processor when it is replayed to the other', async () => {
		// Fresh deliveries, one at a time, alternately to each processor, each run to the end; then each
		// is sent to the other processor. One at a time, each processor has saved what it knows (its
		// own and what it loaded) before the next call: after the burst's overlapping saves (README,
		// Replay protection, limit 2) this is what makes the database hold every entry.
		freshAgent();
		const fresh: Delivery[] = Array.from({ length: 6 }, () => awardDelivery(WEBHOOK_SECRET));
		for (const [i, d] of fresh.entries()) {
			freshAgent();
			const answer = await send(i % 2, d);
			expect({ uid: d.uid, status: answer.status }).toEqual({ uid: d.uid, status: 200 });
			accepted.set(d.uid, { delivery: d, processor: i % 2 });
			await settle(accepted.size);
		}

		freshAgent();
		const replays = await Promise.all(fresh.map((d, i) => send(1 - (i % 2), d)));
		// And deliveries of the burst, each to the processor that did not take it.
		const fromBurst = [...accepted.values()].slice(2, 22);
		const burstReplays = await Promise.all(fromBurst.map(({ delivery, processor }) => send(1 - processor, delivery)));
		await lib.sleep(3000);
		const after = await ran();

		expect(countBy(replays)).toEqual({ 403: fresh.length });
		expect(countBy(burstReplays)).toEqual({ 403: fromBurst.length });
		expect(replays.every((a) => /already/i.test(a.text))).toBe(true);
		expect([...after.byUid.values()].filter((n) => n > 1).length).toBe(0);
		expect(after.executions.length).toBe(accepted.size);
	}, 300_000);

	it('still refuses every earlier delivery after both webhook processors restart', async () => {
		await cluster.restartWebhooks();
		freshAgent();
		const everything = [...accepted.values()];
		// Each to both processors: the one that took it and the other one.
		const answers: Answer[] = [];
		for (const target of [0, 1]) {
			freshAgent();
			answers.push(...(await Promise.all(everything.map(({ delivery }) => send(target, delivery)))));
		}
		await lib.sleep(3000);
		const after = await ran();

		expect(countBy(answers)).toEqual({ 403: 2 * everything.length });
		expect([...after.byUid.values()].filter((n) => n > 1).length).toBe(0);
		expect(after.executions.length).toBe(accepted.size);
	}, 600_000);
});
