// "Read back what was written" (issue 11): every operation of the BadgeKit node that makes BadgeKit
// store something, run against the BadgeKit-compatible test server, and the stored record read back
// through BadgeKit's own API (a signed GET of our own, not the node's output): names, slugs, dates,
// lists and text. Every stored text field goes round with "é" and "☕" (kept as they are) and with an
// emoji, which BadgeKit 0.2.22 stores as "?": the node refuses it by default (nothing is stored) and
// sends "?" with Options → Replace Characters BadgeKit Cannot Store.
import http from 'http';
import { signRequest } from '../../sandbox';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MASTER, errorOf, expectOk, jsonOf, rl, runBadgeKit, useTestBed } from './badgekit-node.shared';

const bed = useTestBed({ webhookSecret: 'readback-hook-secret' });

/** A signed GET straight to the server: what BadgeKit has stored, as it answers it. */
function readBack(path: string): Promise<{ status: number; body: IDataObject }> {
	return new Promise((resolve, reject) => {
		http
			.get(bed.server.url + path, { headers: { Authorization: signRequest('GET', path, undefined, MASTER) } }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as IDataObject }));
			})
			.on('error', reject);
	});
}

async function stored(path: string, key: string): Promise<IDataObject> {
	const { status, body } = await readBack(path);
	expect(status).toBe(200);
	return body[key] as IDataObject;
}

const BMP = 'Café ☕'; // stored as sent
const EMOJI = '😀';

type Mode = 'refuse' | 'replace';
const run = async (parameters: INodeParameters, mode: Mode = 'refuse') =>
	await runBadgeKit(bed, mode === 'replace' ? { ...parameters, requestOptions: { replaceUnstorable: true } } : parameters);

/**
 * One operation that stores text: `parameters(text)` sets every stored text field it has to `text`,
 * `read()` returns those fields as read back (null when nothing was stored), `fields` are the body
 * fields holding the text (the refusal names the first one with the character).
 */
interface TextCase {
	name: string;
	parameters: (text: string) => INodeParameters;
	read: () => Promise<string[] | null>;
	fields: string[];
}

/** Name and description of a system, issuer or program as read back; null when there is none. */
const containerRead = async (path: string, key: string) => {
	const { status, body } = await readBack(path);
	if (status === 404) return null;
	const row = body[key] as IDataObject;
	// systems never show `description` in BadgeKit's answers: the store is read for it
	return [String(row.name), String(row.description ?? bed.server.store.findSystem(String(row.slug))?.description)];
};

/**
 * Create (a new "read-back") and Update (the seeded `existing`) of a System, Issuer or Program:
 * `parents` locate it, `collection` is the API path of its list.
 */
function containerCases(label: 'System' | 'Issuer' | 'Program', parents: INodeParameters, collection: string, existing: string): TextCase[] {
	const resource = label.toLowerCase();
	return [
		{
			name: `${label} → Create`,
			parameters: (text) => ({
				resource,
				operation: 'create',
				...parents,
				slug: 'read-back',
				url: 'https://rb.example.org/',
				name: `${text} name`,
				additionalFields: { description: `${text} description` },
			}),
			read: async () => containerRead(`${collection}/read-back`, resource),
			fields: ['name', 'description'],
		},
		{
			name: `${label} → Update`,
			parameters: (text) => ({
				resource,
				operation: 'update',
				...parents,
				[resource]: rl(existing),
				updateFields: { name: `${text} name`, description: `${text} description` },
			}),
			read: async () => {
				const texts = (await containerRead(`${collection}/${existing}`, resource))!;
				// the seeded names ("Demo System", …) do not end in " name": unchanged
				return texts[0].endsWith(' name') ? texts : null;
			},
			fields: ['name', 'description'],
		},
	];
}

/** The badge fields a Badge → Create sets outright (the rest go under Additional Fields). */
const badgeMainTexts = (text: string) => ({
	name: `${text} name`,
	type: `${text} type`,
	earnerDescription: `${text} earner`,
	consumerDescription: `${text} consumer`,
	criteria: { criterion: [{ description: `${text} criterion`, note: `${text} note`, required: true }] },
});
const badgeAdditionalTexts = (text: string) => ({
	strapline: `${text} strapline`,
	categories: `${text} category`,
	tags: `${text} tag`,
	alignments: { alignment: [{ name: `${text} alignment`, url: 'https://example.org/standard', description: `${text} alignment description` }] },
});
/** The body fields holding a badge's text, as a refusal names them. */
const BADGE_TEXT_FIELDS = [
	'name',
	'type',
	'strapline',
	'earnerDescription',
	'consumerDescription',
	'criteria[0].description',
	'criteria[0].note',
	'alignments[0].name',
	'alignments[0].description',
	'categories[0]',
	'tags[0]',
];

const newBadge = (text: string): INodeParameters => ({
	resource: 'badge',
	operation: 'create',
	system: rl('demo'),
	slug: 'read-back-badge',
	...badgeMainTexts(text),
	criteriaUrl: 'https://example.org/criteria',
	imageUrl: 'https://example.org/badge.png',
	additionalFields: badgeAdditionalTexts(text),
});
const badgeTexts = (badge: IDataObject) => {
	const criterion = (badge.criteria as IDataObject[])[0];
	const alignment = (badge.alignments as IDataObject[])[0];
	return [
		badge.name,
		badge.type,
		badge.strapline,
		badge.earnerDescription,
		badge.consumerDescription,
		criterion.description,
		criterion.note,
		alignment.name,
		alignment.description,
		...(badge.categories as string[]),
		...(badge.tags as string[]),
	].map(String);
};
const readBadge = async (slug: string) => {
	const { status, body } = await readBack(`/systems/demo/badges/${slug}`);
	return status === 404 ? null : badgeTexts(body.badge as IDataObject);
};

const demoApplication = '/systems/demo/badges/assessed-demo/applications/demo-application-1';

const TEXT_CASES: TextCase[] = [
	...containerCases('System', {}, '/systems', 'demo'),
	...containerCases('Issuer', { system: rl('demo') }, '/systems/demo/issuers', 'demo-issuer'),
	...containerCases('Program', { system: rl('demo'), issuer: rl('demo-issuer') }, '/systems/demo/issuers/demo-issuer/programs', 'demo-program'),
	{
		name: 'Badge → Create',
		parameters: newBadge,
		read: async () => readBadge('read-back-badge'),
		fields: BADGE_TEXT_FIELDS,
	},
	{
		name: 'Badge → Update',
		parameters: (text) => ({
			resource: 'badge',
			operation: 'update',
			system: rl('demo'),
			badge: rl('assessed-demo'),
			updateFields: { ...badgeMainTexts(text), ...badgeAdditionalTexts(text) },
		}),
		read: async () => {
			const badge = await stored('/systems/demo/badges/assessed-demo', 'badge');
			return String(badge.name).endsWith(' name') ? badgeTexts(badge) : null;
		},
		fields: BADGE_TEXT_FIELDS,
	},
	{
		name: 'Claim Code → Create',
		parameters: (text) => ({ resource: 'claimCode', operation: 'create', system: rl('demo'), badge: rl('direct-demo'), newCode: `${text} code` }),
		read: async () => {
			const codes = (await stored('/systems/demo/badges/direct-demo/codes', 'claimCodes')) as unknown as IDataObject[];
			const added = codes.filter((code) => String(code.code).endsWith(' code'));
			return added.length ? added.map((code) => String(code.code)) : null;
		},
		fields: ['code'],
	},
	{
		name: 'Application → Create',
		parameters: (text) => ({
			resource: 'application',
			operation: 'create',
			system: rl('demo'),
			badge: rl('assessed-demo'),
			learner: 'learner2@example.org',
			additionalFields: { evidence: { items: [{ url: 'https://example.org/work', mediaType: 'link', reflection: `${text} reflection` }] } },
		}),
		read: async () => {
			const list = (await stored('/systems/demo/badges/assessed-demo/applications', 'applications')) as unknown as IDataObject[];
			const created = list.find((application) => application.learner === 'learner2@example.org');
			if (!created) return null;
			const application = await stored(`/systems/demo/badges/assessed-demo/applications/${String(created.slug)}`, 'application');
			return (application.evidence as IDataObject[]).map((evidence) => String(evidence.reflection));
		},
		fields: ['evidence[0].reflection'],
	},
	{
		name: 'Review → Create',
		parameters: (text) => ({
			resource: 'review',
			operation: 'create',
			system: rl('demo'),
			badge: rl('assessed-demo'),
			applicationSlug: 'demo-application-1',
			author: 'reviewer@example.org',
			reviewItems: {
				items: [{ criterionId: bed.server.store.findBadge(1, 'assessed-demo')!.criteria[0].id, satisfied: true, comment: `${text} item` }],
			},
			additionalFields: { comment: `${text} comment` },
		}),
		read: async () => {
			const reviews = (await stored(`${demoApplication}/reviews`, 'reviews')) as unknown as IDataObject[];
			if (!reviews.length) return null;
			const review = await stored(`${demoApplication}/reviews/${String(reviews[0].slug)}`, 'review');
			return [String(review.comment), ...(review.reviewItems as IDataObject[]).map((item) => String(item.comment))];
		},
		fields: ['comment', 'reviewItems[0].comment'],
	},
	{
		name: 'Review → Update',
		parameters: (text) => ({
			resource: 'review',
			operation: 'update',
			system: rl('demo'),
			badge: rl('assessed-demo'),
			applicationSlug: 'demo-application-1',
			reviewSlug: 'read-back-review',
			updateFields: { comment: `${text} comment` },
		}),
		read: async () => {
			const review = await stored(`${demoApplication}/reviews/read-back-review`, 'review');
			return review.comment === 'seeded' ? null : [String(review.comment)];
		},
		fields: ['comment'],
	},
];

function seedFor(testCase: TextCase) {
	if (testCase.name === 'Review → Update') {
		const store = bed.server.store;
		store.addReview({
			slug: 'read-back-review',
			applicationId: store.findApplication('demo-application-1')!.id,
			author: 'seed@example.org',
			comment: 'seeded',
		});
	}
}

describe.each(TEXT_CASES)('$name', (testCase) => {
	test(`stores "é" and "☕" as sent (${BMP})`, async () => {
		seedFor(testCase);
		expectOk(await run(testCase.parameters(BMP)));
		const texts = await testCase.read();
		expect(texts).not.toBeNull();
		expect(texts!.length).toBeGreaterThan(0);
		for (const text of texts!) expect(text.startsWith(`${BMP} `)).toBe(true);
	});

	test('refuses an emoji by default, naming the field and the character; nothing is stored', async () => {
		seedFor(testCase);
		const requestsBefore = bed.server.requests.filter((request) => request.method !== 'GET').length;
		const error = errorOf(await run(testCase.parameters(`${BMP} ${EMOJI}`)));
		// the field by its label in the node, then BadgeKit's name of it (the name alone where no node field has it)
		const named = /^"([^"]+)"(?: \(([^)]+)\))? contains "😀" \(U\+1F600\), which BadgeKit cannot store$/.exec(error.message);
		expect(named).not.toBeNull();
		expect(testCase.fields).toContain(named![2] ?? named![1]);
		if (named![2]) expect(named![1]).not.toBe(named![2]);
		expect(await testCase.read()).toBeNull();
		expect(bed.server.requests.filter((request) => request.method !== 'GET').length).toBe(requestsBefore);
	});

	test('with "Replace Characters BadgeKit Cannot Store" sends "?" in its place, and that is what is stored', async () => {
		seedFor(testCase);
		expectOk(await run(testCase.parameters(`${BMP} ${EMOJI}`), 'replace'));
		const texts = await testCase.read();
		expect(texts).not.toBeNull();
		for (const text of texts!) expect(text.startsWith(`${BMP} ? `)).toBe(true);
	});
});

describe('slugs, dates and lists read back', () => {
	test('Badge → Create: the chosen slug, criteria with their ids, every list and the creation date', async () => {
		const before = Date.now();
		const [output] = jsonOf(await run(newBadge(BMP)));
		const badge = await stored('/systems/demo/badges/read-back-badge', 'badge');
		expect(badge.slug).toBe('read-back-badge');
		expect(badge.id).toBe(output.id);
		expect(badge.criteria).toEqual([
			{ id: (output.criteria as IDataObject[])[0].id, description: `${BMP} criterion`, required: 1, note: `${BMP} note` },
		]);
		expect(badge.categories).toEqual([`${BMP} category`]);
		expect(badge.tags).toEqual([`${BMP} tag`]);
		expect(badge.alignments).toEqual([expect.objectContaining({ name: `${BMP} alignment`, url: 'https://example.org/standard' })]);
		expect(Date.parse(String(badge.created))).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		// nothing is left under a random slug
		const all = (await stored('/systems/demo/badges?archived=any', 'badges')) as unknown as IDataObject[];
		expect(all.filter((b) => /^[0-9a-f]{32}$/.test(String(b.slug)))).toEqual([]);
	});

	test('Badge → Update: New Slug renames; lists not touched are still there', async () => {
		expectOk(
			await run({
				resource: 'badge',
				operation: 'update',
				system: rl('demo'),
				badge: rl('assessed-demo'),
				updateFields: { slug: 'assessed-renamed', archived: true },
			}),
		);
		expect((await readBack('/systems/demo/badges/assessed-demo')).status).toBe(404);
		const badge = await stored('/systems/demo/badges/assessed-renamed', 'badge');
		expect(badge.archived).toBe(true);
		expect((badge.criteria as IDataObject[]).map((c) => c.description)).toEqual(
			bed.server.store.findBadge(1, 'assessed-renamed')!.criteria.map((c) => c.description),
		);
		expect((badge.criteria as IDataObject[]).length).toBe(2);
	});

	test('Badge Instance → Issue: email, dates and claim code; the comment reaches the webhook with its emoji', async () => {
		expectOk(
			await run({
				resource: 'badgeInstance',
				operation: 'issue',
				system: rl('demo'),
				badge: rl('direct-demo'),
				email: 'earner@example.org',
				additionalFields: {
					issuedOn: '2024-03-01T10:00:00Z',
					expires: '2030-01-01T00:00:00Z',
					claimCode: 'demo-claim-1',
					comment: `${BMP} ${EMOJI} well done`,
				},
			}),
		);
		const instance = await stored('/systems/demo/badges/direct-demo/instances/EARNER@example.org', 'instance');
		expect(instance.email).toBe('earner@example.org');
		expect(instance.issuedOn).toBe('2024-03-01T10:00:00.000Z');
		expect(instance.expires).toBe('2030-01-01T00:00:00.000Z');
		const code = await stored('/systems/demo/badges/direct-demo/codes/DEMO-CLAIM-1', 'claimCode');
		expect(code).toMatchObject({ claimed: 1, email: 'earner@example.org' });
		await bed.server.webhooksIdle();
		const award = bed.server.deliveries.map((delivery) => JSON.parse(delivery.body)).find((body) => body.action === 'award');
		expect(award.comment).toBe(`${BMP} ${EMOJI} well done`);
	});

	test('Badge Instance → Issue to Many: every email stored, with the given dates', async () => {
		expectOk(
			await run({
				resource: 'badgeInstance',
				operation: 'issueToMany',
				system: rl('demo'),
				badge: rl('direct-demo'),
				emails: 'one@example.org, two@example.org',
				additionalFields: { issuedOn: '2024-05-05T05:05:05Z', comment: `${EMOJI} bulk` },
			}),
			2,
		);
		const instances = (await stored('/systems/demo/badges/direct-demo/instances', 'instances')) as unknown as IDataObject[];
		expect(instances.map((i) => [i.email, i.issuedOn])).toEqual([
			['one@example.org', '2024-05-05T05:05:05.000Z'],
			['two@example.org', '2024-05-05T05:05:05.000Z'],
		]);
	});

	test('Claim Code → Create Random and Claim: the code, its flags and the claimer are stored', async () => {
		const [random] = jsonOf(
			await run({
				resource: 'claimCode',
				operation: 'createRandom',
				system: rl('demo'),
				badge: rl('direct-demo'),
				additionalFields: { multiuse: true },
			}),
		);
		const code = await stored(`/systems/demo/badges/direct-demo/codes/${String(random.code)}`, 'claimCode');
		expect(code).toMatchObject({ code: random.code, multiuse: 1, claimed: 0 });
		expectOk(
			await run({
				resource: 'claimCode',
				operation: 'claim',
				system: rl('demo'),
				badge: rl('direct-demo'),
				code: String(random.code),
				additionalFields: { email: 'claimer@example.org' },
			}),
		);
		expect(await stored(`/systems/demo/badges/direct-demo/codes/${String(random.code)}`, 'claimCode')).toMatchObject({
			claimed: 1,
			email: 'claimer@example.org',
		});
	});

	test('Application → Create, Update and Mark Processed: learner, reviewer and dates', async () => {
		const [created] = jsonOf(
			await run({
				resource: 'application',
				operation: 'create',
				system: rl('demo'),
				badge: rl('assessed-demo'),
				learner: 'learner3@example.org',
				additionalFields: { assignedTo: 'rev@example.org', assignedExpiration: '2031-02-03T04:05:06Z' },
			}),
		);
		const path = `/systems/demo/badges/assessed-demo/applications/${String(created.slug)}`;
		expect(await stored(path, 'application')).toMatchObject({
			learner: 'learner3@example.org',
			assignedTo: 'rev@example.org',
			assignedExpiration: '2031-02-03T04:05:06.000Z',
			processed: null,
		});
		expectOk(
			await run({
				resource: 'application',
				operation: 'update',
				system: rl('demo'),
				badge: rl('assessed-demo'),
				applicationSlug: String(created.slug),
				updateFields: { assignedTo: 'other@example.org' },
			}),
		);
		expect(await stored(path, 'application')).toMatchObject({ assignedTo: 'other@example.org', learner: 'learner3@example.org' });
		expectOk(
			await run({
				resource: 'application',
				operation: 'markProcessed',
				system: rl('demo'),
				badge: rl('assessed-demo'),
				applicationSlug: String(created.slug),
				processedAt: 'date',
				processedDate: '2024-06-07T08:09:10Z',
			}),
		);
		expect((await stored(path, 'application')).processed).toBe('2024-06-07T08:09:10.000Z');
	});

	test('Milestone → Create and Update: badges, number required and action', async () => {
		const [created] = jsonOf(
			await run({
				resource: 'milestone',
				operation: 'create',
				system: rl('demo'),
				badge: rl('issuer-demo'),
				supportBadges: 'direct-demo, assessed-demo',
				numberRequired: 2,
				action: 'queue-application',
			}),
		);
		const path = `/systems/demo/milestones/${String(created.id)}`;
		const milestone = await stored(path, 'milestone');
		expect(milestone).toMatchObject({ numberRequired: 2, action: 'queue-application' });
		expect((milestone.primaryBadge as IDataObject).slug).toBe('issuer-demo');
		expect((milestone.supportBadges as IDataObject[]).map((b) => b.slug)).toEqual(['direct-demo', 'assessed-demo']);
		expectOk(
			await run({
				resource: 'milestone',
				operation: 'update',
				system: rl('demo'),
				milestoneId: String(created.id),
				updateFields: { numberRequired: 1 },
			}),
		);
		const updated = await stored(path, 'milestone');
		expect(updated.numberRequired).toBe(1);
		// BadgeKit deletes support badges an update leaves out: the node sent them back
		expect((updated.supportBadges as IDataObject[]).map((b) => b.slug)).toEqual(['direct-demo', 'assessed-demo']);
	});
});
