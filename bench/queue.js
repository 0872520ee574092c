'use strict';
// Benchmark 7: BadgeKit bursts on n8n's queue mode. A fresh queue-mode n8n per count
// (tooling/queue-mode.js: Debian's PostgreSQL and Redis on free loopback ports, one main, two
// webhook processors, one worker, with the settings the README documents), then N signed award
// deliveries sent all at once, alternately to the two webhook processors (as a load balancer in front
// of them would), over keep-alive connections (at most 256 per processor, like BadgeKit's sender), plus
// `--forged` forged ones. BadgeKit never retries: anything but 200 is a lost delivery.
//
// Measured: lost (not answered 200, or answered 200 and never run), run twice, the time until every
// delivery was answered and until the last execution stopped, and the peak RSS of every process (each
// n8n process with its task runner; PostgreSQL with all its backends, so its shared buffers count once
// per backend: an upper bound).
//
//   node bench/queue.js [--count 1000,5000] [--forged 100] [--webhooks 2] [--timeout-s 1800] [--n8n-defaults]
//                       [--extra-env 'NAME=value,NAME=value']
//
// --webhooks 1 sends everything to one webhook processor (the routing the README advises).
// --extra-env adds settings to every n8n process (to try others than the documented ones).
// --n8n-defaults starts the processes without the documented settings (n8n's database pool of 2, its
// 5 s ping timeout, eager isolates), for comparison.
const http = require('http');

const lib = require('../tooling/n8n.js');
const queue = require('../tooling/queue-mode.js');
const { awardDelivery, forgedDeliveries, FORGED_PREFIX } = require('../tooling/awardDeliveries');
const { args, loadNote } = require('./n8n-env');

const WEBHOOK_SECRET = 'bk-webhook-secret-bench-queue';
const ENCRYPTION_KEY = 'badgekit-bench-queue-encryption-key';
const OWNER = { email: 'bench-queue@example.com', password: 'Bench-queue-password-1', firstName: 'Bench', lastName: 'Queue' };
const WEBHOOK_ID = 'b0b0b0b0-0000-4000-8000-000000000601';
const log = (line) => process.stderr.write(`[bench:queue] ${line}\n`);

// An interrupt ends the process: tooling/n8n.js and queue-mode.js stop what they started in
// their exit hooks (bench/n8n-env.js turns SIGINT/SIGTERM into an exit).

function countBy(values) {
	const out = {};
	for (const v of values) out[v] = (out[v] || 0) + 1;
	return out;
}

/** What the n8n processes logged as failing, by kind and process. */
function logErrors(cluster) {
	const kinds = {
		'503 Database is not ready': /Database is not ready/,
		'webhook request failed': /Error in handling webhook request/,
		'job stalled (worker lost)': /stalled more than|failed to be processed too many times/i,
		'executions marked crashed': /recovered dangling executions/i,
		'out of memory': /heap out of memory|Allocation failed/,
	};
	const out = {};
	for (const instance of cluster.n8nProcesses()) {
		let text = '';
		try {
			text = require('fs').readFileSync(instance.logFile, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n')) {
			for (const [kind, pattern] of Object.entries(kinds)) {
				if (pattern.test(line)) out[`${instance.name}: ${kind}`] = (out[`${instance.name}: ${kind}`] || 0) + 1;
			}
		}
	}
	return out;
}

async function runOnce({ count, forged, webhooks = 2, timeoutS, n8nDefaults, extraEnv = '' }) {
	const deadline = Date.now() + timeoutS * 1000;
	await lib.ensureBuilt({ log });
	const install = await lib.installN8n(lib.N8N_VERSION, { log });
	const extra = Object.fromEntries(
		String(extraEnv)
			.split(',')
			.filter(Boolean)
			.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
	);
	const settings = { ...(n8nDefaults ? {} : queue.QUEUE_SETTINGS), ...extra };
	const cluster = await queue.startQueueMode({ install, encryptionKey: ENCRYPTION_KEY, settings, webhooks, log });
	let agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
	try {
		const { client, workflowId, urls } = await queue.activateBadgeKitTrigger(cluster, {
			owner: OWNER,
			secret: WEBHOOK_SECRET,
			webhookId: WEBHOOK_ID,
			name: 'Bench: BadgeKit on queue mode',
		});

		// Warm-up: one delivery per processor once the webhook is live (not counted below).
		const warmUp = new Set();
		for (const url of urls) {
			const d = awardDelivery(WEBHOOK_SECRET);
			await queue.postUntilAccepted(agent, url, d, { deadline });
			warmUp.add(d.uid);
		}
		await queue.waitForExecutions(client, workflowId, warmUp.size, { timeoutMs: 120_000, quietMs: 0 });

		// A new agent for the burst: n8n closes connections idle for 5 s, and a request sent on a pooled
		// connection as n8n closes it fails without reaching n8n ("socket hang up").
		agent.destroy();
		agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
		const deliveries = Array.from({ length: count }, (_, i) =>
			awardDelivery(WEBHOOK_SECRET, { email: `earner-${String(i).padStart(5, '0')}@example.com` }),
		);
		const forgedList = forgedDeliveries(forged, WEBHOOK_SECRET);
		const rss = queue.sampleRss(queue.clusterPids(cluster), 100);
		const started = Date.now();
		const timeoutMs = Math.max(1000, deadline - Date.now());
		const [answers, forgedAnswers] = await Promise.all([
			Promise.all(deliveries.map((d, i) => queue.post(agent, urls[i % urls.length], d.body, d.headers, { timeoutMs }))),
			Promise.all(forgedList.map((f, i) => queue.post(agent, urls[i % urls.length], f.body, f.headers, { timeoutMs }))),
		]);
		const answeredMs = Date.now() - started;
		const ok = deliveries.filter((_, i) => answers[i].status === 200);
		const ran = await queue.waitForExecutions(client, workflowId, ok.length + warmUp.size, {
			timeoutMs: Math.max(1000, deadline - Date.now()),
			stallMs: 120_000,
			quietMs: 3000,
		});
		const memory = rss.stop();
		const stoppedAt = ran.executions.map((e) => Date.parse(e.stoppedAt)).filter(Number.isFinite);
		const allRunMs = Math.max(...stoppedAt) - started;

		for (const uid of warmUp) ran.byUid.delete(uid);
		const answeredNot200 = answers.filter((a) => a.status !== 200).length;
		const ranNever = ok.filter((d) => !ran.byUid.has(d.uid)).length;
		const result = {
			count,
			forged,
			webhooks,
			settings: (n8nDefaults ? "n8n's defaults" : 'documented (pool 10, ping 15 s, lazy isolates)') + (extraEnv ? ` + ${extraEnv}` : ''),
			answeredMs,
			allRunMs,
			status: countBy(answers.map((a) => a.status || a.error)),
			answeredNot200,
			ranNever,
			lost: answeredNot200 + ranNever,
			twice: [...ran.byUid.values()].filter((n) => n > 1).length,
			executions: ran.executions.length - warmUp.size,
			failedExecutions: ran.executions.filter((e) => e.status !== 'success').length,
			failedStatuses: countBy(ran.executions.filter((e) => e.status !== 'success').map((e) => e.status)),
			odd: ran.odd,
			forgedRefused: forgedAnswers.filter((a) => a.status === 401 || a.status === 403).length,
			forgedStarted: [...ran.byUid.keys()].filter((uid) => uid.startsWith(FORGED_PREFIX)).length,
			memory,
			errors: logErrors(cluster),
			load: loadNote(),
		};
		result.ok =
			result.odd.length === 0 &&
			result.lost === 0 &&
			result.twice === 0 &&
			result.executions === count &&
			result.forgedRefused === forged &&
			result.forgedStarted === 0;
		return result;
	} finally {
		agent.destroy();
		await cluster.stop();
	}
}

function report(r) {
	console.log(
		`\n7. Queue mode: ${r.count} deliveries + ${r.forged} forged over ${r.webhooks} webhook processor(s), 1 worker; n8n ${lib.N8N_VERSION}, ${r.settings} (${r.load})`,
	);
	console.table([
		{
			deliveries: r.count,
			'all answered s': (r.answeredMs / 1000).toFixed(1),
			'all run s': (r.allRunMs / 1000).toFixed(1),
			'deliveries/s': Math.round(r.count / (r.allRunMs / 1000)),
			executions: r.executions,
			lost: r.lost,
			twice: r.twice,
			'forged → 401/403': `${r.forgedRefused}/${r.forged}`,
			'forged started': r.forgedStarted,
		},
	]);
	console.log('peak RSS MB per process (start → peak; n8n processes with their task runner):');
	console.table(Object.fromEntries(Object.entries(r.memory).map(([name, m]) => [name, { 'start MB': m.startMB, 'peak MB': m.peakMB }])));
	console.log(
		`answers: ${JSON.stringify(r.status)}; answered 200 but never ran: ${r.ranNever}; executions not successful: ${r.failedExecutions} ${JSON.stringify(r.failedStatuses)}`,
	);
	if (r.odd.length) console.log(`executions without a trigger item carrying a uid (${r.odd.length}, first 5): ${JSON.stringify(r.odd.slice(0, 5))}`);
	if (Object.keys(r.errors).length) console.log(`n8n logged: ${JSON.stringify(r.errors)}`);
	console.log(`${r.ok ? 'OK' : 'FAILED'}: every delivery answered 200 and run exactly once, every forged one refused and none started`);
}

async function main() {
	const options = args({ count: '1000,5000', forged: 100, webhooks: 2, timeoutS: 1800, n8nDefaults: false, extraEnv: '' });
	const results = [];
	for (const count of String(options.count).split(',').map(Number)) {
		const result = await runOnce({ ...options, count });
		report(result);
		results.push(result);
	}
	if (results.some((r) => !r.ok)) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}

module.exports = { runOnce, report };
