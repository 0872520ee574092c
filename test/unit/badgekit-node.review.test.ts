// Review resource of the BadgeKit node against the BadgeKit-compatible test server.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { errorOf, expectOk, jsonOf, requestsTo, rl, runBadgeKit, type Scope, scopeParameters, SCOPES, useTestBed } from './badgekit-node.shared';

const bed = useTestBed({ webhookSecret: 'hook-secret' });

const store = () => bed.server.store;
const demo = () => store().findSystem('demo')!;
const assessed = () => store().findBadge(demo().id, 'assessed-demo')!;
const criteria = () => assessed().criteria; // [required, optional]
const application = () => store().findApplication('demo-application-1')!;

function params(operation: string, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'review', operation, system: rl('demo'), badge: rl('assessed-demo'), applicationSlug: 'demo-application-1', ...extra };
}

const run = async (parameters: INodeParameters, items: IDataObject[] = [{}]) => await runBadgeKit(bed, parameters, items);

function seedReview(slug: string, author = 'seed@example.org') {
	const review = store().addReview({ slug, applicationId: application().id, author, comment: 'seeded' });
	review.reviewItems = [
		{ criterionId: criteria()[0].id, satisfied: 1, comment: 'good' },
		{ criterionId: criteria()[1].id, satisfied: 0, comment: null },
	];
	return review;
}

describe('Create', () => {
	it('submits review items per criterion (ids as numbers, satisfied as booleans) and BadgeKit approves', async () => {
		const [out] = jsonOf(
			await run(
				params('create', {
					author: 'reviewer@example.org',
					reviewItems: {
						items: [
							{ criterionId: criteria()[0].id, satisfied: true, comment: 'Très bien ☕' },
							{ criterionId: criteria()[1].id, satisfied: false, comment: '' },
						],
					},
					additionalFields: { comment: 'Café ☕ for you' },
				}),
			),
		);
		const row = store().findReview(String(out.slug))!;
		expect(row.author).toBe('reviewer@example.org');
		expect(row.comment).toBe('Café ☕ for you');
		expect(row.reviewItems).toEqual([
			{ criterionId: criteria()[0].id, satisfied: 1, comment: 'Très bien ☕' },
			{ criterionId: criteria()[1].id, satisfied: 0, comment: null },
		]);
		expect((out.reviewItems as IDataObject[]).map((item) => item.satisfied)).toEqual([true, false]);
		await bed.server.webhooksIdle();
		const review = bed.server.deliveries.find((delivery) => delivery.action === 'review')!;
		expect(JSON.parse(review.body)).toMatchObject({ approved: true, review: { slug: out.slug } });
	});

	it('an unsatisfied required criterion is not approved', async () => {
		expectOk(
			await run(params('create', { author: 'reviewer@example.org', reviewItems: { items: [{ criterionId: criteria()[0].id, satisfied: false }] } })),
		);
		await bed.server.webhooksIdle();
		expect(JSON.parse(bed.server.deliveries[0].body).approved).toBe(false);
	});

	it.each(SCOPES.filter((scope) => scope !== 'system'))('works in %s scope', async (scope: Scope) => {
		const badge = scope === 'issuer' ? 'issuer-demo' : 'program-demo';
		const row = store().findBadge(demo().id, badge)!;
		store().addApplication({
			slug: `app-${scope}`,
			badgeId: row.id,
			systemId: row.systemId,
			issuerId: row.issuerId,
			programId: row.programId,
			learner: 'l@example.org',
		});
		const [out] = jsonOf(
			await run({ ...params('create', { author: 'r@example.org' }), ...scopeParameters(scope), badge: rl(badge), applicationSlug: `app-${scope}` }),
		);
		expect(store().findReview(String(out.slug))!.applicationId).toBe(store().findApplication(`app-${scope}`)!.id);
	});

	it('refuses a malformed reviewer email before calling BadgeKit, naming the field', async () => {
		const error = errorOf(await run(params('create', { author: 'nobody' })));
		expect(error.message).toBe('"Reviewer Email" is not an email address: "nobody"');
		expect(requestsTo(bed, 'POST', /reviews/)).toEqual([]);
	});
});

describe('Get, Get Many, Update, Delete', () => {
	it('gets one review with satisfied as booleans', async () => {
		seedReview('review-1');
		const [out] = jsonOf(await run(params('get', { reviewSlug: 'review-1' })));
		expect(out).toMatchObject({ slug: 'review-1', author: 'seed@example.org', comment: 'seeded' });
		expect(out.reviewItems).toEqual([
			{ criterionId: criteria()[0].id, satisfied: true, comment: 'good' },
			{ criterionId: criteria()[1].id, satisfied: false, comment: null },
		]);
	});

	it('gets many with Return All and with a Limit', async () => {
		for (let n = 0; n < 5; n++) seedReview(`review-${n}`);
		expect(jsonOf(await run(params('getAll', { returnAll: true }))).map((json) => json.slug)).toEqual([0, 1, 2, 3, 4].map((n) => `review-${n}`));
		expect(jsonOf(await run(params('getAll', { limit: 2 }))).map((json) => json.slug)).toEqual(['review-0', 'review-1']);
	});

	it('updating only the comment keeps the review items (BadgeKit would delete them)', async () => {
		seedReview('review-1');
		const before = store()
			.findReview('review-1')!
			.reviewItems.map((item) => ({ ...item }));
		// The real BadgeKit deletes the items of an update without `reviewItems` (this test server keeps
		// them), so what matters is that the node sent the current items back.
		const sent: string[] = [];
		bed.server.failNext({ match: (request) => request.method === 'PUT' && sent.push(request.body) > 0 && false });
		const [out] = jsonOf(await run(params('update', { reviewSlug: 'review-1', updateFields: { comment: 'Updated ✓' } })));
		expect(JSON.parse(sent[0])).toEqual({
			comment: 'Updated ✓',
			reviewItems: [
				{ criterionId: criteria()[0].id, satisfied: true, comment: 'good' },
				{ criterionId: criteria()[1].id, satisfied: false },
			],
		});
		const row = store().findReview('review-1')!;
		expect(row.comment).toBe('Updated ✓');
		expect(row.reviewItems).toEqual(before);
		expect(out.comment).toBe('Updated ✓');
	});

	it('updating the review items replaces them', async () => {
		seedReview('review-1');
		jsonOf(
			await run(
				params('update', {
					reviewSlug: 'review-1',
					updateFields: { reviewItems: { items: [{ criterionId: criteria()[1].id, satisfied: true, comment: 'now' }] } },
				}),
			),
		);
		expect(store().findReview('review-1')!.reviewItems).toEqual([{ criterionId: criteria()[1].id, satisfied: 1, comment: 'now' }]);
	});

	it('deletes a review', async () => {
		seedReview('review-1');
		const [out] = jsonOf(await run(params('delete', { reviewSlug: 'review-1' })));
		expect(out.slug).toBe('review-1');
		expect(store().findReview('review-1')).toBeUndefined();
	});

	it('404 for an unknown review', async () => {
		const error = errorOf(await run(params('get', { reviewSlug: 'missing' })));
		expect(error.message).toBe('BadgeKit has no review "missing"');
		expect(error.description).toContain('Check "Review"');
	});
});
