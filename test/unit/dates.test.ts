// shared/dates.ts: every way a user gives a date in n8n becomes ISO 8601 (or unix seconds for `expires`).
import { DateTime } from 'luxon';
import { NodeOperationError, type INode } from 'n8n-workflow';

import { toIsoDate, toIsoDateOrFail, toUnixSeconds } from '../../nodes/BadgeKit/shared/dates';

const ISO = '2024-05-01T09:30:00.000Z';
const SECONDS = 1714555800;

describe('toIsoDate', () => {
	it.each([
		['ISO with Z', '2024-05-01T09:30:00Z'],
		['ISO with milliseconds', ISO],
		['ISO with an offset', '2024-05-01T11:30:00+02:00'],
		['ISO with spaces around', '  2024-05-01T09:30:00Z '],
		['unix seconds', SECONDS],
		['unix seconds as text', String(SECONDS)],
		['unix milliseconds', SECONDS * 1000],
		['unix milliseconds as text', String(SECONDS * 1000)],
		['a JS Date', new Date(ISO)],
		['a luxon DateTime (n8n DateTime)', DateTime.fromISO('2024-05-01T11:30:00', { zone: 'Europe/Berlin' })],
		['an RFC 2822 date', 'Wed, 01 May 2024 09:30:00 GMT'],
	])('reads %s', (_label, value) => {
		expect(toIsoDate(value, 'When')).toBe(ISO);
	});

	it('reads a date without time as midnight UTC', () => {
		expect(toIsoDate('2024-05-01', 'When')).toBe('2024-05-01T00:00:00.000Z');
	});

	it('tells seconds from milliseconds by magnitude (early 1970 in ms stays ms)', () => {
		expect(toIsoDate(1e11 - 1, 'When')).toBe(new Date((1e11 - 1) * 1000).toISOString());
		expect(toIsoDate(1e11, 'When')).toBe(new Date(1e11).toISOString());
	});

	it.each([undefined, null, ''])('gives undefined for %p', (value) => {
		expect(toIsoDate(value, 'When')).toBeUndefined();
	});

	it.each([['junk', 'next tuesday'], ['an impossible date', '2024-13-45'], ['a bare word', 'May'], ['NaN', NaN], ['an object', { a: 1 }], ['Infinity', Infinity]])(
		'refuses %s, naming the field',
		(_label, value) => {
			expect(() => toIsoDate(value, 'Issued On')).toThrow(/^Issued On is not a date/);
		},
	);

	it('refuses an invalid luxon DateTime', () => {
		expect(() => toIsoDate(DateTime.fromISO('nope'), 'Expires')).toThrow('Expires is an invalid date');
	});
});

describe('toUnixSeconds (for expires)', () => {
	it('gives whole seconds from any input', () => {
		expect(toUnixSeconds(ISO, 'Expires')).toBe(SECONDS);
		expect(toUnixSeconds(SECONDS * 1000 + 999, 'Expires')).toBe(SECONDS);
		expect(toUnixSeconds(undefined, 'Expires')).toBeUndefined();
	});
});

describe('toIsoDateOrFail', () => {
	const node: INode = { id: '1', name: 'BadgeKit', type: 'n8n-nodes-badgekit.badgeKit', typeVersion: 1, position: [0, 0], parameters: {} };

	it('turns a bad date into a NodeOperationError on the item', () => {
		let error: unknown;
		try {
			toIsoDateOrFail(node, 'soon', 'Processed Date', 3);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/^Processed Date is not a date: "soon"/);
		expect((error as NodeOperationError).context.itemIndex).toBe(3);
	});
});
