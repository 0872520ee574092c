// TEMPORARY stand-in for nodes/BadgeKit/BadgeKit.node.ts (part 1), until it lands.
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IDataObject } from 'n8n-workflow';
import * as listSearch from '../../nodes/BadgeKit/listSearch';
import badge from '../../nodes/BadgeKit/resources/badge';
import system from '../../nodes/BadgeKit/resources/system';
import issuer from '../../nodes/BadgeKit/resources/issuer';
import program from '../../nodes/BadgeKit/resources/program';
import milestone from '../../nodes/BadgeKit/resources/milestone';
import type { BadgeKitResource } from '../../nodes/BadgeKit/resources/types';

const resources: Record<string, BadgeKitResource> = { badge, system, issuer, program, milestone };

export class BadgeKitNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit', name: 'badgeKit', group: ['transform'], version: 1, description: '', defaults: { name: 'BadgeKit' },
		inputs: ['main'], outputs: ['main'], credentials: [{ name: 'badgeKitApi', required: true }],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, default: 'badge',
				options: Object.keys(resources).map((value) => ({ name: value, value })) },
			...Object.values(resources).flatMap((r) => r.description),
		],
	} as INodeTypeDescription;
	methods = { listSearch: { ...listSearch } };
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const op = resources[resource]?.operations[operation];
				if (!op) throw new NodeOperationError(this.getNode(), `unknown ${resource}/${operation}`);
				const result = await op.execute.call(this, i, { timeout: 10000 });
				for (const json of Array.isArray(result) ? result : [result]) out.push({ json: json as IDataObject, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) { out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } }); continue; }
				throw error;
			}
		}
		return [out];
	}
}
