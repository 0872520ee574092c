// Assertion resource and the node's description, against the BadgeKit-compatible test server.
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';
import application from '../../nodes/BadgeKit/resources/application';
import assertion from '../../nodes/BadgeKit/resources/assertion';
import badge from '../../nodes/BadgeKit/resources/badge';
import badgeInstance from '../../nodes/BadgeKit/resources/badgeInstance';
import claimCode from '../../nodes/BadgeKit/resources/claimCode';
import { containerResource } from '../../nodes/BadgeKit/resources/container';
import milestone from '../../nodes/BadgeKit/resources/milestone';
import review from '../../nodes/BadgeKit/resources/review';
import type { BadgeKitResource } from '../../nodes/BadgeKit/resources/types';
import { runNode } from '../helpers/n8nContext';
import { errorOf, expectOk, jsonOf, rl, runBadgeKit, useTestBed } from './badgekit-node.shared';

const RESOURCES: Record<string, BadgeKitResource> = {
	application,
	assertion,
	badge,
	badgeInstance,
	claimCode,
	issuer: containerResource('issuer'),
	milestone,
	program: containerResource('program'),
	review,
	system: containerResource('system'),
};

const bed = useTestBed({ webhookSecret: 'hook-secret' });

const store = () => bed.server.store;
const demo = () => store().findSystem('demo')!;

/** Awards both support badges through the node; BadgeKit then awards the milestone badge itself. */
async function earnMilestone(email: string) {
	for (const badge of ['support-a-demo', 'support-b-demo']) {
		expectOk(await runBadgeKit(bed, { resource: 'badgeInstance', operation: 'issue', system: rl('demo'), badge: rl(badge), email }));
	}
	const milestone = store().findInstance(store().findBadge(demo().id, 'milestone-demo')!.id, email);
	expect(milestone).toBeDefined();
	await bed.server.webhooksIdle();
	const award = bed.server.deliveries.map((delivery) => JSON.parse(delivery.body)).find((body) => body.uid === milestone!.slug);
	return { milestone: milestone!, award };
}

describe('Get', () => {
	it('by URL, without any credential: names the milestone badge the webhook got wrong', async () => {
		const { milestone, award } = await earnMilestone('climber@example.org');
		expect(award.badge.slug).toBe('support-b-demo'); // BadgeKit's bug this operation works around
		const result = await runNode(
			new BadgeKit(),
			{ resource: 'assertion', operation: 'get', assertionSource: 'url', assertionUrl: award.assertionUrl },
			[{}],
			{
				credentials: {},
			},
		);
		const [out] = jsonOf(result);
		expect(out).toMatchObject({
			uid: milestone.slug,
			badgeSlug: 'milestone-demo',
			systemSlug: 'demo',
			badge: `${bed.server.url}/public/systems/demo/badges/milestone-demo`,
			issuedOnDate: new Date(Math.floor(milestone.issuedOn.getTime() / 1000) * 1000).toISOString(),
		});
		expect(out).not.toHaveProperty('issuerSlug');
	});

	it("by UID, on the credential's server; a program badge gives issuer and program slugs", async () => {
		const program = store().findBadge(demo().id, 'program-demo')!;
		store().addInstance({ slug: 'program-award', badgeId: program.id, email: 'p@example.org', issuedOn: new Date('2024-03-04T05:06:07Z') });
		const [out] = jsonOf(await runBadgeKit(bed, { resource: 'assertion', operation: 'get', assertionSource: 'uid', assertionUid: 'program-award' }));
		expect(out).toMatchObject({
			uid: 'program-award',
			systemSlug: 'demo',
			issuerSlug: 'demo-issuer',
			programSlug: 'demo-program',
			badgeSlug: 'program-demo',
			issuedOn: 1709528767,
			issuedOnDate: '2024-03-04T05:06:07.000Z',
		});
	});

	it('404 for an unknown UID', async () => {
		const error = errorOf(await runBadgeKit(bed, { resource: 'assertion', operation: 'get', assertionSource: 'uid', assertionUid: 'nope' }));
		expect(error.message).toBe('BadgeKit found nothing: Could not find badge instance');
		expect(error.description).toMatch(/Request: GET \/public\/assertions\/nope$/);
		expect(error.httpCode).toBe('404');
	});

	it('refuses something that is not a URL', async () => {
		const error = errorOf(
			await runNode(new BadgeKit(), { resource: 'assertion', operation: 'get', assertionUrl: 'ftp://x/y' }, [{}], { credentials: {} }),
		);
		expect(error.message).toMatch(/"Award Page URL" is not a web address/);
	});

	it('times out on a server that does not answer', async () => {
		bed.server.hangNext();
		const url = `${bed.server.url}/public/assertions/whatever`;
		const error = errorOf(
			await runNode(new BadgeKit(), { resource: 'assertion', operation: 'get', assertionUrl: url, requestOptions: { timeout: 1 } }, [{}], {
				credentials: {},
			}),
		);
		expect(error.message).toBe('BadgeKit did not answer within 1 s');
	});
});

describe('node description', () => {
	const node = new BadgeKit();
	const credential = node.description.credentials![0];
	const shown = (parameters: INodeParameters) => NodeHelpers.displayParameter(parameters, credential, null, node.description);

	it("lists every resource alphabetically by its name (as n8n's lint requires), with Award chosen by default", () => {
		const resource = node.description.properties.find((property) => property.name === 'resource')!;
		const options = resource.options as Array<{ name: string; value: string }>;
		expect(options.map((option) => option.name)).toEqual(options.map((option) => option.name).sort());
		expect(options.find((option) => option.value === resource.default)!.name).toBe('Award');
		expect(resource.default).toBe('badgeInstance');
		expect(node.description.usableAsTool).toBe(true);
	});

	it('every operation of every resource has an action text and a handler', () => {
		const operationFields = node.description.properties.filter((property) => property.name === 'operation');
		expect(operationFields).toHaveLength(10);
		for (const operationField of operationFields) {
			const resource = (operationField.displayOptions!.show!.resource as string[])[0];
			const handlers = RESOURCES[resource].operations;
			const options = operationField.options as Array<{ action?: string; value: string }>;
			for (const option of options) expect(option.action).toBeTruthy();
			expect(options.map((option) => option.value).sort()).toEqual(Object.keys(handlers).sort());
		}
	});

	it('asks for the credential everywhere except for an assertion read by URL', () => {
		const withDefaults = (parameters: INodeParameters) =>
			NodeHelpers.getNodeParameters(node.description.properties, parameters, true, false, null, node.description)!;
		expect(shown(withDefaults({ resource: 'badgeInstance', operation: 'issue' }))).toBe(true);
		expect(shown(withDefaults({ resource: 'assertion', operation: 'get' }))).toBe(false);
		expect(shown(withDefaults({ resource: 'assertion', operation: 'get', assertionSource: 'uid' }))).toBe(true);
	});
});
