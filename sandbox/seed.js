'use strict';
// Seed data. 'empty' is an empty database; 'demo' is a small, coherent BadgeKit world for
// newcomers (the sandbox `npm start` runs) and for tests that need something to poke at:
//
//   system  demo ─ issuer demo-issuer ─ program demo-program
//   badges  direct-demo      (system)  no criteria: issue it directly; claim codes DEMO-CLAIM-1, DEMO-EVENT
//           assessed-demo    (system)  2 criteria, 1 required: application from learner@example.com
//           issuer-demo      (issuer)
//           program-demo     (program)
//           support-a-demo, support-b-demo → milestone-demo (milestone: both support badges required)
//           archived-demo    (system, archived)

const dates = require('./dates');

const SEEDS = ['empty', 'demo'];

function seedDemo(store) {
	const created = dates.now();
	const system = store.addSystem({
		slug: 'demo',
		name: 'Demo System',
		url: 'https://demo.example.org/',
		description: 'The BadgeKit sandbox system',
		email: 'admin@example.org',
	});
	const issuer = store.addIssuer(system.id, {
		slug: 'demo-issuer',
		name: 'Demo Issuer',
		url: 'https://issuer.example.org/',
		description: 'An issuer inside the demo system',
		email: 'issuer@example.org',
	});
	const program = store.addProgram(issuer, {
		slug: 'demo-program',
		name: 'Demo Program',
		url: 'https://program.example.org/',
		description: 'A program of the demo issuer',
		email: 'program@example.org',
	});

	const badge = (slug, name, scope, extra = {}) => {
		const row = store.addBadge({
			slug,
			name,
			strapline: extra.strapline ?? 'A BadgeKit sandbox badge',
			earnerDescription: extra.earnerDescription ?? 'Earn it by trying BadgeKit.',
			consumerDescription: extra.consumerDescription ?? 'The holder tried BadgeKit.',
			criteriaUrl: 'https://demo.example.org/criteria/' + slug,
			imageUrl: 'https://demo.example.org/images/' + slug + '.png',
			unique: 0,
			archived: extra.archived ? 1 : 0,
			type: 'skill',
			created,
			systemId: system.id,
			issuerId: scope === 'issuer' || scope === 'program' ? issuer.id : null,
			programId: scope === 'program' ? program.id : null,
		});
		if (extra.criteria) store.setCriteria(row, extra.criteria);
		if (extra.tags) row.tags = extra.tags;
		return row;
	};

	const direct = badge('direct-demo', 'Direct Demo Badge', 'system', {
		strapline: 'Issued straight to an email address',
		tags: ['demo', 'direct'],
	});
	const assessed = badge('assessed-demo', 'Assessed Demo Badge', 'system', {
		strapline: 'Earned through an application and a review',
		criteria: [
			{ description: 'Wrote a signed API client', required: 1, note: 'Check the JWT and the body hash' },
			{ description: 'Wrote a webhook receiver', required: 0, note: 'Optional' },
		],
	});
	badge('issuer-demo', 'Issuer Demo Badge', 'issuer');
	badge('program-demo', 'Program Demo Badge', 'program');
	const supportA = badge('support-a-demo', 'Support Badge A', 'system');
	const supportB = badge('support-b-demo', 'Support Badge B', 'system');
	const milestone = badge('milestone-demo', 'Milestone Demo Badge', 'system', {
		strapline: 'Awarded automatically to holders of both support badges',
	});
	badge('archived-demo', 'Archived Demo Badge', 'system', { archived: true });

	store.addClaimCode(direct.id, { code: 'DEMO-CLAIM-1', claimed: false, multiuse: false });
	store.addClaimCode(direct.id, { code: 'DEMO-EVENT', claimed: false, multiuse: true });

	const application = store.addApplication({
		slug: 'demo-application-1',
		badgeId: assessed.id,
		systemId: system.id,
		learner: 'learner@example.com',
		created,
	});
	store.setEvidence(application, [{ url: 'https://learner.example.com/client', mediaType: 'link', reflection: 'My signed client.' }]);

	store.addMilestone({
		systemId: system.id,
		primaryBadgeId: milestone.id,
		numberRequired: 2,
		action: 'issue',
		supportBadgeIds: [supportA.id, supportB.id],
	});
}

function seed(store, name = 'empty') {
	if (!SEEDS.includes(name)) throw new Error('Unknown seed "' + name + '" (expected one of ' + SEEDS.join(', ') + ')');
	if (name === 'demo') seedDemo(store);
}

module.exports = { seed, SEEDS };
