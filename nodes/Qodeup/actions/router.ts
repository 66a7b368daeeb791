import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import * as callback from './callback/Callback.resource';
import type { QodeupNodeMap, QodeupOperation } from './node.type';
import * as request from './request/Request.resource';
import * as retry from './retry/Retry.resource';

type OperationTable = { [R in keyof QodeupNodeMap]: Record<QodeupNodeMap[R], QodeupOperation> };

export const operations: OperationTable = {
	request: { check: request.check },
	retry: { prepare: retry.prepare, page: retry.page },
	callback: { send: callback.send },
};

/** Named outputs of the operations that have several, by "resource:operation". */
export const NAMED_OUTPUTS: Record<string, string[]> = Object.fromEntries(
	Object.entries(operations).flatMap(([resource, byName]) =>
		Object.entries(byName as Record<string, QodeupOperation>)
			.filter(([, operation]) => operation.OUTPUTS)
			.map(([name, operation]) => [`${resource}:${name}`, operation.OUTPUTS as string[]]),
	),
);

function findOperation(resource: string, operation: string): QodeupOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, resource)) return undefined;
	const forResource = operations[resource as keyof OperationTable] as Record<string, QodeupOperation>;
	return Object.prototype.hasOwnProperty.call(forResource, operation) ? forResource[operation] : undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	if (operation.executeBatch) return await operation.executeBatch.call(this);
	const execute = operation.execute as NonNullable<QodeupOperation['execute']>;
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await execute.call(this, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}
