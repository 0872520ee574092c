'use strict';
// Assessment (assessment.md): applications and their reviews, and the `review` webhook.

const crypto = require('node:crypto');
const { errors, validate, required, optional, toArray, toFlag } = require('../http');
const { applicationView, reviewView } = require('../views');
const dates = require('../dates');
const { forEachScope, findContainers, findBadge, paginate, ok, created } = require('./common');

const APPLICATION_RULES = {
	learner: required('isEmail'),
	assignedTo: optional('isEmail'),
	assignedExpiration: optional('isDate'),
	processed: optional('isDate'),
};
const REVIEW_RULES = { author: required('isEmail') };

// What MySQL answers for the broken query `?processed=true` builds on the real server.
const PROCESSED_TRUE_ERROR =
	"ER_PARSE_ERROR: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'true ORDER BY `badgeId`, `created`' at line 1";

function md5(s) {
	return crypto.createHash('md5').update(s).digest('hex');
}

/** processed: the real handler does `new Date(processed)`, so unix seconds land in January 1970. */
function toProcessed(value) {
	if (!value) return null;
	return new Date(value);
}

function evidenceFrom(value) {
	return toArray(value).filter((e) => e && typeof e === 'object');
}

function reviewItemsFrom(value) {
	return toArray(value)
		.filter((item) => item && typeof item === 'object')
		.map((item) => ({
			criterionId: item.criterionId === undefined ? null : parseInt(item.criterionId, 10),
			satisfied: toFlag(item.satisfied),
			comment: item.comment ?? null,
		}));
}

module.exports = function assessmentRoutes(router, { store }) {
	function uniqueSlug(seed, exists) {
		let slug = md5(Date.now().toString() + seed);
		for (let i = 1; exists(slug); i++) slug = md5(Date.now().toString() + seed + i);
		return slug;
	}

	function findApplication(params) {
		const found = findBadge(store, params);
		const application = store.findApplication(params.applicationSlug);
		if (!application || application.badgeId !== found.badge.id) {
			throw errors.notFound('application', 'slug', params.applicationSlug);
		}
		return { ...found, application };
	}

	function findReview(params) {
		const found = findApplication(params);
		const review = store.findReview(params.reviewSlug);
		if (!review || review.applicationId !== found.application.id) throw errors.notFound('review', 'slug', params.reviewSlug);
		return { ...found, review };
	}

	/** `approved`: every required criterion of the badge has a review item with satisfied 1. */
	function isApproved(badge, review) {
		const satisfied = new Set(review.reviewItems.filter((i) => i.satisfied).map((i) => i.criterionId));
		return badge.criteria.filter((c) => c.required).every((c) => satisfied.has(c.id));
	}

	function reviewPayload(application, review, badge) {
		// In the webhook the application's evidence is always [] (it is not loaded there).
		return {
			action: 'review',
			application: applicationView(store, application, { evidence: false }),
			review: reviewView(review),
			approved: isApproved(badge, review),
		};
	}

	function listApplications({ params, query }) {
		const { system, issuer, program } = findContainers(store, params);
		let badge;
		if (params.badgeSlug !== undefined) badge = findBadge(store, params).badge;
		const processed = query.processed === undefined ? 'any' : String(query.processed);
		if (processed === 'true') throw errors.database(PROCESSED_TRUE_ERROR);
		// `?email=` is the real query's `learner = ?`: an exact match, without regard to case (utf8_general_ci).
		const email = query.email ? String(query.email).toLowerCase() : '';
		const list = [];
		for (const a of store.applications.values()) {
			if (a.systemId !== system.id) continue;
			if (issuer && a.issuerId !== issuer.id) continue;
			if (program && a.programId !== program.id) continue;
			if (badge && a.badgeId !== badge.id) continue;
			if (processed === 'false' && a.processed !== null) continue;
			if (email && String(a.learner).toLowerCase() !== email) continue;
			list.push(a);
		}
		// Sorted by badge, then creation date (the real query's ORDER BY badgeId, created; equal dates
		// come in id order here, in no defined order in MySQL).
		list.sort((x, y) => x.badgeId - y.badgeId || x.created - y.created || x.id - y.id);
		// The page is cut before the rows are turned into JSON: same answer, but a page of a 50,000-row
		// list costs milliseconds here (BadgeKit builds every row, then slices).
		const page = paginate(query, { applications: list }, 'applications');
		page.applications = page.applications.map((a) => applicationView(store, a));
		return ok(page);
	}

	forEachScope((prefix) => {
		router.get(prefix + '/applications', listApplications);
		router.get(prefix + '/badges/:badgeSlug/applications', listApplications);

		const applications = prefix + '/badges/:badgeSlug/applications';
		const one = applications + '/:applicationSlug';

		router.post(applications, ({ params, body }) => {
			const { badge } = findBadge(store, params);
			const row = { learner: body.learner, assignedTo: body.assignedTo, assignedExpiration: body.assignedExpiration };
			const details = validate(row, APPLICATION_RULES);
			if (details.length) throw errors.validation(details);
			const application = store.addApplication({
				...row,
				assignedExpiration: dates.storeDate(row.assignedExpiration),
				slug: uniqueSlug(String(row.learner), (s) => store.findApplication(s)),
				badgeId: badge.id,
				systemId: badge.systemId,
				issuerId: badge.issuerId,
				programId: badge.programId,
				created: dates.now(),
			});
			store.setEvidence(application, evidenceFrom(body.evidence));
			return created({ status: 'created', application: applicationView(store, application) });
		});

		router.get(one, ({ params }) => {
			const { application } = findApplication(params);
			return ok({ application: applicationView(store, application) });
		});

		router.put(one, ({ params, body }) => {
			const { application } = findApplication(params);
			const changes = {};
			for (const key of ['learner', 'assignedTo', 'assignedExpiration']) if (body[key] !== undefined) changes[key] = body[key];
			if (body.processed !== undefined) changes.processed = toProcessed(body.processed);
			const details = validate({ ...application, ...changes }, APPLICATION_RULES);
			if (details.length) throw errors.validation(details);
			if (changes.assignedExpiration !== undefined) changes.assignedExpiration = dates.storeDate(changes.assignedExpiration);
			if (changes.processed !== undefined) changes.processed = dates.storeDate(changes.processed);
			store.updateApplication(application, changes);
			if (body.evidence !== undefined) store.setEvidence(application, evidenceFrom(body.evidence));
			return ok({ status: 'updated', application: applicationView(store, application) });
		});

		router.del(one, ({ params }) => {
			const { application } = findApplication(params);
			const view = applicationView(store, application, { badge: false, evidence: false });
			store.deleteApplication(application);
			return ok({ status: 'deleted', application: view });
		});

		// --- reviews ---
		router.get(one + '/reviews', ({ params, query }) => {
			const { application } = findApplication(params);
			return ok(paginate(query, { reviews: store.reviewsOf(application.id).map(reviewView) }, 'reviews'));
		});

		router.get(one + '/reviews/:reviewSlug', ({ params }) => {
			const { review } = findReview(params);
			return ok({ review: reviewView(review) });
		});

		router.post(one + '/reviews', (ctx) => {
			const { system, badge, application } = findApplication(ctx.params);
			const body = ctx.body;
			const row = { author: body.author, comment: body.comment };
			const details = validate(row, REVIEW_RULES);
			if (details.length) throw errors.validation(details);
			const review = store.addReview({
				...row,
				slug: uniqueSlug(String(row.author), (s) => store.findReview(s)),
				applicationId: application.id,
			});
			store.updateReview(review, {}, reviewItemsFrom(body.reviewItems));
			ctx.webhook(system.id, [reviewPayload(application, review, badge)]);
			return created({ status: 'created', review: reviewView(review) });
		});

		// Updating a review goes through the same code as creating one on the real server, so
		// it sends a `review` webhook too.
		router.put(one + '/reviews/:reviewSlug', (ctx) => {
			const { system, badge, application, review } = findReview(ctx.params);
			const body = ctx.body;
			const next = { author: body.author ?? review.author, comment: body.comment ?? review.comment };
			const details = validate(next, REVIEW_RULES);
			if (details.length) throw errors.validation(details);
			store.updateReview(review, next, body.reviewItems === undefined ? undefined : reviewItemsFrom(body.reviewItems));
			ctx.webhook(system.id, [reviewPayload(application, review, badge)]);
			return ok({ status: 'updated', review: reviewView(review) });
		});

		// The real server answers the deleted review under the key `badge`.
		router.del(one + '/reviews/:reviewSlug', ({ params }) => {
			const { review } = findReview(params);
			store.deleteReview(review);
			return ok({ status: 'deleted', badge: reviewView(review) });
		});
	});
};
