import { isoFromBadgeKitTime } from '../../nodes/BadgeKit/fields/dates';
import { webhookDeliveryItem } from '../../nodes/BadgeKit/fields/triggerItem';

describe('isoFromBadgeKitTime', () => {
	it('normalises what BadgeKit sends: unix seconds, milliseconds, ISO strings, digit strings', () => {
		expect(isoFromBadgeKitTime(1795867792)).toBe('2026-11-28T12:09:52.000Z');
		expect(isoFromBadgeKitTime(1795867792000)).toBe('2026-11-28T12:09:52.000Z');
		expect(isoFromBadgeKitTime('2026-11-28T12:09:49.000Z')).toBe('2026-11-28T12:09:49.000Z');
		expect(isoFromBadgeKitTime('1795867792')).toBe('2026-11-28T12:09:52.000Z');
	});

	it('never invents a date', () => {
		for (const value of [undefined, null, '', 'May', 'soon', {}, [], Number.NaN, true]) expect(isoFromBadgeKitTime(value)).toBeNull();
	});
});

describe('webhookDeliveryItem', () => {
	it('puts the earner, badge and date at the same paths for every event', () => {
		const badge = { slug: 'b', name: 'Badge B' };
		expect(webhookDeliveryItem({ action: 'award', email: 'a@example.com', badge, issuedOn: 1795867792 })).toMatchObject({
			event: 'award',
			earnerEmail: 'a@example.com',
			badgeSlug: 'b',
			badgeName: 'Badge B',
			issuedAt: '2026-11-28T12:09:52.000Z',
		});
		expect(webhookDeliveryItem({ action: 'review', application: { learner: 'l@example.com', badge }, approved: true })).toMatchObject({
			event: 'review',
			earnerEmail: 'l@example.com',
			badgeSlug: 'b',
			issuedAt: null,
		});
	});
});
