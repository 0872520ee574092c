import type { INodeProperties } from 'n8n-workflow';

import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { containerOperationField, containerScopeFields } from '../system/containerOperations';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as update } from './update';

/** The Issuer resource: Create, Get, Get Many, Update and Delete. */
export const operations: Record<string, BadgeKitOperation> = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	containerOperationField('issuer'),
	...containerScopeFields('issuer'),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
