'use strict';
// Issuing (issuing.md): badge instances, the undocumented bulk route, milestone awards and the
// award/revoke webhooks.

const crypto = require('node:crypto');
const { errors, validate, required, optional, HttpError } = require('../http');
const { badgeView, instanceView, assertionUrl } = require('../views');
const dates = require('../dates');
const { storedText } = require('../mysql');
const { forEachScope, findContainers, findBadge, paginate, ok, created } = require('./common');

const INSTANCE_RULES = { email: required('isEmail'), claimCode: optional('len', 0, 255) };

function sha1(s) {
	return crypto.createHash('sha1').update(s).digest('hex');
}

module.exports = function instanceRoutes(router, { store, base, HANG }) {
	/** A slug nobody holds yet, generated like BadgeInstances.formatUserInput does. */
	function generateSlug(seed) {
		let slug = sha1(Date.now() + seed);
		for (let i = 1; store.findInstanceBySlug(slug); i++) slug = sha1(Date.now() + seed + i);
		return slug;
	}

	/** BadgeInstances.formatUserInput: issuedOn/claimCode stay raw (they are echoed as sent). */
	function formatUserInput(input) {
		return {
			slug: input.slug || generateSlug(JSON.stringify(input)),
			givenSlug: !!input.slug,
			email: input.email,
			issuedOn: input.issuedOn || new Date(),
			expires: input.expires ? dates.dateFromUnixtime(input.expires) : null,
			claimCode: input.claimCode,
		};
	}

	function insert(badge, row) {
		return store.addInstance({
			slug: row.slug,
			badgeId: badge.id,
			email: row.email,
			issuedOn: dates.storeIssuedOn(row.issuedOn),
			expires: dates.storeDate(row.expires),
			claimCode: row.claimCode ?? null,
		});
	}

	/** The instance as the create handler echoes it: the row it inserted, not a re-read one. */
	function createdView(row) {
		return {
			slug: row.slug,
			email: row.email,
			expires: row.expires,
			issuedOn: row.issuedOn,
			claimCode: row.claimCode,
			assertionUrl: assertionUrl(base(), row.slug),
			badge: null,
		};
	}

	/** Award webhook body. `comment` undefined (milestone awards) drops the key, and so does an
	 * issuedOn that unixtimeFromDate cannot read (an ISO string). */
	function awardPayload(badgeJson, row, comment) {
		return {
			action: 'award',
			uid: row.slug,
			badge: badgeJson,
			email: row.email,
			assertionUrl: assertionUrl(base(), row.slug),
			issuedOn: dates.unixtimeFromDate(row.issuedOn),
			comment,
		};
	}

	/**
	 * Milestones.findAndAward: every milestone that lists `badge` as a support badge, whose
	 * primary badge the earner lacks and whose numberRequired support badges they now hold, is
	 * awarded. Its webhook reuses the *support* badge (the real server's bug).
	 */
	function awardMilestones(email, badge, badgeJson) {
		const related = store.milestonesSupportedBy(badge.id);
		if (!related.length) return [];
		const held = new Set([...store.instancesOfEmail(email)].map((i) => i.badgeId));
		const payloads = [];
		for (const m of related) {
			if (held.has(m.primaryBadgeId)) continue;
			const primary = store.badges.get(m.primaryBadgeId);
			if (!primary) continue;
			const earned = m.supportBadgeIds.filter((id) => held.has(id)).length;
			if (earned < m.numberRequired) continue;
			const row = formatUserInput({ email });
			insert(primary, row);
			payloads.push(awardPayload(badgeJson, row));
		}
		return payloads;
	}

	forEachScope((prefix) => {
		const instances = prefix + '/badges/:badgeSlug/instances';

		router.post(instances, (ctx) => {
			const { system, badge } = findBadge(store, ctx.params);
			const body = ctx.body;
			const row = formatUserInput(body);
			const details = validate(row, INSTANCE_RULES);
			if (details.length) throw errors.validation(details);

			if (row.claimCode) {
				const code = store.findClaimCode(badge.id, String(row.claimCode));
				// The real server dereferences the missing code inside a promise chain that never
				// answers: the client waits forever.
				if (!code) return HANG;
				if (code.claimed && !code.multiuse) throw errors.codeAlreadyUsed(code.code);
				code.claimed = 1;
				code.email = storedText(row.email);
			}

			const existing = store.findInstance(badge.id, row.email);
			if (existing) {
				throw errors.conflict('User ' + row.email + ' has already been awarded badge ' + badge.slug, {
					assertionUrl: assertionUrl(base(), existing.slug),
				});
			}
			// Same unique-key error for a caller-chosen slug that exists, but then the 409 lookup by
			// email finds nothing and crashes in the promise: no answer at all.
			if (store.findInstanceBySlug(row.slug)) return HANG;

			insert(badge, row);
			const badgeJson = badgeView(store, badge);
			const payloads = [awardPayload(badgeJson, row, body.comment || null)];
			payloads.push(...awardMilestones(row.email, badge, badgeJson));
			ctx.webhook(system.id, payloads);
			return {
				status: 201,
				headers: { Location: '/public/assertions/' + row.slug },
				body: { status: 'created', instance: createdView(row) },
			};
		});

		router.post(instances + '/bulk', (ctx) => {
			const { system, badge } = findBadge(store, ctx.params);
			const body = ctx.body;
			if (!Array.isArray(body.emails)) {
				throw new HttpError(400, { message: 'Invalid value for "emails".  Expected array.' });
			}
			// The real server hashes the whole body (emails included) into each slug: O(n²) for
			// big bulks. Slugs only need to be unique, so leave the list out.
			const rest = { ...body, emails: undefined };
			const rows = body.emails.map((email) => {
				const row = formatUserInput({ ...rest, email });
				delete row.claimCode;
				return row;
			});
			const details = rows.flatMap((row) => validate(row, INSTANCE_RULES));
			if (details.length) throw errors.validation(details);

			const badgeJson = badgeView(store, badge);
			const comment = body.comment || null;
			const createdRows = [];
			const payloads = [];
			for (const row of rows) {
				// Duplicate key (email already holds the badge, or slug taken): skipped silently.
				if (store.findInstance(badge.id, row.email) || store.findInstanceBySlug(row.slug)) continue;
				insert(badge, row);
				createdRows.push(row);
				payloads.push(awardPayload(badgeJson, row, comment));
				payloads.push(...awardMilestones(row.email, badge, badgeJson));
			}
			ctx.webhook(system.id, payloads);
			return created({ status: 'created', instances: createdRows.map(createdView) });
		});

		router.get(instances, ({ params, query }) => {
			const { badge } = findBadge(store, params);
			const list = [...store.instancesOfBadge(badge.id)].map((i) => instanceView(store, base(), i));
			return ok(paginate(query, { instances: list }, 'instances'));
		});

		function findInstance(params) {
			const found = findBadge(store, params);
			const instance = store.findInstance(found.badge.id, params.instanceEmail);
			if (!instance) throw errors.notFound('badgeInstance', 'email', params.instanceEmail);
			return { ...found, instance };
		}

		router.get(instances + '/:instanceEmail', ({ params }) => {
			const { instance } = findInstance(params);
			return ok({ instance: instanceView(store, base(), instance) });
		});

		router.del(instances + '/:instanceEmail', (ctx) => {
			const { system, badge, instance } = findInstance(ctx.params);
			const view = instanceView(store, base(), instance);
			store.deleteInstance(instance);
			// The badge here was loaded without relationships: no imageUrl, no system.
			ctx.webhook(system.id, [{ action: 'revoke', uid: instance.slug, badge: badgeView(store, badge, { relations: false }), email: instance.email }]);
			return ok({ instance: view });
		});

		// All instances of an earner in the system. The issuer/program forms check that their
		// containers exist but do not filter by them (real-server behaviour).
		router.get(prefix + '/instances/:email', ({ params, query }) => {
			const { system } = findContainers(store, params);
			const list = [];
			for (const i of store.instancesOfEmail(params.email)) {
				const b = store.badges.get(i.badgeId);
				if (b && b.systemId === system.id) list.push(instanceView(store, base(), i));
			}
			return ok(paginate(query, { instances: list }, 'instances'));
		});
	});
};
