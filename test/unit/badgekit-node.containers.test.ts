// The BadgeKit node's System, Issuer, Program and Milestone resources (Create, Get, Get Many, Update,
// Delete), run in a real n8n ExecuteContext against the BadgeKit-compatible test server. Every
// expectation is checked against the server's store, never against hard-coded answers.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RequestProbe } from '../../sandbox';
import type { RunNodeResult } from '../helpers/n8nContext';
import { expectNotFound, expectOk, jsonOf, rl, runBadgeKit, useTestBed } from './badgekit-node.shared';

const bed = useTestBed();

async function run(resource: string, parameters: INodeParameters, items: IDataObject[] = [{}]): Promise<RunNodeResult> {
	return await runBadgeKit(bed, { resource, ...parameters }, items);
}

function requestsOf(method: string, pathPart: string) {
	return bed.server.requests.filter((r) => r.method === method && r.url.includes(pathPart));
}

/** Records the bodies of matching requests without disturbing them. */
function captureBodies(method: string): IDataObject[] {
	const bodies: IDataObject[] = [];
	bed.server.failNext({
		times: 1000,
		match: (probe: RequestProbe) => {
			if (probe.method === method && probe.body) bodies.push(JSON.parse(probe.body) as IDataObject);
			return false;
		},
	});
	return bodies;
}

const store = () => bed.server.store;
const demo = () => store().findSystem('demo')!;
const demoIssuer = () => store().findIssuer(demo().id, 'demo-issuer')!;
const demoProgram = () => store().findProgram(demoIssuer().id, 'demo-program')!;

// --- systems, issuers and programs: one table of cases ---------------------------------------------

interface Kind {
	resource: 'system' | 'issuer' | 'program';
	/** scope fields of the list the thing lives in */
	parent: INodeParameters;
	/** the existing demo one */
	existing: string;
	find: (slug: string) => IDataObject | undefined;
	/** rows of the list, in store order */
	list: () => IDataObject[];
	add: (slug: string) => void;
	listPath: string;
}

const KINDS: Kind[] = [
	{
		resource: 'system',
		parent: {},
		existing: 'demo',
		find: (slug) => store().findSystem(slug) as IDataObject | undefined,
		list: () => [...store().systems.values()] as unknown as IDataObject[],
		add: (slug) => void store().addSystem({ slug, name: `System ${slug}`, url: 'https://example.org/' }),
		listPath: '/systems?',
	},
	{
		resource: 'issuer',
		parent: { system: rl('demo') },
		existing: 'demo-issuer',
		find: (slug) => store().findIssuer(demo().id, slug) as IDataObject | undefined,
		list: () => [...store().issuers.values()].filter((i) => i.systemId === demo().id) as unknown as IDataObject[],
		add: (slug) => void store().addIssuer(demo().id, { slug, name: `Issuer ${slug}`, url: 'https://example.org/' }),
		listPath: '/systems/demo/issuers?',
	},
	{
		resource: 'program',
		parent: { system: rl('demo'), issuer: rl('demo-issuer') },
		existing: 'demo-program',
		find: (slug) => store().findProgram(demoIssuer().id, slug) as IDataObject | undefined,
		list: () => [...store().programs.values()].filter((p) => p.issuerId === demoIssuer().id) as unknown as IDataObject[],
		add: (slug) => void store().addProgram(demoIssuer(), { slug, name: `Program ${slug}`, url: 'https://example.org/' }),
		listPath: '/systems/demo/issuers/demo-issuer/programs?',
	},
];

/** The locator of the thing itself, plus its parents. */
const one = (kind: Kind, slug: string): INodeParameters => ({ ...kind.parent, [kind.resource]: rl(slug) });

describe.each(KINDS)('$resource', (kind) => {
	test('Create: makes it with every field, and outputs it unwrapped', async () => {
		const [output] = jsonOf(
			await run(kind.resource, {
				...kind.parent,
				operation: 'create',
				slug: 'brand-new',
				name: 'Brand New',
				url: 'https://new.example.org/',
				additionalFields: { description: 'Made by n8n', email: 'admin@new.example.org', image: 'https://new.example.org/logo.png' },
			}),
		);
		const row = kind.find('brand-new')!;
		expect(row).toMatchObject({
			slug: 'brand-new',
			name: 'Brand New',
			url: 'https://new.example.org/',
			description: 'Made by n8n',
			email: 'admin@new.example.org',
			imageUrl: 'https://new.example.org/logo.png',
		});
		expect(output.status).toBeUndefined();
		expect(output).toMatchObject({ id: row.id, slug: row.slug, name: row.name, url: row.url, email: row.email });
	});

	test('Create: optional fields left out are not sent', async () => {
		const bodies = captureBodies('POST');
		expectOk(await run(kind.resource, { ...kind.parent, operation: 'create', slug: 'minimal', name: 'Minimal', url: 'https://min.example.org/' }));
		expect(bodies).toEqual([{ slug: 'minimal', name: 'Minimal', url: 'https://min.example.org/' }]);
		expect(kind.find('minimal')).toMatchObject({ description: null, email: null });
	});

	test('Create: a duplicate slug is an error and changes nothing', async () => {
		const count = kind.list().length;
		const result = await run(kind.resource, {
			...kind.parent,
			operation: 'create',
			slug: kind.existing,
			name: 'Dup',
			url: 'https://dup.example.org/',
		});
		expect(result.error).toBeDefined();
		expect(kind.list()).toHaveLength(count);
		expect(kind.find(kind.existing)!.name).not.toBe('Dup');
	});

	test('Create: an empty required field is refused before anything is sent', async () => {
		const result = await run(kind.resource, { ...kind.parent, operation: 'create', slug: 'no-url', name: 'No URL', url: '' });
		expect(result.error?.message).toMatch(/URL/);
		expect(requestsOf('POST', '/')).toHaveLength(0);
	});

	test('Get: outputs it as the store holds it', async () => {
		const [output] = jsonOf(await run(kind.resource, { ...one(kind, kind.existing), operation: 'get' }));
		const row = kind.find(kind.existing)!;
		expect(output).toMatchObject({ id: row.id, slug: row.slug, name: row.name, url: row.url, email: row.email });
		if (kind.resource === 'system') {
			// BadgeKit never includes a system's description; the node does not invent one
			expect(output.description).toBeUndefined();
			expect((output.issuers as IDataObject[]).map((i) => i.slug)).toEqual(
				[...store().issuers.values()].filter((i) => i.systemId === row.id).map((i) => i.slug),
			);
		} else {
			expect(output.description).toBe(row.description);
		}
		if (kind.resource === 'issuer') {
			expect((output.programs as IDataObject[]).map((p) => p.slug)).toEqual(
				[...store().programs.values()].filter((p) => p.issuerId === row.id).map((p) => p.slug),
			);
		}
	});

	test('Get: a missing slug is a 404', async () => {
		expectNotFound(await run(kind.resource, { ...one(kind, 'no-such-thing'), operation: 'get' }));
	});

	test('Get Many: Return All reads every page', async () => {
		for (let n = 0; n < 130; n++) kind.add(`bulk-${String(n).padStart(3, '0')}`);
		const outputs = jsonOf(await run(kind.resource, { ...kind.parent, operation: 'getAll', returnAll: true }));
		expect(outputs.map((o) => o.slug)).toEqual(kind.list().map((r) => r.slug));
		expect(outputs.length).toBeGreaterThan(130);
		expect(requestsOf('GET', kind.listPath).length).toBeGreaterThanOrEqual(2);
	});

	test('Get Many: Limit returns the first N', async () => {
		for (let n = 0; n < 12; n++) kind.add(`bulk-${n}`);
		const outputs = jsonOf(await run(kind.resource, { ...kind.parent, operation: 'getAll', returnAll: false, limit: 5 }));
		expect(outputs.map((o) => o.slug)).toEqual(
			kind
				.list()
				.slice(0, 5)
				.map((r) => r.slug),
		);
	});

	test('Update: changes only the chosen fields', async () => {
		const before = { ...kind.find(kind.existing)! };
		const bodies = captureBodies('PUT');
		const [output] = jsonOf(
			await run(kind.resource, {
				...one(kind, kind.existing),
				operation: 'update',
				updateFields: { name: 'Renamed', email: 'new@example.org' },
			}),
		);
		expect(bodies).toEqual([{ name: 'Renamed', email: 'new@example.org' }]);
		const row = kind.find(kind.existing)!;
		expect(row).toEqual({ ...before, name: 'Renamed', email: 'new@example.org' });
		expect(output).toMatchObject({ id: row.id, name: 'Renamed', email: 'new@example.org' });
	});

	test('Update: New Slug renames it', async () => {
		const id = kind.find(kind.existing)!.id;
		const [output] = jsonOf(await run(kind.resource, { ...one(kind, kind.existing), operation: 'update', updateFields: { slug: 'renamed' } }));
		expect(kind.find(kind.existing)).toBeUndefined();
		expect(kind.find('renamed')!.id).toBe(id);
		expect(output.slug).toBe('renamed');
	});

	test('Update: no fields is a clear error and sends nothing', async () => {
		const result = await run(kind.resource, { ...one(kind, kind.existing), operation: 'update', updateFields: {} });
		expect(result.error?.message).toMatch(/choose at least one field to update/i);
		expect(requestsOf('PUT', '/')).toHaveLength(0);
	});

	test('Update: a missing slug is a 404', async () => {
		expectNotFound(await run(kind.resource, { ...one(kind, 'no-such-thing'), operation: 'update', updateFields: { name: 'x' } }));
	});

	test('Delete: removes it and outputs the deleted object', async () => {
		const row = { ...kind.find(kind.existing)! };
		const [output] = jsonOf(await run(kind.resource, { ...one(kind, kind.existing), operation: 'delete' }));
		expect(kind.find(kind.existing)).toBeUndefined();
		expect(output).toMatchObject({ id: row.id, slug: row.slug, name: row.name });
		expect(output.status).toBeUndefined();
	});

	test('Delete: a missing slug is a 404 and deletes nothing', async () => {
		const count = kind.list().length;
		expectNotFound(await run(kind.resource, { ...one(kind, 'no-such-thing'), operation: 'delete' }));
		expect(kind.list()).toHaveLength(count);
	});
});

describe('containers: scope', () => {
	test('an issuer of a missing system is a 404', async () => {
		expectNotFound(await run('issuer', { system: rl('no-such-system'), issuer: rl('demo-issuer'), operation: 'get' }));
	});

	test('a program needs its issuer: without one nothing is sent', async () => {
		const result = await run('program', { system: rl('demo'), program: rl('demo-program'), operation: 'get' });
		expect(result.error?.message).toMatch(/issuer/i);
		expect(bed.server.requests).toHaveLength(0);
	});

	test('the program list only holds programs of the chosen issuer', async () => {
		const other = store().addIssuer(demo().id, { slug: 'other-issuer', name: 'Other', url: 'https://other.example.org/' });
		store().addProgram(other, { slug: 'other-program', name: 'Other P', url: 'https://o.example.org/' });
		const outputs = jsonOf(await run('program', { system: rl('demo'), issuer: rl('demo-issuer'), operation: 'getAll', returnAll: true }));
		expect(outputs.map((o) => o.slug)).toEqual([demoProgram().slug]);
	});
});

// --- milestones ---------------------------------------------------------------------------------------

describe('milestone', () => {
	const badgeId = (slug: string) => store().findBadge(demo().id, slug)!.id;
	const milestones = () => [...store().milestones.values()].filter((m) => m.systemId === demo().id);
	const seeded = () => milestones()[0];

	test('Create: badges are picked by slug and sent as ids', async () => {
		const bodies = captureBodies('POST');
		const [output] = jsonOf(
			await run('milestone', {
				system: rl('demo'),
				operation: 'create',
				badge: rl('issuer-demo'),
				supportBadges: 'direct-demo, assessed-demo,program-demo',
				numberRequired: 2,
				action: 'queue-application',
			}),
		);
		const created = milestones().find((m) => m.id === output.id)!;
		expect(created).toEqual({
			id: output.id,
			systemId: demo().id,
			primaryBadgeId: badgeId('issuer-demo'),
			numberRequired: 2,
			action: 'queue-application',
			supportBadgeIds: [badgeId('direct-demo'), badgeId('assessed-demo'), badgeId('program-demo')],
		});
		expect(bodies).toEqual([
			{
				primaryBadgeId: badgeId('issuer-demo'),
				numberRequired: 2,
				action: 'queue-application',
				supportBadges: created.supportBadgeIds,
			},
		]);
		expect(output.status).toBeUndefined();
		expect((output.primaryBadge as IDataObject).slug).toBe('issuer-demo');
		expect((output.supportBadges as IDataObject[]).map((b) => b.slug)).toEqual(['direct-demo', 'assessed-demo', 'program-demo']);
		// BadgeKit's 0/1 `unique` comes out as true/false in the nested badges
		expect((output.primaryBadge as IDataObject).unique).toBe(false);
		for (const badge of output.supportBadges as IDataObject[]) expect(typeof badge.unique).toBe('boolean');
	});

	test('Create: action defaults to "issue"', async () => {
		const [output] = jsonOf(
			await run('milestone', { system: rl('demo'), operation: 'create', badge: rl('issuer-demo'), supportBadges: 'direct-demo', numberRequired: 1 }),
		);
		expect(store().milestones.get(output.id as number)!.action).toBe('issue');
		expect(output.action).toBe('issue');
	});

	test('Create: an unknown support badge is a clear error and creates nothing', async () => {
		const count = store().milestones.size;
		const result = await run('milestone', {
			system: rl('demo'),
			operation: 'create',
			badge: rl('issuer-demo'),
			supportBadges: 'direct-demo, no-such-badge',
			numberRequired: 1,
		});
		expect(result.error?.message).toMatch(/no-such-badge/);
		expect(store().milestones.size).toBe(count);
		expect(requestsOf('POST', '/milestones')).toHaveLength(0);
	});

	test('Create: more required than support badges is refused', async () => {
		const result = await run('milestone', {
			system: rl('demo'),
			operation: 'create',
			badge: rl('issuer-demo'),
			supportBadges: 'direct-demo',
			numberRequired: 2,
		});
		expect(result.error?.message).toMatch(/Number Required/);
		expect(requestsOf('POST', '/milestones')).toHaveLength(0);
	});

	test('Create: no support badges is refused', async () => {
		const result = await run('milestone', {
			system: rl('demo'),
			operation: 'create',
			badge: rl('issuer-demo'),
			supportBadges: ' , ',
			numberRequired: 1,
		});
		expect(result.error?.message).toMatch(/support badges/i);
		expect(requestsOf('POST', '/milestones')).toHaveLength(0);
	});

	test('Get: outputs the milestone as the store holds it', async () => {
		const row = seeded();
		const [output] = jsonOf(await run('milestone', { system: rl('demo'), operation: 'get', milestoneId: String(row.id) }));
		expect(output).toMatchObject({ id: row.id, action: row.action, numberRequired: row.numberRequired });
		expect((output.primaryBadge as IDataObject).id).toBe(row.primaryBadgeId);
		expect((output.supportBadges as IDataObject[]).map((b) => b.id)).toEqual(row.supportBadgeIds);
		for (const badge of output.supportBadges as IDataObject[]) expect(typeof badge.unique).toBe('boolean');
	});

	test('Get: a missing id is a 404', async () => {
		expectNotFound(await run('milestone', { system: rl('demo'), operation: 'get', milestoneId: '9999' }));
	});

	test('Get: an id that is not a number is refused before anything is sent', async () => {
		const result = await run('milestone', { system: rl('demo'), operation: 'get', milestoneId: 'abc' });
		expect(result.error?.message).toMatch(/milestone ID/);
		expect(bed.server.requests).toHaveLength(0);
	});

	function addMilestones(count: number) {
		const ids = [badgeId('direct-demo'), badgeId('assessed-demo')];
		for (let n = 0; n < count; n++) {
			store().addMilestone({
				systemId: demo().id,
				primaryBadgeId: badgeId('issuer-demo'),
				numberRequired: 1 + (n % 2),
				action: 'issue',
				supportBadgeIds: ids,
			});
		}
	}

	test('Get Many: Return All gives every milestone of the system', async () => {
		addMilestones(120);
		const outputs = jsonOf(await run('milestone', { system: rl('demo'), operation: 'getAll', returnAll: true }));
		expect(outputs.map((o) => o.id)).toEqual(milestones().map((m) => m.id));
		expect(outputs.length).toBeGreaterThan(120);
	});

	test('Get Many: Limit returns the first N', async () => {
		addMilestones(10);
		const outputs = jsonOf(await run('milestone', { system: rl('demo'), operation: 'getAll', limit: 4 }));
		expect(outputs.map((o) => o.id)).toEqual(
			milestones()
				.slice(0, 4)
				.map((m) => m.id),
		);
	});

	test("Get Many: the system's list is read in one request (BadgeKit does not paginate milestones)", async () => {
		addMilestones(30);
		expect(jsonOf(await run('milestone', { system: rl('demo'), operation: 'getAll', returnAll: true })).length).toBeGreaterThanOrEqual(30);
		expect(requestsOf('GET', '/milestones')).toHaveLength(1);
	});

	test('Update: only Number Required changes; the support badges are sent back unchanged', async () => {
		const row = { ...seeded(), supportBadgeIds: [...seeded().supportBadgeIds] };
		const bodies = captureBodies('PUT');
		const [output] = jsonOf(
			await run('milestone', { system: rl('demo'), operation: 'update', milestoneId: String(row.id), updateFields: { numberRequired: 1 } }),
		);
		const after = store().milestones.get(row.id)!;
		expect(after).toEqual({ ...row, numberRequired: 1 });
		// BadgeKit drops a milestone's support badges on every update and re-adds those sent
		expect(bodies).toEqual([{ numberRequired: 1, supportBadges: row.supportBadgeIds }]);
		expect(output).toMatchObject({ id: row.id, numberRequired: 1 });
	});

	test('Update: new support badges and milestone badge, by slug', async () => {
		const row = seeded();
		expectOk(
			await run('milestone', {
				system: rl('demo'),
				operation: 'update',
				milestoneId: String(row.id),
				updateFields: { supportBadges: 'direct-demo,issuer-demo,program-demo', badge: 'assessed-demo', action: 'queue-application' },
			}),
		);
		expect(store().milestones.get(row.id)).toMatchObject({
			primaryBadgeId: badgeId('assessed-demo'),
			action: 'queue-application',
			numberRequired: row.numberRequired,
			supportBadgeIds: [badgeId('direct-demo'), badgeId('issuer-demo'), badgeId('program-demo')],
		});
	});

	test('Update: fewer support badges than Number Required is refused', async () => {
		const row = { ...seeded() };
		const result = await run('milestone', {
			system: rl('demo'),
			operation: 'update',
			milestoneId: String(row.id),
			updateFields: { supportBadges: 'direct-demo' },
		});
		expect(result.error?.message).toMatch(/Number Required/);
		expect(requestsOf('PUT', '/milestones')).toHaveLength(0);
		expect(store().milestones.get(row.id)!.supportBadgeIds).toEqual(row.supportBadgeIds);
	});

	test('Update: no fields is a clear error and sends nothing', async () => {
		const result = await run('milestone', { system: rl('demo'), operation: 'update', milestoneId: String(seeded().id), updateFields: {} });
		expect(result.error?.message).toMatch(/choose at least one field to update/i);
		expect(bed.server.requests).toHaveLength(0);
	});

	test('Update: a missing id is a 404', async () => {
		expectNotFound(await run('milestone', { system: rl('demo'), operation: 'update', milestoneId: '9999', updateFields: { numberRequired: 1 } }));
		expect(requestsOf('PUT', '/milestones')).toHaveLength(0);
	});

	test('Delete: removes it and outputs the deleted milestone with deleted = true', async () => {
		const { id, numberRequired } = seeded();
		const [output] = jsonOf(await run('milestone', { system: rl('demo'), operation: 'delete', milestoneId: String(id) }));
		expect(store().milestones.has(id)).toBe(false);
		expect(output).toMatchObject({ deleted: true, id, numberRequired });
	});

	test('Delete: a missing id is a 404 and deletes nothing', async () => {
		const count = store().milestones.size;
		expectNotFound(await run('milestone', { system: rl('demo'), operation: 'delete', milestoneId: '9999' }));
		expect(store().milestones.size).toBe(count);
	});
});

describe('text BadgeKit cannot store', () => {
	test('is refused naming the field by its label, then BadgeKit’s name of it; nothing is sent', async () => {
		const result = await run('issuer', {
			system: rl('demo'),
			operation: 'create',
			slug: 'emoji-issuer',
			name: 'Readers 😀',
			url: 'https://example.org',
		});
		expect(result.error?.message).toBe('"Name" (name) contains "😀" (U+1F600), which BadgeKit cannot store');
		expect(requestsOf('POST', '/issuers')).toHaveLength(0);
	});
});
