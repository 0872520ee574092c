// Outputs that changed with the BadgeKit node's type version 1.1, against the BadgeKit-compatible test
// server: every Delete answers alike (the deleted object with deleted: true), and Issue to Many outputs
// one item per email with its outcome. Version 1, as saved workflows have it, keeps the old outputs.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BADGE_OF_SCOPE, demoBadgeRow, errorOf, jsonOf, requestsTo, rl, runBadgeKit, useTestBed } from './badgekit-node.shared';

const bed = useTestBed({ webhookSecret: 'hook-secret' });
const store = () => bed.server.store;
const demo = () => store().findSystem('demo')!;
const run = async (parameters: INodeParameters, typeVersion?: number, items: IDataObject[] = [{}]) =>
	await runBadgeKit(bed, parameters, items, typeVersion === undefined ? {} : { typeVersion });

interface DeleteCase {
	resource: string;
	parameters: () => INodeParameters;
	/** the stored row before the delete, and the output key that names it */
	key: string;
	expected: () => unknown;
	gone: () => boolean;
}

const milestoneRow = () => [...store().milestones.values()][0];

const DELETES: DeleteCase[] = [
	{
		resource: 'application',
		parameters: () => ({ system: rl('demo'), badge: rl('assessed-demo'), applicationSlug: 'demo-application-1' }),
		key: 'slug',
		expected: () => 'demo-application-1',
		gone: () => store().findApplication('demo-application-1') === undefined,
	},
	{
		resource: 'claimCode',
		parameters: () => ({ system: rl('demo'), badge: rl(codeBadge()), code: 'DEMO-EVENT' }),
		key: 'code',
		expected: () => 'DEMO-EVENT',
		gone: () => !findCode('DEMO-EVENT'),
	},
	{
		resource: 'review',
		parameters: () => {
			const application = store().findApplication('demo-application-1')!;
			store().addReview({ slug: 'review-to-delete', applicationId: application.id, author: 'r@example.org', comment: 'seeded' });
			return { system: rl('demo'), badge: rl('assessed-demo'), applicationSlug: 'demo-application-1', reviewSlug: 'review-to-delete' };
		},
		key: 'slug',
		expected: () => 'review-to-delete',
		gone: () => store().findReview('review-to-delete') === undefined,
	},
	{
		resource: 'badge',
		parameters: () => ({ system: rl('demo'), badge: rl(BADGE_OF_SCOPE.system) }),
		key: 'slug',
		expected: () => BADGE_OF_SCOPE.system,
		gone: () => store().findBadge(demo().id, BADGE_OF_SCOPE.system) === undefined,
	},
	{
		resource: 'issuer',
		parameters: () => ({ system: rl('demo'), issuer: rl('demo-issuer') }),
		key: 'slug',
		expected: () => 'demo-issuer',
		gone: () => store().findIssuer(demo().id, 'demo-issuer') === undefined,
	},
	{
		resource: 'milestone',
		parameters: () => ({ system: rl('demo'), milestoneId: String(milestoneRow().id) }),
		key: 'numberRequired',
		expected: () => milestoneRow().numberRequired,
		gone: () => store().milestones.size === 0,
	},
];

// The demo claim code's badge, found in the store rather than assumed.
const findCode = (code: string) => store().findClaimCode(code);
function codeBadge(): string {
	const code = findCode('DEMO-EVENT');
	if (!code) throw new Error('the demo seed has no DEMO-EVENT claim code');
	return store().badges.get(code.badgeId)!.slug;
}

describe('Delete answers alike in type version 1.1', () => {
	test.each(DELETES)('$resource: the deleted object, with deleted = true', async (kase) => {
		const expected = kase.expected();
		const [output] = jsonOf(await run({ resource: kase.resource, operation: 'delete', ...kase.parameters() }));
		expect(kase.gone()).toBe(true);
		expect(output.deleted).toBe(true);
		expect(output[kase.key]).toEqual(expected);
	});

	test('version 1 keeps its outputs: Milestone {deleted, id}, the others the object without "deleted"', async () => {
		const id = milestoneRow().id;
		const [milestone] = jsonOf(await run({ resource: 'milestone', operation: 'delete', system: rl('demo'), milestoneId: String(id) }, 1));
		expect(milestone).toEqual({ deleted: true, id });
		const [badge] = jsonOf(await run({ resource: 'badge', operation: 'delete', system: rl('demo'), badge: rl(BADGE_OF_SCOPE.system) }, 1));
		expect(badge.slug).toBe(BADGE_OF_SCOPE.system);
		expect(badge).not.toHaveProperty('deleted');
	});

	test('a milestone that does not exist is not found before anything is deleted', async () => {
		const count = store().milestones.size;
		const error = errorOf(await run({ resource: 'milestone', operation: 'delete', system: rl('demo'), milestoneId: '9999' }));
		expect(error.message).toBe('BadgeKit has no milestone "9999"');
		expect(error.description).toMatch(/Request: GET \/systems\/demo\/milestones\/9999$/);
		expect(requestsTo(bed, 'DELETE', /milestones/)).toEqual([]);
		expect(store().milestones.size).toBe(count);
	});
});

// --- Issue to Many ----------------------------------------------------------------------------------

const badgeRow = (slug: string) => demoBadgeRow(bed, slug);
const bulk = (emails: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'badgeInstance',
	operation: 'issueToMany',
	system: rl('demo'),
	badge: rl('direct-demo'),
	emails,
	...extra,
});

function seedHolder(email: string) {
	return store().addInstance({
		slug: `held-${email}`,
		badgeId: badgeRow('direct-demo').id,
		email,
		issuedOn: new Date('2024-01-01T00:00:00Z'),
		expires: null,
		claimCode: null,
	});
}

describe('Issue to Many in type version 1.1: one item per email with its outcome', () => {
	test('new earners get alreadyAwarded = false with their award; holders (any case) alreadyAwarded = true', async () => {
		seedHolder('held@example.org');
		const result = await run(bulk('new@example.org, HELD@Example.org, New@example.org, other@example.org'));
		const out = jsonOf(result);
		// one item per earner (emails compare ignoring case, as in BadgeKit), in the order given
		expect(out.map((json) => [json.email, json.alreadyAwarded])).toEqual([
			['new@example.org', false],
			['HELD@Example.org', true],
			['other@example.org', false],
		]);
		const stored = store().findInstance(badgeRow('direct-demo').id, 'new@example.org')!;
		expect(out[0].slug).toBe(stored.slug);
		// without the option, an "already had it" item is only the email and the outcome: no extra request
		expect(out[1]).toEqual({ email: 'HELD@Example.org', alreadyAwarded: true });
		expect(requestsTo(bed, 'GET', /instances/)).toEqual([]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		// the case-insensitive duplicate was not sent twice
		expect(store().instancesOfBadge(badgeRow('direct-demo').id).size).toBe(3);
	});

	test('Include Existing Awards outputs the award an earner already had (one read each)', async () => {
		const held = seedHolder('held@example.org');
		const out = jsonOf(await run(bulk('held@example.org, fresh@example.org', { includeExistingAwards: true })));
		expect(out[0]).toMatchObject({ email: 'held@example.org', slug: held.slug, alreadyAwarded: true });
		expect(out[0].issuedOn).toBe('2024-01-01T00:00:00.000Z');
		expect(out[1]).toMatchObject({ email: 'fresh@example.org', alreadyAwarded: false });
		expect(requestsTo(bed, 'GET', /instances/)).toHaveLength(1);
	});

	test('version 1 keeps its output: only the new awards, without alreadyAwarded', async () => {
		seedHolder('held@example.org');
		const out = jsonOf(await run(bulk('held@example.org, fresh@example.org'), 1));
		expect(out.map((json) => json.email)).toEqual(['fresh@example.org']);
		expect(out[0]).not.toHaveProperty('alreadyAwarded');
	});
});
