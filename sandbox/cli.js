#!/usr/bin/env node
'use strict';
// Runs the BadgeKit sandbox until Ctrl-C:
//   node sandbox/cli.js --port 8091 --host 127.0.0.1 --seed demo --master-secret X \
//     [--public-url URL] [--consumer KEY:SECRET:SYSTEM]... \
//     [--webhook-url URL --webhook-secret S --webhook-system demo] [--latency quiet|busy | --latency-ms N --concurrency C]

const { parseArgs } = require('node:util');
const { createBadgeKitServer, LATENCY_PRESETS } = require('./index');

const USAGE = `Usage: node sandbox/cli.js [options]
  --port N               port to listen on (default 8091; 0 = any free port)
  --host H               interface (default 127.0.0.1)
  --seed demo|empty      initial data (default demo)
  --master-secret S      secret of API key "master" (default bk-master-secret)
  --consumer K:S:SYS     extra consumer key K with secret S for system SYS (repeatable)
  --public-url URL       base URL of assertion links (default: the server URL)
  --webhook-url URL      register a webhook (BadgeKit's webhooks table row) ...
  --webhook-secret S     ... signed with this secret (default bk-webhook-secret)
  --webhook-system SLUG  ... for this system (default demo)
  --badge-slugs MODE     generated (BadgeKit 0.2.22: badge create stores md5(time + name), the
                         posted slug is ignored) or posted (BadgeKit's later code keeps it);
                         default: $BADGEKIT_BADGE_SLUGS, else generated
  --latency quiet|busy   make writes take time like real BadgeKit + MySQL: quiet = ${LATENCY_PRESETS.quiet.ms} ms a write,
                         one at a time; busy (disk busy) = ${LATENCY_PRESETS.busy.ms} ms, ${LATENCY_PRESETS.busy.concurrency} at a time (default: no latency)
  --latency-ms N         each write (POST/PUT/DELETE) takes N ms ...
  --concurrency C        ... of which C overlap (default 1); later writes queue
  --quiet                do not log requests and webhooks
  --help`;

/** --latency quiet|busy, or --latency-ms N [--concurrency C]; undefined = no latency. */
function latencyOf(values) {
	if (values.latency !== undefined) {
		const preset = LATENCY_PRESETS[values.latency];
		if (!preset) throw new Error('--latency expects ' + Object.keys(LATENCY_PRESETS).join(' or ') + ', got ' + values.latency);
		return preset;
	}
	if (values['latency-ms'] === undefined) return undefined;
	const ms = Number(values['latency-ms']);
	const concurrency = Number(values.concurrency);
	if (!(ms >= 0)) throw new Error('--latency-ms expects milliseconds, got ' + values['latency-ms']);
	if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency expects a whole number ≥ 1, got ' + values.concurrency);
	return { ms, concurrency };
}

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8091' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string', default: 'demo' },
			'master-secret': { type: 'string', default: 'bk-master-secret' },
			consumer: { type: 'string', multiple: true, default: [] },
			'public-url': { type: 'string' },
			'webhook-url': { type: 'string' },
			'webhook-secret': { type: 'string', default: 'bk-webhook-secret' },
			'webhook-system': { type: 'string', default: 'demo' },
			'badge-slugs': { type: 'string', default: process.env.BADGEKIT_BADGE_SLUGS || 'generated' },
			latency: { type: 'string' },
			'latency-ms': { type: 'string' },
			concurrency: { type: 'string', default: '1' },
			quiet: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}

	const consumers = values.consumer.map((spec) => {
		const [key, secret, system] = spec.split(':');
		if (!key || !secret || !system) throw new Error('--consumer expects KEY:SECRET:SYSTEM, got ' + spec);
		return { key, secret, system };
	});
	const webhooks = {};
	if (values['webhook-url']) {
		webhooks[values['webhook-system']] = { url: values['webhook-url'], secret: values['webhook-secret'] };
	}

	const latency = latencyOf(values);
	const server = await createBadgeKitServer({
		latency,
		host: values.host,
		port: Number(values.port),
		seed: values.seed,
		masterSecret: values['master-secret'],
		consumers,
		publicUrl: values['public-url'],
		webhooks,
		badgeSlugs: values['badge-slugs'],
	});

	const lines = [
		'BadgeKit API 0.2.22 sandbox listening on ' + server.url,
		'  seed:           ' + values.seed + (values.seed === 'demo' ? ' (system "demo"; see sandbox/README.md)' : ''),
		'  API key:        master',
		'  badge slugs:    ' +
			values['badge-slugs'] +
			(values['badge-slugs'] === 'generated' ? ' (0.2.22: a created badge gets md5(time + name); rename it with an update)' : ' (posted slug kept)'),
		'  master secret:  ' + values['master-secret'],
		...consumers.map((c) => '  consumer key:   ' + c.key + ' / secret ' + c.secret + ' (system ' + c.system + ')'),
		values['webhook-url']
			? '  webhook:        ' + values['webhook-url'] + ' (system ' + values['webhook-system'] + ', secret ' + values['webhook-secret'] + ')'
			: '  webhook:        none (pass --webhook-url to receive review/award/revoke events)',
		'  latency:        ' + (latency ? latency.ms + ' ms a write, ' + latency.concurrency + ' at a time' : 'none (writes answer at once)'),
		'Press Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));

	if (!values.quiet) {
		// Log each request once answered and each webhook once settled, by polling the server's
		// own logs: keeps index.js free of console output for the tests.
		let seenDeliveries = 0;
		const logged = new WeakSet();
		setInterval(() => {
			const pending = server.requests.filter((r) => r.status !== null && !logged.has(r));
			for (const r of pending) {
				logged.add(r);
				console.log(new Date().toISOString() + '  ' + r.status + ' ' + r.method + ' ' + r.url);
			}
			while (seenDeliveries < server.deliveries.length) {
				const d = server.deliveries[seenDeliveries];
				if (d.status === null && d.error === null) break;
				console.log(new Date().toISOString() + '  webhook ' + d.action + ' → ' + d.url + ': ' + (d.error || d.status));
				seenDeliveries++;
			}
		}, 250).unref();
	}

	const stop = async () => {
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e.message);
	process.exit(1);
});
