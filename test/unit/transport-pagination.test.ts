import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgeKitApiRequestAllItems, readPage } from '../../nodes/BadgeKit/transport';

/** A context whose HTTP helper answers from a function of the requested URL, recording each URL. */
function contextAnswering(answer: (url: string) => IDataObject) {
	const urls: string[] = [];
	const context = {
		getNode: () => ({ name: 'BadgeKit', type: 'badgeKit', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ baseUrl: 'http://127.0.0.1:1', key: 'master', secret: 's' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { url: string }) => {
				urls.push(options.url);
				if (urls.length > 50) throw new Error('runaway pagination');
				return answer(options.url);
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, urls };
}

const items = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: from + i }));
const pageOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('page'));
const countOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('count'));

describe('badgeKitApiRequestAllItems', () => {
	const paginated = (total: number) => (url: string) => {
		const page = pageOf(url);
		const count = countOf(url);
		return { badges: items((page - 1) * count, Math.min(page * count, total)), pageData: { page, count, total } };
	};

	it('reads every page until the total', async () => {
		const { context, urls } = contextAnswering(paginated(250));
		const all = await badgeKitApiRequestAllItems.call(context, '/systems/demo/badges', 'badges');
		expect(all.map((item) => item.id)).toEqual(items(0, 250).map((item) => item.id));
		expect(urls).toEqual(['/systems/demo/badges?page=1&count=100', '/systems/demo/badges?page=2&count=100', '/systems/demo/badges?page=3&count=100']);
	});

	it('stops at the limit, asking for no more than it needs per page', async () => {
		const { context, urls } = contextAnswering(paginated(250));
		const some = await badgeKitApiRequestAllItems.call(context, '/systems/demo/badges', 'badges', { limit: 30 });
		expect(some).toHaveLength(30);
		expect(urls).toEqual(['/systems/demo/badges?page=1&count=30']);
	});

	it('stops after one request when the endpoint ignores page/count (no pageData)', async () => {
		const { context, urls } = contextAnswering(() => ({ badges: items(0, 150) }));
		const all = await badgeKitApiRequestAllItems.call(context, '/systems/demo/milestones', 'badges');
		expect(all).toHaveLength(150);
		expect(urls).toHaveLength(1);
	});

	it('stops on an exactly full last page when the total is reached', async () => {
		const { context, urls } = contextAnswering(paginated(200));
		expect(await badgeKitApiRequestAllItems.call(context, '/x', 'badges')).toHaveLength(200);
		expect(urls).toHaveLength(2);
	});

	it('with a filter, reads whole pages until Limit items passed it', async () => {
		const { context, urls } = contextAnswering(paginated(250));
		const even = await badgeKitApiRequestAllItems.call(context, '/x', 'badges', { limit: 60, filter: (item) => (item.id as number) % 2 === 0 });
		expect(even.map((item) => item.id)).toEqual(
			items(0, 120)
				.filter((item) => item.id % 2 === 0)
				.map((item) => item.id),
		);
		expect(urls).toEqual(['/x?page=1&count=100', '/x?page=2&count=100']);
	});

	it('with a filter and no Limit, stops once every item was seen', async () => {
		const { context, urls } = contextAnswering(paginated(200));
		const some = await badgeKitApiRequestAllItems.call(context, '/x', 'badges', { filter: (item) => (item.id as number) < 5 });
		expect(some).toHaveLength(5);
		expect(urls).toHaveLength(2);
	});

	it('sends the query with page and count', async () => {
		const { context, urls } = contextAnswering(paginated(10));
		await badgeKitApiRequestAllItems.call(context, '/x', 'badges', { query: { archived: 'false' } });
		expect(urls).toEqual(['/x?archived=false&page=1&count=100']);
	});
});

describe('readPage', () => {
	it('gives the page and the total from pageData', async () => {
		const { context, urls } = contextAnswering((url) => ({ badges: items(50, 100), pageData: { page: pageOf(url), count: 50, total: 120 } }));
		const page = await readPage.call(context, '/x', 'badges', 2, 50);
		expect(page).toEqual({ items: items(50, 100), total: 120 });
		expect(urls).toEqual(['/x?page=2&count=50']);
	});

	it('cuts the page from the whole list when the server ignored page/count (no pageData), and hands the whole list on', async () => {
		const { context } = contextAnswering(() => ({ badges: items(0, 120) }));
		const page = await readPage.call(context, '/x', 'badges', 2, 50);
		expect(page.items).toEqual(items(50, 100));
		expect(page.total).toBe(120);
		expect(page.all).toEqual(items(0, 120));
	});
});
