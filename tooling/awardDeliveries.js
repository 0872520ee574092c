'use strict';
// Award deliveries as BadgeKit API 0.2.22 sends them (sandbox/routes/instances.js,
// awardPayload: the same keys in the same order, signed with the webhook secret by the same code), and
// forged ones, for the queue-mode suite and `npm run bench:queue`, which send them to several webhook
// processors themselves (BadgeKit has one URL per system).
const crypto = require('node:crypto');

const { signWebhook } = require('../sandbox');

const BADGE = {
	id: 1,
	slug: 'direct-demo',
	name: 'Badge direct-demo',
	strapline: 'Awarded directly',
	earnerDescription: 'Awarded to everyone who took part.',
	consumerDescription: 'Took part.',
	issuerUrl: 'https://issuer.example.org',
	rubricUrl: null,
	timeValue: 0,
	timeUnits: 'minutes',
	limit: 0,
	unique: 0,
	created: '2026-11-30T06:00:00.000Z',
	type: 'participation',
	archived: false,
	criteriaUrl: 'https://issuer.example.org/criteria',
	criteria: [],
	alignments: [],
	evidenceType: null,
	categories: [],
	tags: [],
	milestones: [],
};

/** Starts the uid of every forged delivery, and of no other (counted by the queue-mode test and bench). */
const FORGED_PREFIX = 'f0f0';

/** A uid like BadgeKit's instance slugs (hex); `prefix` marks a group (e.g. forged ones). */
function newUid(prefix = '') {
	for (;;) {
		const uid = prefix + crypto.randomBytes(20).toString('hex').slice(prefix.length);
		// One random uid in 65,536 starts with "f0f0": a genuine one must not pass for a forged one.
		if (prefix || !uid.startsWith(FORGED_PREFIX)) return uid;
	}
}

/** One signed award delivery: {uid, body (string), headers}. */
function awardDelivery(secret, { uid = newUid(), email, baseUrl = 'http://127.0.0.1:8080', issuedOn = Math.floor(Date.now() / 1000) } = {}) {
	const body = JSON.stringify({
		action: 'award',
		uid,
		badge: BADGE,
		email: email || `earner-${uid.slice(0, 8)}@example.com`,
		assertionUrl: `${baseUrl}/public/assertions/${uid}`,
		issuedOn,
		comment: 'queue mode',
	});
	return { uid, body, headers: { 'content-type': 'application/json', authorization: signWebhook(body, secret) } };
}

function base64url(value) {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const FORGED_KINDS = ['wrong secret', 'genuine signature of another body', 'unsigned token (alg none)', 'no Authorization'];
/** `count` forged award deliveries, the four kinds in turn; their uids start with FORGED_PREFIX. */
function forgedDeliveries(count, secret) {
	const forged = [];
	for (let i = 0; i < count; i++) {
		const genuine = awardDelivery(secret, { uid: newUid(FORGED_PREFIX), email: `forged-${i}@example.com` });
		const headers = { 'content-type': 'application/json' };
		const kind = FORGED_KINDS[i % 4];
		switch (i % 4) {
			case 0:
				headers.authorization = signWebhook(genuine.body, 'not-the-webhook-secret');
				break;
			case 1:
				headers.authorization = signWebhook(genuine.body.replace('forged-', 'genuine-'), secret);
				break;
			case 2: {
				const hash = crypto.createHash('sha256').update(genuine.body).digest('hex');
				headers.authorization = `JWT token="${base64url({ typ: 'JWT', alg: 'none' })}.${base64url({ body: { alg: 'sha256', hash } })}."`;
				break;
			}
			default:
				break;
		}
		forged.push({ uid: genuine.uid, body: genuine.body, headers, kind });
	}
	return forged;
}

module.exports = { awardDelivery, forgedDeliveries, newUid, FORGED_KINDS, FORGED_PREFIX };
