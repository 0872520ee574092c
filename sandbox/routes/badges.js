'use strict';
// Badges in system, issuer and program scope (badges.md) plus GET /public/badges lives in public.js.

const crypto = require('node:crypto');
const { errors, validate, required, optional, compact, toFlag, toIntOrNull, toArray } = require('../http');
const { badgeView } = require('../views');
const dates = require('../dates');
const { forEachScope, findContainers, findBadge, paginate, ok, created } = require('./common');

// In the order of the badges table's columns: that is the order validation details come in.
const BADGE_RULES = {
	slug: required('len', 1, 255),
	name: required('len', 1, 255),
	strapline: optional('len', 0, 140),
	earnerDescription: required('len', 1),
	consumerDescription: required('len', 1),
	criteriaUrl: required('isUrl'),
	timeValue: optional('isInt'),
	timeUnits: optional('isIn', ['minutes', 'hours', 'days', 'weeks']),
	limit: optional('isInt'),
	unique: required('isIn', ['0', '1', 'true', 'false']),
	evidenceType: optional('isIn', ['URL', 'Text', 'Photo', 'Video', 'Sound']),
};

const EDITABLE = [
	'slug',
	'name',
	'strapline',
	'earnerDescription',
	'consumerDescription',
	'issuerUrl',
	'rubricUrl',
	'criteriaUrl',
	'timeValue',
	'timeUnits',
	'limit',
	'unique',
	'archived',
	'type',
	'evidenceType',
];

/** The columns a create takes: everything editable except `archived`, which the real
 * fromPostToRow leaves out (a badge is created unarchived; archive it with an update). */
function fromPost(body) {
	const row = {};
	for (const key of EDITABLE) if (key !== 'archived') row[key] = body[key];
	return row;
}

/**
 * 0.2.22 ignores a posted slug: the badge gets md5(time + name), hashed like the rest of BadgeKit's
 * generated slugs (`hashString(Date.now().toString() + …)`; Node 0.10 hashed strings as latin1).
 * Two badges with the same name created in the same millisecond collide (→ 409), as they would there.
 */
function generatedSlug(name) {
	return crypto
		.createHash('md5')
		.update(Date.now().toString() + name, 'latin1')
		.digest('hex');
}

/** The real code reads `image` (a URL or an upload); the docs also name `imageUrl`, so take both. */
function imageFrom(body) {
	if (typeof body.image === 'string' && body.image) return body.image;
	if (typeof body.imageUrl === 'string' && body.imageUrl) return body.imageUrl;
	return undefined;
}

/** Column coercions MySQL would apply on insert/update. */
function toColumns(row) {
	const out = { ...row };
	if (row.unique !== undefined) out.unique = toFlag(row.unique);
	if (row.archived !== undefined) out.archived = toFlag(row.archived);
	if (row.timeValue !== undefined) out.timeValue = toIntOrNull(row.timeValue);
	if (row.limit !== undefined) out.limit = toIntOrNull(row.limit);
	for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
	return out;
}

function criteriaFrom(body) {
	return toArray(body.criteria)
		.filter((c) => c && typeof c === 'object')
		.map((c) => ({ id: c.id, description: c.description, required: toFlag(c.required), note: c.note }));
}

/** Empty and duplicate values are dropped, like Badge#setCategories / #setTags. */
function distinctValues(value) {
	const list = toArray(value).map((v) => (v && typeof v === 'object' ? v.value : v));
	return list.filter((v, pos) => v && list.indexOf(v) === pos).map(String);
}

/** Criteria, alignments, categories and tags are *replaced* by what the request carries, on PUT
 * too: a PUT that omits `criteria` deletes the badge's criteria (real-server behaviour). */
function setRelations(store, badge, body) {
	store.setCriteria(badge, criteriaFrom(body));
	store.setAlignments(
		badge,
		toArray(body.alignments).filter((a) => a && typeof a === 'object'),
	);
	store.setValues(badge, 'categories', distinctValues(body.categories));
	store.setValues(badge, 'tags', distinctValues(body.tags));
}

const NULL_TYPE = "ER_BAD_NULL_ERROR: Column 'type' cannot be null";

module.exports = function badgeRoutes(router, { store, options }) {
	// 'generated' (0.2.22, the default) or 'posted' (BadgeKit's later code keeps the posted slug).
	const keepPostedSlug = () => options.badgeSlugs === 'posted';

	forEachScope((prefix) => {
		router.get(prefix + '/badges', ({ params, query }) => {
			const { system, issuer, program } = findContainers(store, params);
			let wantArchived;
			switch (String(query.archived)) {
				case 'true':
				case '1':
					wantArchived = true;
					break;
				case 'false':
				case '0':
				case 'undefined':
					wantArchived = false;
					break;
				case 'any':
				case '':
					wantArchived = undefined;
					break;
				default:
					return {
						status: 400,
						body: {
							code: 'InvalidParameter',
							parameter: 'archived',
							message: "Invalid `archived` parameter. Expecting one of 'true', 'false' or 'any'.",
						},
					};
			}
			const badges = [];
			for (const b of store.badges.values()) {
				if (b.systemId !== system.id) continue;
				if (issuer && b.issuerId !== issuer.id) continue;
				if (program && b.programId !== program.id) continue;
				if (wantArchived !== undefined && !!b.archived !== wantArchived) continue;
				badges.push(badgeView(store, b));
			}
			return ok(paginate(query, { badges }, 'badges'));
		});

		router.post(prefix + '/badges', ({ params, body }) => {
			const { system, issuer, program } = findContainers(store, params);
			const row = fromPost(body);
			if (!keepPostedSlug()) row.slug = generatedSlug(row.name);
			const details = validate(row, BADGE_RULES);
			const imageUrl = imageFrom(body);
			if (!imageUrl) details.push({ message: 'Missing value', field: 'image' });
			if (details.length) throw errors.validation(details);
			// `type` has no validator but is NOT NULL in the database: the insert fails with a 500.
			if (row.type === undefined || row.type === null) throw errors.database(NULL_TYPE);
			const scope = { systemId: system.id, issuerId: issuer ? issuer.id : undefined, programId: program ? program.id : undefined };
			if (store.findBadgeAnywhere(row.slug)) {
				throw errors.conflict('badge with that `slug` already exists', compact({ ...row, ...scope }));
			}
			const badge = store.addBadge({ ...toColumns(row), ...scope, imageUrl, created: dates.now() });
			setRelations(store, badge, body);
			return created({ status: 'created', badge: badgeView(store, badge) });
		});

		router.get(prefix + '/badges/:badgeSlug', ({ params }) => {
			const { system, badge } = findBadge(store, params);
			const milestones = [...store.milestones.values()].filter((m) => m.primaryBadgeId === badge.id && m.systemId === system.id);
			return ok({ badge: badgeView(store, badge, { milestones }) });
		});

		router.put(prefix + '/badges/:badgeSlug', ({ params, body }) => {
			const { system, badge } = findBadge(store, params);
			const changes = {};
			for (const key of EDITABLE) if (body[key] !== undefined) changes[key] = body[key];
			const next = { ...badge, ...changes };
			const details = validate(next, BADGE_RULES);
			if (details.length) throw errors.validation(details);
			if (next.type === undefined || next.type === null) throw errors.database(NULL_TYPE);
			const clash = store.findBadgeAnywhere(next.slug);
			if (clash && clash !== badge) {
				throw errors.conflict('badge with that `slug` already exists', compact(fromPost(next)));
			}
			const imageUrl = imageFrom(body);
			store.updateBadge(badge, { ...toColumns(changes), ...(imageUrl ? { imageUrl } : {}) });
			setRelations(store, badge, body);
			return ok({ status: 'updated', badge: badgeView(store, badge) });
		});

		router.del(prefix + '/badges/:badgeSlug', ({ params }) => {
			const { badge } = findBadge(store, params);
			const view = badgeView(store, badge, { relations: false });
			store.deleteBadge(badge);
			return ok({ status: 'deleted', badge: view });
		});
	});
};
