import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FleetNodeMap, FleetOperation } from './node.type';
import * as retention from './retention/Retention.resource';
import * as sweep from './sweep/Sweep.resource';

type OperationTable = { [R in keyof FleetNodeMap]: Record<FleetNodeMap[R], FleetOperation> };

export const operations: OperationTable = {
	sweep: { plan: sweep.plan, record: sweep.record },
	retention: { plan: retention.plan, days: retention.days },
};

const entries = Object.entries(operations).flatMap(([resource, byName]) =>
	Object.entries(byName as Record<string, FleetOperation>).map(([name, operation]) => [`${resource}:${name}`, operation] as const),
);

/** Input and output names per "resource:operation", for the node's dynamic inputs and outputs. */
export const NAMED_INPUTS: Record<string, string[]> = Object.fromEntries(entries.filter(([, op]) => op.INPUTS).map(([key, op]) => [key, op.INPUTS as string[]]));
export const NAMED_OUTPUTS: Record<string, string[]> = Object.fromEntries(entries.map(([key, op]) => [key, op.OUTPUTS]));

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = (operations as Record<string, Record<string, FleetOperation>>)[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	return await operation.executeBatch.call(this);
}
