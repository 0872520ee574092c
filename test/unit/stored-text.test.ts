// The one stored-text rule (nodes/BadgeKit/transport/storedText): BadgeKit's 3-byte utf8 tables store
// characters outside the Basic Multilingual Plane as "?", so bodies are refused or made storable.
import type { INode } from 'n8n-workflow';

import { asBadgeKitStoresIt, firstUnstorableCharacter, storableBody } from '../../nodes/BadgeKit/transport/storedText';

const node: INode = { id: '1', name: 'BadgeKit', type: 'n8n-nodes-badgekit.badgeKit', typeVersion: 1, position: [0, 0], parameters: {} };

describe('storableBody', () => {
	it('passes text BadgeKit can store (accents, ☕, CJK) unchanged', () => {
		const body = { name: 'Café ☕ 読書', criteria: [{ description: 'é', required: true }], categories: ['ü'] };
		expect(storableBody(node, body, 'refuse')).toEqual(body);
	});

	it('refuses an emoji, naming the field (nested path) and the character with its code point', () => {
		const body = { name: 'ok', criteria: [{ description: 'fine' }, { description: 'Read 📚 books' }] };
		expect(() => storableBody(node, body, 'refuse', 3)).toThrow('"criteria[1].description" contains "📚" (U+1F4DA), which BadgeKit cannot store');
		let error: unknown;
		try {
			storableBody(node, { name: 'Badge 😀' }, 'refuse', 3);
		} catch (caught) {
			error = caught;
		}
		expect((error as { message?: string }).message).toBe('"name" contains "😀" (U+1F600), which BadgeKit cannot store');
		expect((error as { description?: string }).description).toMatch(/Replace Characters BadgeKit Cannot Store/);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(3);
	});

	it('replaces every such character by "?" with the option, as BadgeKit would store it', () => {
		const body = { name: 'A 😀 B 🎉', tags: ['t😀'], unique: false, limit: 3 };
		expect(storableBody(node, body, 'replace')).toEqual({ name: 'A ? B ?', tags: ['t?'], unique: false, limit: 3 });
		expect(asBadgeKitStoresIt('é☕😀')).toBe('é☕?');
		expect(firstUnstorableCharacter('é☕')).toBeUndefined();
	});

	it('leaves top-level fields BadgeKit only forwards (an award comment) alone', () => {
		const body = { email: 'a@example.org', comment: 'Well done 🎉' };
		expect(storableBody(node, body, 'refuse', 0, ['comment'])).toEqual(body);
		expect(() => storableBody(node, { email: 'a😀@example.org', comment: 'x' }, 'refuse', 0, ['comment'])).toThrow(/"email" contains "😀"/);
	});
});
