// The BadgeKit node's words as an issuer meets them in the editor: one name for the person (earner) and
// for an award, plain action sentences, a canvas subtitle in display names, "slug" said in issuer words,
// and the stored values that saved workflows depend on left as they were.
import { Workflow, type INode, type INodeProperties, type INodePropertyOptions, type INodeTypes } from 'n8n-workflow';

import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';

const node = new BadgeKit();
const properties = node.description.properties;
const resourceOptions = properties.find((field) => field.name === 'resource')!.options as INodePropertyOptions[];
const operationFields = properties.filter((field) => field.name === 'operation');

/** Every field, with the options of collections and fixed collections, as the editor can show them. */
function allFields(fields: INodeProperties[]): INodeProperties[] {
	return fields.flatMap((field) => [
		field,
		...allFields(
			((field.options ?? []) as Array<INodeProperties & { values?: INodeProperties[] }>).flatMap((option) =>
				Array.isArray(option.values) ? option.values : 'displayName' in option && 'type' in option ? [option] : [],
			),
		),
	]);
}

/** Every text the editor shows: labels, option names, descriptions, placeholders, actions. */
function visibleTexts(): string[] {
	const texts: string[] = [node.description.description];
	for (const field of allFields(properties)) {
		texts.push(field.displayName, field.description ?? '', field.placeholder ?? '', field.hint ?? '');
		for (const option of (field.options ?? []) as INodePropertyOptions[]) {
			if ('value' in option) texts.push(option.name, option.description ?? '', option.action ?? '');
		}
	}
	return texts.filter((text) => text !== '');
}

describe('words in the editor', () => {
	test('actions are sentences with the right article ("Create an issuer", never "a issuer")', () => {
		const actions = operationFields.flatMap((field) => (field.options as INodePropertyOptions[]).map((option) => option.action!));
		expect(actions.length).toBeGreaterThan(40);
		expect(actions.filter((action) => /\ba [aeiou]/i.test(action))).toEqual([]);
		expect(actions).toEqual(
			expect.arrayContaining(['Create an issuer', 'Get an issuer', 'Update an issuer', 'Delete an issuer', 'Create a program']),
		);
		expect(actions.filter((action) => !/^[A-Z][a-z]/.test(action))).toEqual([]);
	});

	test('one name for the person: "earner"; BadgeKit\'s "learner" only in a description that names its field', () => {
		const texts = visibleTexts();
		expect(texts.filter((text) => /learner/i.test(text) && !/BadgeKit's "learner"/.test(text))).toEqual([]);
		const learner = allFields(properties).filter((field) => field.name === 'learner');
		expect(learner.length).toBeGreaterThan(0);
		expect(learner.map((field) => field.displayName)).toEqual(learner.map(() => 'Earner Email'));
	});

	test('an award is an "Award": no "Badge Instance" or "Assertion" in labels and names', () => {
		const names = allFields(properties).flatMap((field) => [
			field.displayName,
			...((field.options ?? []) as INodePropertyOptions[])
				.filter((option) => 'value' in option)
				.map((option) => `${option.name} ${option.action ?? ''}`),
		]);
		expect(names.filter((name) => /badge instance|assertion/i.test(name))).toEqual([]);
		expect(resourceOptions.map((option) => [option.name, option.value])).toEqual(
			expect.arrayContaining([
				['Award', 'badgeInstance'],
				['Award Page', 'assertion'],
			]),
		);
	});

	test('"slug" is said as an ID: no label says "Slug" (except the identifier fields issue 20a turns into pickers)', () => {
		const pickerFields = new Set(['applicationSlug', 'reviewSlug']);
		const labels = allFields(properties)
			.filter((field) => !pickerFields.has(field.name))
			.flatMap((field) => [field.displayName, ...((field.options ?? []) as INodePropertyOptions[]).filter((o) => 'value' in o).map((o) => o.name)]);
		expect(labels.filter((label) => /slug/i.test(label))).toEqual([]);
		const operationDescriptions = operationFields.flatMap((field) =>
			(field.options as INodePropertyOptions[]).map((option) => option.description ?? ''),
		);
		expect(operationDescriptions.filter((text) => /slug/i.test(text))).toEqual([]);
	});

	test('stored values stay as saved workflows have them', () => {
		expect(resourceOptions.map((option) => option.value).sort()).toEqual(
			['application', 'assertion', 'badge', 'badgeInstance', 'claimCode', 'issuer', 'milestone', 'program', 'review', 'system'].sort(),
		);
		const badgeInstance = operationFields.find((field) => field.displayOptions?.show?.resource?.includes('badgeInstance'))!;
		expect((badgeInstance.options as INodePropertyOptions[]).map((option) => option.value).sort()).toEqual(
			['get', 'getAll', 'getAllForEarner', 'issue', 'issueToMany', 'revoke'].sort(),
		);
		const names = new Set(allFields(properties).map((field) => field.name));
		for (const name of ['email', 'emails', 'learner', 'slug', 'assertionUrl', 'assertionUid', 'assertionSource', 'ifAlreadyAwarded']) {
			expect(names).toContain(name);
		}
	});
});

describe('canvas subtitle', () => {
	class OneNodeType implements INodeTypes {
		getByName() {
			return node;
		}
		getByNameAndVersion() {
			return node;
		}
		getKnownTypes() {
			return {};
		}
	}

	/** The subtitle as n8n's editor computes it: the expression evaluated against the node's parameters. */
	function subtitleOf(resource: string, operation: string): unknown {
		const saved: INode = {
			id: 'n',
			name: 'BadgeKit',
			type: 'n8n-nodes-badgekit.badgeKit',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: { resource, operation },
		};
		const workflow = new Workflow({ nodes: [saved], connections: {}, active: false, nodeTypes: new OneNodeType() });
		return workflow.expression.getSimpleParameterValue(saved, node.description.subtitle, 'internal', {});
	}

	test.each([
		['badgeInstance', 'issue', 'Issue: Award'],
		['badgeInstance', 'issueToMany', 'Issue to Many: Award'],
		['assertion', 'get', 'Get: Award Page'],
		['issuer', 'create', 'Create: Issuer'],
		['application', 'markProcessed', 'Mark Processed: Application'],
	])('%s / %s reads "%s"', (resource, operation, expected) => {
		expect(subtitleOf(resource, operation)).toBe(expected);
	});

	test('every resource and operation has a subtitle in display names', () => {
		for (const field of operationFields) {
			for (const resource of field.displayOptions!.show!.resource as string[]) {
				for (const option of field.options as INodePropertyOptions[]) {
					const shown = String(subtitleOf(resource, String(option.value)));
					expect(shown).toBe(`${option.name}: ${resourceOptions.find((r) => r.value === resource)!.name}`);
				}
			}
		}
	});
});
