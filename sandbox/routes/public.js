'use strict';
// Unauthenticated routes: the health check, hosted Open Badges assertions and badge classes.

const { latin1Hash } = require('../jwt');
const { errors } = require('../http');
const dates = require('../dates');
const { findContainers, findBadge, ok } = require('./common');

const VERSION = '0.2.22';

module.exports = function publicRoutes(router, { store, base }) {
	const health = () => ok({ app: 'BadgeKit API', version: VERSION });
	router.get('/', health);
	router.get('/healthcheck', health);

	function badgeClassPath(badge) {
		const system = store.findSystemById(badge.systemId);
		const issuer = badge.issuerId ? store.issuers.get(badge.issuerId) : undefined;
		const program = badge.programId ? store.programs.get(badge.programId) : undefined;
		if (!system) return '/public';
		let path = '/public/systems/' + system.slug;
		if (issuer) path += '/issuers/' + issuer.slug;
		if (program) path += '/programs/' + program.slug;
		return path + '/badges/' + badge.slug;
	}

	function issuerOrgPath(badge) {
		return badgeClassPath(badge).replace(/\/badges\/[^/]*$/, '');
	}

	router.get('/public/badges', () => {
		const badgelist = [];
		for (const b of store.badges.values()) if (!b.archived) badgelist.push({ location: base() + badgeClassPath(b) });
		return ok({ badgelist });
	});

	// The hosted assertion the award webhook's assertionUrl points to. It names the badge the
	// instance really belongs to (for milestone awards: the milestone badge, unlike the webhook).
	router.get('/public/assertions/:instanceSlug', ({ params }) => {
		const instance = store.findInstanceBySlug(params.instanceSlug);
		const badge = instance && store.badges.get(instance.badgeId);
		if (!badge) throw errors.notFoundMessage('Could not find badge instance');
		return ok({
			uid: instance.slug,
			recipient: { identity: 'sha256$' + latin1Hash('sha256', instance.email), type: 'email', hashed: true },
			badge: base() + badgeClassPath(badge),
			verify: { url: base() + '/public/assertions/' + instance.slug, type: 'hosted' },
			// Unix seconds; a zero date (issuedOn sent as unix seconds) or no expiry drops the key.
			issuedOn: dates.unixtimeFromDate(instance.issuedOn),
			expires: dates.unixtimeFromDate(instance.expires),
		});
	});

	// Badge classes and issuer organisations the assertion links to. (The real 0.2.22 registers
	// the badge-class routes with a doubled slash and so 404s them; serving them here keeps the
	// sandbox's assertions browsable.)
	const badgeClass = ({ params }) => {
		const { badge } = findBadge(store, params);
		const image = badge.imageUrl && !/^http/.test(badge.imageUrl) ? base() + badge.imageUrl : badge.imageUrl;
		return ok({
			name: badge.name,
			description: badge.consumerDescription,
			image: image || undefined,
			criteria: badge.criteriaUrl,
			alignment: badge.alignments.map((a) => ({ name: a.name, url: a.url, description: a.description })),
			issuer: base() + issuerOrgPath(badge),
		});
	};
	router.get('/public/systems/:systemSlug/badges/:badgeSlug', badgeClass);
	router.get('/public/systems/:systemSlug/issuers/:issuerSlug/badges/:badgeSlug', badgeClass);
	router.get('/public/systems/:systemSlug/issuers/:issuerSlug/programs/:programSlug/badges/:badgeSlug', badgeClass);

	const organisation = ({ params }) => {
		const { system, issuer, program } = findContainers(store, params);
		const lookup = (key) => [program, issuer, system].map((o) => o && o[key]).find(Boolean);
		return ok({ name: lookup('name'), url: lookup('url'), description: lookup('description'), email: lookup('email') });
	};
	router.get('/public/systems/:systemSlug', organisation);
	router.get('/public/systems/:systemSlug/issuers/:issuerSlug', organisation);
	router.get('/public/systems/:systemSlug/issuers/:issuerSlug/programs/:programSlug', organisation);
};
