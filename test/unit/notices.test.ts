/**
 * What the editor shows as notices must read right as plain text: n8n 2.x's editor keeps only <a>,
 * <ul> and <li> in a notice (1.x keeps more), so a <br> or <code> vanishes and its text runs into the
 * sentence around it. test/e2e/editor.test.ts checks the result in a real n8n editor.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';
import { BadgeKitApplicationTrigger } from '../../nodes/BadgeKit/BadgeKitApplicationTrigger.node';
import { BadgeKitTrigger } from '../../nodes/BadgeKit/BadgeKitTrigger.node';

function notices(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [
		...(p.type === 'notice' ? [p] : []),
		...notices(((p.options ?? []) as INodeProperties[]).filter((o) => typeof o === 'object' && 'type' in o)),
	]);
}

const nodes: Array<[string, INodeType]> = [
	['BadgeKit', new BadgeKit()],
	['BadgeKit Trigger', new BadgeKitTrigger()],
	['BadgeKit Application Trigger', new BadgeKitApplicationTrigger()],
];

describe.each(nodes)('%s notices', (_name, node) => {
	const all = notices(node.description.properties);

	it.each(all.map((n) => [n.name, n.displayName]))('%s is plain text (no tags or HTML entities)', (_n, text) => {
		expect(text).not.toMatch(/<[a-z/!][^>]*>/i);
		expect(text).not.toMatch(/&[a-z]+;|&#\d+;/i);
	});
});

describe('BadgeKit Trigger registration notices', () => {
	const all = notices(new BadgeKitTrigger().description.properties);

	it('gives the SQL a notice of its own, after the explanation that names its placeholders', () => {
		const sqlIndex = all.findIndex((n) => n.displayName.startsWith('START TRANSACTION;'));
		expect(sqlIndex).toBeGreaterThan(0);
		const sql = all[sqlIndex].displayName;
		// Replaces the system's rows (BadgeKit calls the first row of a system) in one transaction.
		expect(sql).toBe(
			"START TRANSACTION; DELETE FROM webhooks WHERE systemId IN (SELECT ID FROM systems WHERE slug = 'SYSTEM_SLUG'); INSERT INTO webhooks (url, secret, systemId) SELECT 'PRODUCTION_URL', 'WEBHOOK_SECRET', ID FROM systems WHERE slug = 'SYSTEM_SLUG'; COMMIT;",
		);
		const explanation = all[sqlIndex - 1].displayName;
		for (const placeholder of ['PRODUCTION_URL', 'WEBHOOK_SECRET', 'SYSTEM_SLUG']) expect(explanation).toContain(placeholder);
		expect(explanation).not.toContain('INSERT');
	});
});
