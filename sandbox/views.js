'use strict';
// Store rows → API JSON, with the exact key order of the real server (taken from the captured
// webhook deliveries where they exist, from the models' toResponse functions otherwise).
// `undefined` values are deliberate: JSON.stringify drops those keys, as the real server's did.

const { iso } = require('./dates');

function programView(p) {
	return {
		id: p.id,
		slug: p.slug,
		url: p.url,
		name: p.name,
		description: p.description,
		email: p.email,
		imageUrl: p.imageUrl,
	};
}

/** An issuer answers with a program's fields, then its programs. */
function issuerView(store, i, { withPrograms = true } = {}) {
	return { ...programView(i), programs: withPrograms ? store.programsOf(i.id).map(programView) : [] };
}

/** Systems never carry `description` in responses. Inside a badge, `issuers` is always []. */
function systemView(store, s, { withIssuers = true } = {}) {
	return {
		id: s.id,
		slug: s.slug,
		url: s.url,
		name: s.name,
		email: s.email,
		imageUrl: s.imageUrl,
		issuers: withIssuers ? store.issuersOf(s.id).map((i) => issuerView(store, i)) : [],
	};
}

function criterionView(c) {
	return { id: c.id, description: c.description, required: c.required, note: c.note };
}

/**
 * A badge. `relations: false` is the badge as loaded without relationships (revoke webhook,
 * DELETE responses, milestone badges): no imageUrl, no system/issuer/program, empty arrays.
 * `milestones` is only filled by GET one badge (milestones whose primary badge this is).
 */
function badgeView(store, b, { relations = true, milestones } = {}) {
	const system = relations && b.systemId ? store.findSystemById(b.systemId) : undefined;
	const issuer = relations && b.issuerId ? store.issuers.get(b.issuerId) : undefined;
	const program = relations && b.programId ? store.programs.get(b.programId) : undefined;
	return {
		id: b.id,
		slug: b.slug,
		name: b.name,
		strapline: b.strapline,
		earnerDescription: b.earnerDescription,
		consumerDescription: b.consumerDescription,
		issuerUrl: b.issuerUrl,
		rubricUrl: b.rubricUrl,
		timeValue: b.timeValue,
		timeUnits: b.timeUnits,
		limit: b.limit,
		unique: b.unique,
		created: iso(b.created),
		imageUrl: relations && b.imageUrl ? b.imageUrl : undefined,
		type: b.type,
		archived: !!b.archived,
		system: system ? systemView(store, system, { withIssuers: false }) : undefined,
		issuer: issuer ? issuerView(store, issuer, { withPrograms: false }) : undefined,
		program: program ? programView(program) : undefined,
		criteriaUrl: b.criteriaUrl,
		criteria: relations ? b.criteria.map(criterionView) : [],
		alignments: relations ? b.alignments.map((a) => ({ name: a.name, url: a.url, description: a.description })) : [],
		evidenceType: b.evidenceType,
		categories: relations ? b.categories.slice() : [],
		tags: relations ? b.tags.slice() : [],
		milestones: milestones ? milestones.map((m) => milestoneView(store, m)) : [],
	};
}

function milestoneView(store, m) {
	const primary = store.badges.get(m.primaryBadgeId);
	return {
		id: m.id,
		action: m.action,
		numberRequired: m.numberRequired,
		primaryBadge: primary ? badgeView(store, primary, { relations: false }) : null,
		supportBadges: m.supportBadgeIds
			.map((id) => store.badges.get(id))
			.filter(Boolean)
			.map((b) => badgeView(store, b, { relations: false })),
	};
}

function assertionUrl(base, slug) {
	return base + '/public/assertions/' + slug;
}

/** An instance as read from the database (GET/DELETE responses): dates at second precision. */
function instanceView(store, base, inst, { withBadge = true } = {}) {
	const badge = withBadge ? store.badges.get(inst.badgeId) : undefined;
	return {
		slug: inst.slug,
		email: inst.email,
		expires: iso(inst.expires),
		issuedOn: iso(inst.issuedOn),
		claimCode: inst.claimCode,
		assertionUrl: assertionUrl(base, inst.slug),
		badge: badge ? badgeView(store, badge) : null,
	};
}

/** A claim code as read from the database: `claimed`/`multiuse` are 0/1. */
function claimCodeView(c) {
	return { id: c.id, code: c.code, claimed: c.claimed, email: c.email, multiuse: c.multiuse };
}

function evidenceView(e) {
	return { url: e.url, mediaType: e.mediaType, reflection: e.reflection };
}

/** Key order from the captured review webhook. `badge: false` gives `badge: null` (DELETE). */
function applicationView(store, a, { badge = true, evidence = true } = {}) {
	const b = badge ? store.badges.get(a.badgeId) : undefined;
	return {
		id: a.id,
		slug: a.slug,
		learner: a.learner,
		created: iso(a.created),
		assignedTo: a.assignedTo,
		assignedExpiration: iso(a.assignedExpiration),
		badge: b ? badgeView(store, b) : null,
		processed: iso(a.processed),
		evidence: evidence ? a.evidence.map(evidenceView) : [],
	};
}

function reviewView(r) {
	return {
		id: r.id,
		slug: r.slug,
		author: r.author,
		comment: r.comment,
		reviewItems: r.reviewItems.map((item) => ({
			criterionId: item.criterionId,
			satisfied: item.satisfied,
			comment: item.comment,
		})),
	};
}

module.exports = {
	programView,
	issuerView,
	systemView,
	badgeView,
	milestoneView,
	instanceView,
	claimCodeView,
	applicationView,
	reviewView,
	assertionUrl,
};
