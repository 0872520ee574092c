// fields/dates.ts: every way a user gives a date in n8n becomes ISO 8601 (or unix seconds for `expires`).
import { DateTime } from 'luxon';
import { NodeOperationError, type INode } from 'n8n-workflow';

import { toIsoDateOrFail } from '../../nodes/BadgeKit/fields/dateParameters';
import { toIsoDate, toUnixSeconds } from '../../nodes/BadgeKit/fields/dates';

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

	it.each([
		['junk', 'next tuesday'],
		['an impossible date', '2024-13-45'],
		['a bare word', 'May'],
		['NaN', NaN],
		['an object', { a: 1 }],
		['Infinity', Infinity],
	])('refuses %s, naming the field', (_label, value) => {
		expect(() => toIsoDate(value, 'Issued On')).toThrow(/^Issued On is not a date/);
	});

	it('refuses an invalid luxon DateTime', () => {
		expect(() => toIsoDate(DateTime.fromISO('nope'), 'Expires')).toThrow('Expires is an invalid date');
	});
});

describe("dates without an offset (n8n's date picker) are read in the workflow timezone", () => {
	it.each([
		['Europe/Berlin, summer', '2024-05-01T11:30:00', 'Europe/Berlin', ISO],
		['Europe/Berlin, winter', '2024-01-15 10:00', 'Europe/Berlin', '2024-01-15T09:00:00.000Z'],
		['America/New_York, right after the spring DST change', '2024-03-10T03:30:00', 'America/New_York', '2024-03-10T07:30:00.000Z'],
		['America/New_York, date only', '2024-07-04', 'America/New_York', '2024-07-04T04:00:00.000Z'],
		['Asia/Kolkata (half-hour offset), milliseconds', '2024-05-01T15:00:00.250', 'Asia/Kolkata', '2024-05-01T09:30:00.250Z'],
		['UTC', '2024-05-01T09:30:00', 'UTC', ISO],
		['no timezone: UTC', '2024-05-01T09:30:00', undefined, ISO],
	])('%s', (_label, value, zone, expected) => {
		expect(toIsoDate(value, 'When', zone)).toBe(expected);
	});

	it('keeps an explicit offset whatever the timezone', () => {
		expect(toIsoDate('2024-05-01T09:30:00Z', 'When', 'Asia/Tokyo')).toBe(ISO);
		expect(toIsoDate('2024-05-01T18:30:00+09:00', 'When', 'Europe/Berlin')).toBe(ISO);
	});

	it('refuses an impossible calendar date instead of rolling it over', () => {
		expect(() => toIsoDate('2024-02-30', 'When', 'Europe/Berlin')).toThrow(/When is not a date/);
		expect(() => toIsoDate('2024-05-01T24:30', 'When')).toThrow(/When is not a date/);
	});

	it('falls back to UTC for an unknown timezone name', () => {
		expect(toIsoDate('2024-05-01T09:30:00', 'When', 'Mars/Olympus')).toBe(ISO);
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
