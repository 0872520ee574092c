import { isProcessed } from '../../nodes/BadgeKit/fields/applications';

describe('isProcessed (one rule for the action node and the Application Trigger)', () => {
	it('open: null, undefined and an empty string', () => {
		expect(isProcessed({ processed: null })).toBe(false);
		expect(isProcessed({})).toBe(false);
		expect(isProcessed({ processed: '' })).toBe(false);
	});

	it('processed: a date, and any other value (BadgeKit itself only sends null or an ISO string)', () => {
		expect(isProcessed({ processed: '2024-05-01T09:30:00.000Z' })).toBe(true);
		expect(isProcessed({ processed: 0 })).toBe(true);
		expect(isProcessed({ processed: false })).toBe(true);
	});
});
