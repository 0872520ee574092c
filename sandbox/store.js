'use strict';
const { now, storeDate } = require('./dates');
const { storedRow, storedText, collationKey: ci } = require('./mysql');

// The in-memory "database". One Map per BadgeKit table, keyed by id and iterated in insertion
// (= auto-increment) order, plus private indexes so that every per-request lookup is a Map hit:
// the benchmarks issue thousands of awards and must not pay for scans over all instances.
// Rows hold raw values (Dates, 0/1 flags); views.js turns them into API responses.
// Like BadgeKit's MySQL tables, every string stored goes through storedText (no characters outside
// the BMP) and every lookup on a text column ignores case and accents (utf8_general_ci): the
// indexes are keyed by collationKey().

/** Systems, issuers and programs share their columns; each is found by its slug within its parent. */
const CONTAINERS = {
	systems: { index: 'systemBySlug', key: (row) => ci(row.slug) },
	issuers: { index: 'issuerByKey', key: (row) => row.systemId + '/' + ci(row.slug) },
	programs: { index: 'programByKey', key: (row) => row.issuerId + '/' + ci(row.slug) },
};

class Store {
	constructor() {
		/** @type {Map<number, object>} */ this.systems = new Map();
		this.issuers = new Map();
		this.programs = new Map();
		this.badges = new Map();
		this.claimCodes = new Map();
		this.instances = new Map();
		this.applications = new Map();
		this.reviews = new Map();
		this.milestones = new Map();
		/**
		 * BadgeKit's `webhooks` table: Map<id, {id, url, secret, systemId}>. Like the real table it is
		 * unique only on (url, systemId): a system can have several rows, and BadgeKit calls the first.
		 */
		this.webhooks = new Map();

		// Private indexes (not part of the documented shape).
		Object.defineProperty(this, '_idx', { value: {}, enumerable: false, writable: true });
		Object.defineProperty(this, '_nextIds', { value: {}, enumerable: false, writable: true });
		this.reset();
	}

	/** Empties every table in place (tests may hold references to the Maps) and restarts ids at 1. */
	reset() {
		for (const key of Object.keys(this)) if (this[key] instanceof Map) this[key].clear();
		this._nextIds = {};
		this._idx = {
			systemBySlug: new Map(), // slug → system
			issuerByKey: new Map(), // `${systemId}/${slug}` → issuer
			programByKey: new Map(), // `${issuerId}/${slug}` → program
			badgeBySlug: new Map(), // slug → badge (0.2.22's unique key `slug`: across systems)
			codeByBadgeCode: new Map(), // `${badgeId}\n${code}` → claim code (unique key code_and_badge)
			instanceBySlug: new Map(), // slug → instance
			instanceByBadgeEmail: new Map(), // `${badgeId}\n${email}` → instance (the unique key)
			instancesByBadge: new Map(), // badgeId → Set<instance>
			instancesByEmail: new Map(), // email → Set<instance>
			applicationBySlug: new Map(),
			reviewBySlug: new Map(),
		};
	}

	nextId(table) {
		this._nextIds[table] = (this._nextIds[table] || 0) + 1;
		return this._nextIds[table];
	}

	// --- systems -------------------------------------------------------------------------------

	findSystem(slug) {
		return this._idx.systemBySlug.get(CONTAINERS.systems.key({ slug }));
	}

	findSystemById(id) {
		return this.systems.get(id);
	}

	addSystem(fields) {
		return this._addContainer('systems', {}, fields);
	}

	updateSystem(row, changes) {
		return this._updateContainer('systems', row, changes);
	}

	deleteSystem(row) {
		for (const issuer of this.issuersOf(row.id)) this.deleteIssuer(issuer);
		for (const badge of [...this.badges.values()]) if (badge.systemId === row.id) this.deleteBadge(badge);
		for (const m of [...this.milestones.values()]) if (m.systemId === row.id) this.milestones.delete(m.id);
		this.deleteWebhooks(row.id);
		this._deleteContainer('systems', row);
	}

	// --- webhooks -------------------------------------------------------------------------------

	/** The row BadgeKit calls for a system: the first one (lowest id), whatever else is there. */
	webhookFor(systemId) {
		for (const row of this.webhooks.values()) if (row.systemId === systemId) return row;
		return undefined;
	}

	webhooksOf(systemId) {
		return [...this.webhooks.values()].filter((row) => row.systemId === systemId);
	}

	/** An INSERT: unique on (url, systemId) only, like BadgeKit's table. */
	addWebhook(systemId, { url, secret }) {
		if (this.webhooksOf(systemId).some((row) => row.url === url)) {
			throw new Error("ER_DUP_ENTRY: Duplicate entry '" + url + '-' + systemId + "' for key 'url_and_system'");
		}
		const row = { id: this.nextId('webhooks'), url, secret, systemId };
		this.webhooks.set(row.id, row);
		return row;
	}

	/** DELETE FROM webhooks WHERE systemId = …; returns how many rows went. */
	deleteWebhooks(systemId) {
		let deleted = 0;
		for (const row of this.webhooksOf(systemId)) deleted += this.webhooks.delete(row.id) ? 1 : 0;
		return deleted;
	}

	// --- issuers & programs --------------------------------------------------------------------

	issuersOf(systemId) {
		return [...this.issuers.values()].filter((i) => i.systemId === systemId);
	}

	programsOf(issuerId) {
		return [...this.programs.values()].filter((p) => p.issuerId === issuerId);
	}

	findIssuer(systemId, slug) {
		return this._idx.issuerByKey.get(CONTAINERS.issuers.key({ systemId, slug }));
	}

	findProgram(issuerId, slug) {
		return this._idx.programByKey.get(CONTAINERS.programs.key({ issuerId, slug }));
	}

	addIssuer(systemId, fields) {
		return this._addContainer('issuers', { systemId }, fields);
	}

	updateIssuer(row, changes) {
		return this._updateContainer('issuers', row, changes);
	}

	/** Only the issuer row, like the real server (no foreign keys): its programs become
	 * unreachable, its badges stay in the system's lists without an `issuer`. */
	deleteIssuer(row) {
		this._deleteContainer('issuers', row);
	}

	addProgram(issuer, fields) {
		return this._addContainer('programs', { systemId: issuer.systemId, issuerId: issuer.id }, fields);
	}

	updateProgram(row, changes) {
		return this._updateContainer('programs', row, changes);
	}

	/** Only the program row: its badges stay in the system's and issuer's lists. */
	deleteProgram(row) {
		this._deleteContainer('programs', row);
	}

	/** Inserts a system, issuer or program row (`parents`: its systemId/issuerId) and indexes its slug. */
	_addContainer(table, parents, fields) {
		const row = storedRow({
			id: this.nextId(table),
			...parents,
			slug: fields.slug,
			name: fields.name,
			url: fields.url,
			description: fields.description ?? null,
			email: fields.email ?? null,
			imageUrl: fields.imageUrl ?? null,
		});
		this[table].set(row.id, row);
		this._idx[CONTAINERS[table].index].set(CONTAINERS[table].key(row), row);
		return row;
	}

	/** Changes a container row in place; its slug index follows a new slug. */
	_updateContainer(table, row, changes) {
		const index = this._idx[CONTAINERS[table].index];
		index.delete(CONTAINERS[table].key(row));
		Object.assign(row, storedRow(changes));
		index.set(CONTAINERS[table].key(row), row);
		return row;
	}

	_deleteContainer(table, row) {
		this[table].delete(row.id);
		this._idx[CONTAINERS[table].index].delete(CONTAINERS[table].key(row));
	}

	// --- badges --------------------------------------------------------------------------------

	/** The badge with `slug` if it belongs to `systemId`. */
	findBadge(systemId, slug) {
		const badge = this._idx.badgeBySlug.get(ci(slug));
		return badge && badge.systemId === systemId ? badge : undefined;
	}

	/** The badge holding `slug` in any system: 0.2.22 makes badge slugs unique across the
	 * database (migration 20140606190514-45-badge-uniqueness). */
	findBadgeAnywhere(slug) {
		return this._idx.badgeBySlug.get(ci(slug));
	}

	/** Inserts a badge row; `fields` are already validated/coerced by the route. */
	addBadge(fields) {
		const row = storedRow({
			id: this.nextId('badges'),
			slug: fields.slug,
			name: fields.name,
			strapline: fields.strapline ?? null,
			earnerDescription: fields.earnerDescription ?? null,
			consumerDescription: fields.consumerDescription ?? null,
			issuerUrl: fields.issuerUrl ?? null,
			rubricUrl: fields.rubricUrl ?? null,
			criteriaUrl: fields.criteriaUrl ?? null,
			timeValue: fields.timeValue ?? null,
			timeUnits: fields.timeUnits ?? null,
			limit: fields.limit ?? null,
			unique: fields.unique ?? 0,
			created: storeDate(fields.created) ?? now(),
			archived: fields.archived ?? 0,
			imageUrl: fields.imageUrl ?? null,
			type: fields.type,
			evidenceType: fields.evidenceType ?? null,
			systemId: fields.systemId ?? null,
			issuerId: fields.issuerId ?? null,
			programId: fields.programId ?? null,
			criteria: [],
			alignments: [],
			categories: [],
			tags: [],
		});
		this.badges.set(row.id, row);
		this._idx.badgeBySlug.set(ci(row.slug), row);
		return row;
	}

	updateBadge(row, changes) {
		this._idx.badgeBySlug.delete(ci(row.slug));
		Object.assign(row, storedRow(changes));
		this._idx.badgeBySlug.set(ci(row.slug), row);
		return row;
	}

	/** Replaces a badge's criteria like Badge#setCriteria: items with a known id are updated in
	 * place, the others inserted, and every criterion not in the list is deleted. */
	setCriteria(badge, items) {
		const known = new Map(badge.criteria.map((c) => [c.id, c]));
		badge.criteria = items.map((item) => {
			const existing = item.id !== undefined ? known.get(Number(item.id)) : undefined;
			return {
				id: existing ? existing.id : this.nextId('criteria'),
				description: storedText(item.description ?? null),
				required: item.required,
				note: storedText(item.note ?? null),
			};
		});
	}

	setAlignments(badge, items) {
		badge.alignments = items.map((item) => ({
			id: this.nextId('alignments'),
			name: storedText(item.name ?? null),
			url: storedText(item.url ?? null),
			description: storedText(item.description ?? null),
		}));
	}

	/** Categories and tags: plain strings. */
	setValues(badge, key, values) {
		badge[key] = values.map(storedText);
	}

	/**
	 * The real Badge#del deletes the criteria and the badge row; the foreign keys of `milestones`
	 * and `milestoneBadges` (ON DELETE CASCADE) drop milestones it is the primary badge of and its
	 * place among support badges. Instances, claim codes and applications are deleted here too
	 * (the real server leaves them as orphan rows: see README, "Choices").
	 */
	deleteBadge(row) {
		for (const instance of [...this.instancesOfBadge(row.id)]) this.deleteInstance(instance);
		for (const code of [...this.claimCodes.values()]) if (code.badgeId === row.id) this.deleteClaimCode(code);
		for (const app of [...this.applications.values()]) if (app.badgeId === row.id) this.deleteApplication(app);
		for (const m of [...this.milestones.values()]) {
			if (m.primaryBadgeId === row.id) this.milestones.delete(m.id);
			else m.supportBadgeIds = m.supportBadgeIds.filter((id) => id !== row.id);
		}
		this.badges.delete(row.id);
		this._idx.badgeBySlug.delete(ci(row.slug));
	}

	// --- claim codes ---------------------------------------------------------------------------

	/** A badge's claim code; codes are unique per badge (and compared ignoring case).
	 * `findClaimCode(code)` alone: the first code so spelled on any badge. */
	findClaimCode(badgeId, code) {
		if (code === undefined) return this.claimCodesNamed(badgeId)[0];
		return this._idx.codeByBadgeCode.get(badgeId + '\n' + ci(code));
	}

	/** Every claim code spelled `code` (ignoring case), on any badge, in insertion order. */
	claimCodesNamed(code) {
		const key = ci(code);
		return [...this.claimCodes.values()].filter((c) => ci(c.code) === key);
	}

	addClaimCode(badgeId, fields) {
		const row = storedRow({
			id: this.nextId('claimCodes'),
			code: fields.code,
			claimed: fields.claimed ? 1 : 0,
			email: fields.email ?? null,
			multiuse: fields.multiuse ? 1 : 0,
			badgeId,
		});
		this.claimCodes.set(row.id, row);
		this._idx.codeByBadgeCode.set(badgeId + '\n' + ci(row.code), row);
		return row;
	}

	codesOfBadge(badgeId) {
		return [...this.claimCodes.values()].filter((c) => c.badgeId === badgeId);
	}

	deleteClaimCode(row) {
		this.claimCodes.delete(row.id);
		this._idx.codeByBadgeCode.delete(row.badgeId + '\n' + ci(row.code));
	}

	// --- badge instances -----------------------------------------------------------------------

	findInstance(badgeId, email) {
		return this._idx.instanceByBadgeEmail.get(badgeId + '\n' + ci(email));
	}

	findInstanceBySlug(slug) {
		return this._idx.instanceBySlug.get(ci(slug));
	}

	instancesOfBadge(badgeId) {
		return this._idx.instancesByBadge.get(badgeId) || new Set();
	}

	instancesOfEmail(email) {
		return this._idx.instancesByEmail.get(ci(email)) || new Set();
	}

	/** Inserts an instance; the caller has checked the (badgeId, email) and slug unique keys. */
	addInstance(fields) {
		const row = storedRow({
			id: this.nextId('badgeInstances'),
			slug: fields.slug,
			badgeId: fields.badgeId,
			email: fields.email,
			issuedOn: storeDate(fields.issuedOn) ?? now(),
			expires: storeDate(fields.expires),
			claimCode: fields.claimCode ?? null,
		});
		this.instances.set(row.id, row);
		const idx = this._idx;
		const email = ci(row.email);
		idx.instanceBySlug.set(ci(row.slug), row);
		idx.instanceByBadgeEmail.set(row.badgeId + '\n' + email, row);
		if (!idx.instancesByBadge.has(row.badgeId)) idx.instancesByBadge.set(row.badgeId, new Set());
		idx.instancesByBadge.get(row.badgeId).add(row);
		if (!idx.instancesByEmail.has(email)) idx.instancesByEmail.set(email, new Set());
		idx.instancesByEmail.get(email).add(row);
		return row;
	}

	deleteInstance(row) {
		const idx = this._idx;
		this.instances.delete(row.id);
		idx.instanceBySlug.delete(ci(row.slug));
		idx.instanceByBadgeEmail.delete(row.badgeId + '\n' + ci(row.email));
		const byBadge = idx.instancesByBadge.get(row.badgeId);
		if (byBadge) byBadge.delete(row);
		const byEmail = idx.instancesByEmail.get(ci(row.email));
		if (byEmail) byEmail.delete(row);
	}

	// --- applications & reviews ----------------------------------------------------------------

	findApplication(slug) {
		return this._idx.applicationBySlug.get(ci(slug));
	}

	addApplication(fields) {
		const row = storedRow({
			id: this.nextId('applications'),
			slug: fields.slug,
			badgeId: fields.badgeId,
			learner: fields.learner,
			created: storeDate(fields.created) ?? now(),
			assignedTo: fields.assignedTo ?? null,
			assignedExpiration: fields.assignedExpiration ?? null,
			processed: fields.processed ?? null,
			systemId: fields.systemId ?? null,
			issuerId: fields.issuerId ?? null,
			programId: fields.programId ?? null,
			evidence: [],
		});
		this.applications.set(row.id, row);
		this._idx.applicationBySlug.set(ci(row.slug), row);
		return row;
	}

	/** Changes to an application's own columns (the route has validated them). */
	updateApplication(row, changes) {
		return Object.assign(row, storedRow(changes));
	}

	setEvidence(application, items) {
		application.evidence = items.map((item) => ({
			id: this.nextId('evidence'),
			url: storedText(item.url ?? null),
			mediaType: item.mediaType ?? null,
			reflection: storedText(item.reflection ?? null),
		}));
	}

	deleteApplication(row) {
		for (const review of this.reviewsOf(row.id)) this.deleteReview(review);
		this.applications.delete(row.id);
		this._idx.applicationBySlug.delete(ci(row.slug));
	}

	findReview(slug) {
		return this._idx.reviewBySlug.get(ci(slug));
	}

	reviewsOf(applicationId) {
		return [...this.reviews.values()].filter((r) => r.applicationId === applicationId);
	}

	addReview(fields) {
		const row = storedRow({
			id: this.nextId('reviews'),
			slug: fields.slug,
			applicationId: fields.applicationId,
			author: fields.author,
			comment: fields.comment ?? null,
			reviewItems: [],
		});
		this.reviews.set(row.id, row);
		this._idx.reviewBySlug.set(ci(row.slug), row);
		return row;
	}

	/** Changes to a review: author/comment and, when given, its review items (replaced). */
	updateReview(row, changes, reviewItems) {
		Object.assign(row, storedRow(changes));
		if (reviewItems !== undefined) {
			row.reviewItems = reviewItems.map((item) => ({ ...item, comment: storedText(item.comment) }));
		}
		return row;
	}

	deleteReview(row) {
		this.reviews.delete(row.id);
		this._idx.reviewBySlug.delete(ci(row.slug));
	}

	// --- milestones ----------------------------------------------------------------------------

	addMilestone(fields) {
		const row = storedRow({
			id: this.nextId('milestones'),
			systemId: fields.systemId,
			primaryBadgeId: fields.primaryBadgeId,
			numberRequired: fields.numberRequired,
			action: fields.action ?? 'issue',
			supportBadgeIds: fields.supportBadgeIds || [],
		});
		this.milestones.set(row.id, row);
		return row;
	}

	/** Milestones that list `badgeId` among their support badges (few rows: a scan is fine). */
	milestonesSupportedBy(badgeId) {
		const found = [];
		for (const m of this.milestones.values()) if (m.supportBadgeIds.includes(badgeId)) found.push(m);
		return found;
	}
}

module.exports = { Store };
