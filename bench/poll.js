'use strict';
// Benchmark 6: what one poll of the BadgeKit Application Trigger costs, by history size (issue 13).
//
//   node bench/poll.js [--history 1000,10000,50000] [--open 20] [--rounds 5]
//
// Against the BadgeKit-compatible test server (in process, on loopback), which orders and counts
// application lists like BadgeKit 0.2.22 (ORDER BY badgeId, created; exact pageData.total) and, like
// it, builds the whole filtered list for every page it answers. The poll is the package's own code
// (dist/…/applicationChanges.js) over signed HTTP requests made like the node's transport (JWT with
// key, method, path, exp). Requests are counted at the server. For each history of H processed
// applications (spread over the demo system's 7 badges) plus O open ones:
//   - first poll: reads the whole list once (this is what EVERY poll cost before issue 13);
//   - quiet poll: nothing changed;
//   - poll with changes: one application submitted, one assigned, one processed;
//   - created and processed between two polls: one application that never appears in the open list.
// Time is the wall time of the poll as the trigger sees it (requests + the test server's work).
//
// Benchmark 6b (issue 21): the award catch-up (Badge Awarded, opt-in Badge Revoked).
//
//   node bench/poll.js --awards 1000,10000,50000 [--badges 20] [--rounds 5]
//
// A awards spread over B badges of the demo system (the seed's 8 plus new ones, one archived), the
// package's dist/…/awardChanges.js over the requests the node makes (badges with archived=any, then
// per badge page/count). For each A: first poll; quiet poll; one award; a bulk award of 50 on one
// badge; one revoke (with revokes reported). "Server ms" is the sum over the poll's requests of the
// time from sending each to the end of its answer (loopback, keep-alive): the server's work. The
// server builds a badge's whole award list for every page it answers, as BadgeKit does.
const http = require('http');
const { median, requireBuilt } = require('./lib');
const { createBadgeKitServer, signRequest } = require('../sandbox');

const { pollApplicationChanges } = requireBuilt('nodes/BadgeKit/poll/applicationChanges');
const { pollAwardChanges } = requireBuilt('nodes/BadgeKit/poll/awardChanges');

const SECRET = 'bench-poll-master-secret';
const SYSTEM = 'demo';

function args() {
	const out = { history: [1000, 10000, 50000], open: 20, rounds: 5, awards: undefined, badges: 20 };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--history') out.history = argv[++i].split(',').map(Number);
		else if (argv[i] === '--open') out.open = Number(argv[++i]);
		else if (argv[i] === '--rounds') out.rounds = Number(argv[++i]);
		else if (argv[i] === '--awards') out.awards = argv[++i].split(',').map(Number);
		else if (argv[i] === '--badges') out.badges = Number(argv[++i]);
	}
	return out;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** Milliseconds spent waiting for answers (request sent → answer complete), summed. */
let waitedMs = 0;

/** A signed GET like the node's transport sends, parsed; 404 answers come back as `{ status: 404 }`. */
function get(baseUrl, path) {
	const sent = process.hrtime.bigint();
	return new Promise((resolve, reject) => {
		const request = http.request(
			`${baseUrl}${path}`,
			{ method: 'GET', agent, headers: { Accept: 'application/json', Authorization: signRequest('GET', path, undefined, SECRET) } },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					waitedMs += Number(process.hrtime.bigint() - sent) / 1e6;
					const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
					if (response.statusCode === 404) resolve({ status: 404, body });
					else if (response.statusCode !== 200) reject(new Error(`${path}: HTTP ${response.statusCode} ${JSON.stringify(body)}`));
					else resolve({ status: 200, body });
				});
			},
		);
		request.on('error', reject);
		request.end();
	});
}

/** The same requests as the node's applicationSource (BadgeKitApplicationTrigger.node.ts). */
function source(baseUrl) {
	const list = `/systems/${SYSTEM}/applications`;
	return {
		async listOpen() {
			const all = [];
			for (let page = 1; ; page++) {
				const { body } = await get(baseUrl, `${list}?processed=false&page=${page}&count=100`);
				all.push(...body.applications);
				if (body.applications.length < 100 || all.length >= body.pageData.total) return all;
			}
		},
		async page(page, count) {
			const { body } = await get(baseUrl, `${list}?processed=any&page=${page}&count=${count}`);
			return { items: body.applications, total: body.pageData.total };
		},
		async readOne(badgeSlug, slug) {
			const { status, body } = await get(baseUrl, `/systems/${SYSTEM}/badges/${badgeSlug}/applications/${slug}`);
			if (status === 404) return /could not find application/i.test(body.message) ? 'gone' : 'unknown';
			return { found: body.application };
		},
	};
}

/** The same requests as the node's awardSource (poll/sources.ts), system scope. */
function awardSource(baseUrl) {
	return {
		async badges() {
			return (await get(baseUrl, `/systems/${SYSTEM}/badges?archived=any`)).body.badges;
		},
		async page(badge, page, count) {
			const { body } = await get(baseUrl, `/systems/${SYSTEM}/badges/${badge.slug}/instances?page=${page}&count=${count}`);
			return { items: body.instances, total: body.pageData.total };
		},
	};
}

async function awardsBench(options) {
	const server = await createBadgeKitServer({ host: '127.0.0.1', port: 0, masterSecret: SECRET, seed: 'demo' });
	const rows = [];
	try {
		for (const total of options.awards) {
			server.reset('demo');
			const store = server.store;
			const system = store.findSystem(SYSTEM);
			const template = store.findBadge(system.id, 'direct-demo');
			for (let i = store.badges.size; i < options.badges; i++) {
				store.addBadge({
					...template,
					id: undefined,
					slug: `bench-badge-${i}`,
					name: `Bench badge ${i}`,
					criteria: [],
					alignments: [],
					categories: [],
					tags: [],
				});
			}
			const badges = [...store.badges.values()].filter((b) => b.systemId === system.id);
			if (badges.length !== options.badges) throw new Error(`${badges.length} badges, not ${options.badges}`);
			let serial = 0;
			const award = (badge) => {
				serial++;
				return store.addInstance({ slug: `bench${total}x${serial}`, badgeId: badge.id, email: `earner${serial}@example.org`, issuedOn: new Date() });
			};
			for (let i = 0; i < total; i++) award(badges[i % badges.length]);

			const measure = (revokes) => {
				let state;
				return async (expected) => {
					server.requests.length = 0;
					waitedMs = 0;
					const started = process.hrtime.bigint();
					const result = await pollAwardChanges(state, awardSource(server.url), { scope: `${server.url}/systems/${SYSTEM}`, revokes });
					const ms = Number(process.hrtime.bigint() - started) / 1e6;
					state = JSON.parse(JSON.stringify(result.state));
					if (expected !== undefined && result.changes.length !== expected)
						throw new Error(`expected ${expected} events, got ${result.changes.length}`);
					return { ms, serverMs: waitedMs, requests: server.requests.length, reread: result.reread, stateBytes: JSON.stringify(state).length };
				};
			};
			const awardsOnly = measure(false);
			const withRevokes = measure(true);
			const first = await awardsOnly();
			await withRevokes();
			const quiet = [];
			const one = [];
			const bulk = [];
			const revoked = [];
			const quietRevokes = [];
			for (let round = 0; round < options.rounds; round++) {
				quiet.push(await awardsOnly(0));
				quietRevokes.push(await withRevokes(0));
				award(badges[round % badges.length]);
				one.push(await awardsOnly(1));
				await withRevokes(1);
				for (let i = 0; i < 50; i++) award(badges[(round + 7) % badges.length]);
				bulk.push(await awardsOnly(50));
				await withRevokes(50);
				const victim = [...store.instancesOfBadge(badges[(round + 3) % badges.length].id)][5];
				store.deleteInstance(victim);
				await awardsOnly(0);
				revoked.push(await withRevokes(1));
			}
			const summary = (polls) => ({
				requests: Math.max(...polls.map((p) => p.requests)),
				ms: median(polls.map((p) => p.ms)),
				serverMs: median(polls.map((p) => p.serverMs)),
			});
			const row = {
				total,
				badges: options.badges,
				first: { requests: first.requests, ms: first.ms },
				quiet: summary(quiet),
				quietRevokes: summary(quietRevokes),
				one: summary(one),
				bulk: summary(bulk),
				revoke: summary(revoked),
				stateAwards: quiet[quiet.length - 1].stateBytes,
				stateRevokes: quietRevokes[quietRevokes.length - 1].stateBytes,
			};
			rows.push(row);
			console.log(JSON.stringify(row));
		}
	} finally {
		agent.destroy();
		await server.close();
	}
	console.log(
		'\n| past awards A (B badges) | first poll (req / ms) | quiet poll (req / server ms / wall ms) | + 1 award (req / server ms) | + bulk of 50 on one badge (req / server ms) | 1 revoke, revokes on (req / server ms) | state: awards only | state: with revokes |',
	);
	console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
	const f = (x) => `${x.requests} / ${x.serverMs.toFixed(0)}`;
	for (const r of rows) {
		console.log(
			`| ${r.total.toLocaleString('en')} (${r.badges}) | ${r.first.requests} / ${r.first.ms.toFixed(0)} | **${r.quiet.requests}** / ${r.quiet.serverMs.toFixed(0)} / ${r.quiet.ms.toFixed(0)} | ${f(r.one)} | ${f(r.bulk)} | ${f(r.revoke)} | ${r.stateAwards.toLocaleString('en')} B | ${r.stateRevokes.toLocaleString('en')} B |`,
		);
	}
	const over = rows.filter((r) => r.quiet.requests > r.badges + 2 || r.quietRevokes.requests > r.badges + 2);
	if (over.length) {
		console.log(`\nquiet poll above B + 2 requests for ${over.map((r) => r.total).join(', ')} awards`);
		process.exitCode = 1;
	}
}

async function main() {
	const options = args();
	if (options.awards) return await awardsBench(options);
	const server = await createBadgeKitServer({ host: '127.0.0.1', port: 0, masterSecret: SECRET, seed: 'demo' });
	const rows = [];
	try {
		for (const history of options.history) {
			server.reset('demo');
			const store = server.store;
			const system = store.findSystem(SYSTEM);
			const badges = [...store.badges.values()].filter((b) => b.systemId === system.id && !b.archived);
			// the demo seed's own application is removed: exactly O open ones
			for (const application of [...store.applications.values()]) store.deleteApplication(application);
			const start = Math.floor(Date.now() / 1000) - 30 * 86_400;
			let serial = 0;
			const add = (badge, fields) => {
				serial++;
				return store.addApplication({
					slug: `bench-${history}-${serial}`,
					badgeId: badge.id,
					learner: `earner${serial}@example.org`,
					created: new Date((start + serial) * 1000),
					systemId: badge.systemId,
					issuerId: badge.issuerId,
					programId: badge.programId,
					...fields,
				});
			};
			for (let i = 0; i < history; i++) add(badges[i % badges.length], { processed: new Date((start + 86_400) * 1000) });
			const open = [];
			for (let i = 0; i < options.open; i++) open.push(add(badges[(i * 3) % badges.length], {}));

			let state;
			const poll = async () => {
				server.requests.length = 0;
				const started = process.hrtime.bigint();
				const result = await pollApplicationChanges(state, source(server.url), {
					now: Date.now(),
					scope: `${server.url}/systems/${SYSTEM}/applications`,
				});
				const ms = Number(process.hrtime.bigint() - started) / 1e6;
				state = JSON.parse(JSON.stringify(result.state));
				return { ms, requests: server.requests.length, events: result.changes.length, path: result.path };
			};

			const first = await poll();
			const quiet = [];
			const changes = [];
			const createdAndProcessed = [];
			for (let round = 0; round < options.rounds; round++) {
				quiet.push(await poll());

				const now = new Date(Math.floor(Date.now() / 1000) * 1000);
				open.push(add(badges[round % badges.length], { created: now }));
				open[1].assignedTo = `reviewer${round}@example.org`;
				open.shift().processed = now;
				const changed = await poll();
				if (changed.events !== 3) throw new Error(`expected 3 events, got ${changed.events}`);
				changes.push(changed);

				add(badges[(round * 5 + 2) % badges.length], { created: now, processed: now });
				const found = await poll();
				if (found.events !== 2) throw new Error(`expected 2 events (new, processed), got ${found.events}`);
				createdAndProcessed.push(found);
			}
			const summary = (polls) => ({
				requests: Math.max(...polls.map((p) => p.requests)),
				ms: median(polls.map((p) => p.ms)),
				paths: [...new Set(polls.map((p) => p.path))].join('/'),
			});
			const row = {
				history,
				open: options.open,
				stateBytes: JSON.stringify(state).length,
				first: { requests: first.requests, ms: first.ms },
				quiet: summary(quiet),
				changes: summary(changes),
				createdAndProcessed: summary(createdAndProcessed),
			};
			rows.push(row);
			console.log(JSON.stringify(row));
		}
	} finally {
		agent.destroy();
		await server.close();
	}

	console.log(
		'\n| history H (processed) | open O | first poll = every poll before (req / ms) | quiet poll (req / ms) | + submitted, assigned, processed (req / ms) | created and processed between polls (req / ms) | state |',
	);
	console.log('|---:|---:|---:|---:|---:|---:|---:|');
	for (const r of rows) {
		const f = (x) => `${x.requests} / ${x.ms.toFixed(0)}`;
		console.log(
			`| ${r.history.toLocaleString('en')} | ${r.open} | ${f(r.first)} | ${f(r.quiet)} | ${f(r.changes)} | ${f(r.createdAndProcessed)} | ${r.stateBytes} B |`,
		);
	}
	const limit = (o) => Math.ceil(o / 100) + 2;
	const over = rows.filter((r) => r.quiet.requests > limit(r.open));
	if (over.length) {
		console.log(`\nquiet poll above ⌈O/100⌉ + 2 requests for history ${over.map((r) => r.history).join(', ')}`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
