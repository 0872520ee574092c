import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { issuerField, programField, systemField } from '../common/scope';
import type { BadgeKitOperation } from '../types';
import { limitOf, paginationFields, showFor } from '../common/fields';
import { updateFieldsOf } from '../common/parameters';
import { badgeKitApiRequest, badgeKitApiRequestAllItems, unwrap } from '../../transport';
import { containerCreateBody, containerCreateFields, containerPath, containerUpdateFields, type ContainerKind } from './common';

/**
 * Systems, issuers and programs are handled alike by BadgeKit (same fields, same answers), one level
 * deeper each: `/systems`, `/systems/:s/issuers`, `/systems/:s/issuers/:i/programs`. Each of their
 * operation files builds its operation here.
 */

const OPERATIONS = ['create', 'delete', 'get', 'getAll', 'update'];
const ONE = ['delete', 'get', 'update'];

/** The operation selector of the System, Issuer or Program resource. */
export function containerOperationField(kind: ContainerKind): INodeProperties {
	const plural = `${kind}s`;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [kind] } },
		options: [
			{ name: 'Create', value: 'create', description: `Create a new ${kind}`, action: `Create a ${kind}` },
			{ name: 'Delete', value: 'delete', description: `Delete a ${kind}`, action: `Delete a ${kind}` },
			{ name: 'Get', value: 'get', description: `Get one ${kind} by its slug`, action: `Get a ${kind}` },
			{ name: 'Get Many', value: 'getAll', description: `Get many ${plural}`, action: `Get many ${plural}` },
			{ name: 'Update', value: 'update', description: `Change fields of a ${kind}`, action: `Update a ${kind}` },
		],
		default: 'get',
	};
}

/**
 * The fields that pick where the system, issuer or program is: the system (for issuers and
 * programs), the issuer (for programs), and the thing itself (Get, Update, Delete).
 */
export function containerScopeFields(kind: ContainerKind): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (kind === 'issuer' || kind === 'program') fields.push(systemField(showFor(kind, OPERATIONS)));
	else fields.push(systemField(showFor(kind, ONE)));
	if (kind === 'program') fields.push(issuerField(showFor(kind, OPERATIONS), true));
	else if (kind === 'issuer') fields.push(issuerField(showFor(kind, ONE), true));
	if (kind === 'program') fields.push(programField(showFor(kind, ONE), true));
	return fields;
}

export function containerCreate(kind: ContainerKind): BadgeKitOperation {
	return {
		description: containerCreateFields(kind),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const body = containerCreateBody.call(this, itemIndex);
			const path = containerPath.call(this, kind, itemIndex, false);
			const response = await badgeKitApiRequest.call(this, 'POST', path, { body, itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}

export function containerGet(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'GET', path, { itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}

export function containerGetAll(kind: ContainerKind): BadgeKitOperation {
	return {
		description: paginationFields(kind),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
			const path = containerPath.call(this, kind, itemIndex, false);
			return await badgeKitApiRequestAllItems.call(this, path, `${kind}s`, { limit: limitOf.call(this, itemIndex), itemIndex });
		},
	};
}

export function containerUpdate(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [containerUpdateFields(kind)],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const body = updateFieldsOf.call(this, itemIndex, kind);
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'PUT', path, { body, itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}

/** BadgeKit answers a delete with the deleted object, which becomes the output item. */
export function containerDelete(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'DELETE', path, { itemIndex });
			const deleted = response?.[kind];
			if (deleted && typeof deleted === 'object' && !Array.isArray(deleted)) return deleted as IDataObject;
			return { deleted: true, slug: decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) };
		},
	};
}
