import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { issuerField, programField, systemField } from '../../fields/scope';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import type { ContainerKind } from './common';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as update } from './update';

/**
 * Systems, issuers and programs are handled alike by BadgeKit (same fields, same answers), one level
 * deeper each: `/systems`, `/systems/:s/issuers`, `/systems/:s/issuers/:i/programs`. `containerResource`
 * builds the System, Issuer and Program resources from one set of operations.
 */

const OPERATIONS = ['create', 'delete', 'get', 'getAll', 'update'];
const ONE = ['delete', 'get', 'update'];

/** The operation selector of the System, Issuer or Program resource. */
function containerOperationField(kind: ContainerKind): INodeProperties {
	const plural = `${kind}s`;
	const one = `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [kind] } },
		options: [
			{ name: 'Create', value: 'create', description: `Create a new ${kind}`, action: `Create ${one}` },
			{ name: 'Delete', value: 'delete', description: `Delete ${one}`, action: `Delete ${one}` },
			{ name: 'Get', value: 'get', description: `Get one ${kind}`, action: `Get ${one}` },
			{ name: 'Get Many', value: 'getAll', description: `Get many ${plural}`, action: `Get many ${plural}` },
			{ name: 'Update', value: 'update', description: `Change fields of ${one}`, action: `Update ${one}` },
		],
		default: 'get',
	};
}

/**
 * The fields that pick where the system, issuer or program is: the system (for issuers and
 * programs), the issuer (for programs), and the thing itself (Get, Update, Delete).
 */
function containerScopeFields(kind: ContainerKind): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (kind === 'issuer' || kind === 'program') fields.push(systemField(showFor(kind, OPERATIONS)));
	else fields.push(systemField(showFor(kind, ONE)));
	if (kind === 'program') fields.push(issuerField(showFor(kind, OPERATIONS), true));
	else if (kind === 'issuer') fields.push(issuerField(showFor(kind, ONE), true));
	if (kind === 'program') fields.push(programField(showFor(kind, ONE), true));
	return fields;
}

/** The System, Issuer or Program resource: Create, Get, Get Many, Update and Delete. */
export function containerResource(kind: ContainerKind): BadgeKitResource {
	const operations: Record<string, BadgeKitOperation> = {
		create: create(kind),
		delete: deleteOperation(kind),
		get: get(kind),
		getAll: getAll(kind),
		update: update(kind),
	};
	const description: INodeProperties[] = [
		containerOperationField(kind),
		...containerScopeFields(kind),
		...Object.values(operations).flatMap((operation) => operation.description),
	];
	return { description, operations };
}
