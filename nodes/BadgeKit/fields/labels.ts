import type { INodeProperties } from 'n8n-workflow';

/**
 * The labels of an operation's fields by their parameter name, which is BadgeKit's field name where
 * the node sends one: errors name a field BadgeKit refused by the label the user sees.
 */
export function fieldLabels(properties: INodeProperties[], resource: string, operation: string, version: number): Record<string, string> {
	const labels: Record<string, string> = {};
	const add = (fields: INodeProperties[]) => {
		for (const field of fields) {
			if (field.type !== 'notice' && !(field.name in labels)) labels[field.name] = field.displayName;
		}
		for (const field of fields) {
			for (const option of (field.options ?? []) as Array<Partial<INodeProperties> & { values?: INodeProperties[] }>) {
				if (option.displayName && option.name && option.type) add([option as INodeProperties]);
				if (Array.isArray(option.values)) add(option.values);
			}
		}
	};
	add(properties.filter((field) => isShownFor(field, resource, operation, version)));
	return labels;
}

function isShownFor(field: INodeProperties, resource: string, operation: string, version: number): boolean {
	const show = field.displayOptions?.show ?? {};
	const hide = field.displayOptions?.hide ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	const shownVersions = show['@version'] as VersionCondition[] | undefined;
	const hiddenVersions = hide['@version'] as VersionCondition[] | undefined;
	return (
		(!resources || resources.includes(resource)) &&
		(!operations || operations.includes(operation)) &&
		(!shownVersions || shownVersions.some((condition) => versionMatches(condition, version))) &&
		!(hiddenVersions ?? []).some((condition) => versionMatches(condition, version))
	);
}

type VersionCondition = number | { _cnd: { gte?: number; lt?: number; eq?: number } };

/** n8n's `@version` display condition: a version, or `{_cnd: {gte | lt | eq}}` (the forms this node uses). */
function versionMatches(condition: VersionCondition, version: number): boolean {
	if (typeof condition === 'number') return condition === version;
	const { gte, lt, eq } = condition._cnd;
	return (gte === undefined || version >= gte) && (lt === undefined || version < lt) && (eq === undefined || version === eq);
}
