'use strict';
// Milestones (milestones.md). Awarding happens in instances.js when a support badge is issued.

const { errors, validate, required, HttpError } = require('../http');
const { milestoneView } = require('../views');
const { findContainers, ok, created } = require('./common');

const ACTIONS = ['issue', 'queue-application'];
// bluebird's Promise.map(undefined, …) rejection, answered by restify as a plain Error.
const NOT_AN_ARRAY = 'expecting an array, a promise or a thenable';
const MILESTONE_RULES = {
	primaryBadgeId: required('isInt'),
	numberRequired: required('isInt'),
};

function validateRow(row) {
	const details = validate(row, MILESTONE_RULES);
	if (row.action !== undefined && row.action !== null && !ACTIONS.includes(row.action)) {
		details.push({ field: 'action', value: row.action, message: 'Value must be one of the following: ' + ACTIONS.join(', ') });
	}
	return details;
}

function supportIds(value) {
	return value.map((id) => parseInt(id, 10)).filter((id) => !Number.isNaN(id));
}

module.exports = function milestoneRoutes(router, { store }) {
	const base = '/systems/:systemSlug/milestones';

	function findMilestone(params) {
		const { system } = findContainers(store, params);
		const milestone = store.milestones.get(parseInt(params.milestoneId, 10));
		if (!milestone || milestone.systemId !== system.id || String(milestone.id) !== params.milestoneId) {
			throw errors.notFound('milestone', 'id', params.milestoneId);
		}
		return { system, milestone };
	}

	router.get(base, ({ params }) => {
		const { system } = findContainers(store, params);
		// The real route never paginates: `page`/`count` are ignored, the whole list comes without pageData.
		const list = [...store.milestones.values()].filter((m) => m.systemId === system.id).map((m) => milestoneView(store, m));
		return ok({ milestones: list });
	});

	router.post(base, ({ params, body }) => {
		const { system } = findContainers(store, params);
		const row = { numberRequired: body.numberRequired, primaryBadgeId: body.primaryBadgeId, action: body.action };
		const details = validateRow(row);
		// The docs call supportBadges required; the real server crashes (500) after inserting the
		// milestone when it is missing, we refuse it up front instead.
		if (!Array.isArray(body.supportBadges)) details.push({ field: 'supportBadges', value: body.supportBadges ?? '' });
		if (details.length) throw errors.validation(details);
		const milestone = store.addMilestone({
			systemId: system.id,
			primaryBadgeId: parseInt(row.primaryBadgeId, 10),
			numberRequired: parseInt(row.numberRequired, 10),
			action: row.action ?? 'issue',
			supportBadgeIds: supportIds(body.supportBadges),
		});
		return created({ status: 'created', milestone: milestoneView(store, milestone) });
	});

	router.get(base + '/:milestoneId', ({ params }) => {
		const { milestone } = findMilestone(params);
		return ok({ milestone: milestoneView(store, milestone) });
	});

	router.put(base + '/:milestoneId', ({ params, body }) => {
		const { milestone } = findMilestone(params);
		const next = {
			numberRequired: body.numberRequired ?? milestone.numberRequired,
			primaryBadgeId: body.primaryBadgeId ?? milestone.primaryBadgeId,
			action: body.action ?? milestone.action,
		};
		const details = validateRow(next);
		if (details.length) throw errors.validation(details);
		milestone.numberRequired = parseInt(next.numberRequired, 10);
		milestone.primaryBadgeId = parseInt(next.primaryBadgeId, 10);
		milestone.action = next.action;
		// The real update saves the row, deletes every support badge, then maps over
		// `supportBadges`: without an array bluebird rejects, the support badges stay deleted and
		// the request answers 500.
		milestone.supportBadgeIds = [];
		if (!Array.isArray(body.supportBadges)) throw errors.database(NOT_AN_ARRAY);
		milestone.supportBadgeIds = supportIds(body.supportBadges);
		return ok({ status: 'updated', milestone: milestoneView(store, milestone) });
	});

	router.del(base + '/:milestoneId', ({ params }) => {
		const { milestone } = findMilestone(params);
		store.milestones.delete(milestone.id);
		return ok({ status: 'deleted' });
	});

	function changeSupport(add) {
		return ({ params, body }) => {
			const { milestone } = findMilestone(params);
			const badgeId = parseInt(body.badgeId, 10);
			if (Number.isNaN(badgeId))
				throw new HttpError(400, {
					code: 'ValidationError',
					message: 'Could not validate required fields',
					details: [{ field: 'badgeId', value: body.badgeId ?? '' }],
				});
			const has = milestone.supportBadgeIds.includes(badgeId);
			if (add && !has) milestone.supportBadgeIds.push(badgeId);
			if (!add && has) milestone.supportBadgeIds = milestone.supportBadgeIds.filter((id) => id !== badgeId);
			return ok({ status: 'updated', milestone: milestoneView(store, milestone) });
		};
	}

	router.post(base + '/:milestoneId/add-badge', changeSupport(true));
	router.post(base + '/:milestoneId/remove-badge', changeSupport(false));
};
