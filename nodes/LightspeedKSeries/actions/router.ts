import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../helpers/errors';
import { lightspeedErrorDetails } from '../transport';
import * as business from './business/Business.resource';
import * as check from './check/Check.resource';
import * as floorplan from './floorplan/Floorplan.resource';
import * as location from './location/Location.resource';
import type { LightspeedNodeMap, LightspeedOperation } from './node.type';
import * as order from './order/Order.resource';
import * as payment from './payment/Payment.resource';
import * as paymentMethod from './paymentMethod/PaymentMethod.resource';
import * as posMessage from './posMessage/PosMessage.resource';
import * as settings from './settings/Settings.resource';
import * as staff from './staff/Staff.resource';
import * as table from './table/Table.resource';

type OperationTable = { [R in keyof LightspeedNodeMap]: Record<LightspeedNodeMap[R], LightspeedOperation> };

export const operations: OperationTable = {
	business: { getMany: business.getMany },
	paymentMethod: { getMany: paymentMethod.getMany },
	staff: { getMany: staff.getMany },
	floorplan: { getMany: floorplan.getMany },
	table: { getMany: table.getMany },
	check: { getManyOpen: check.getManyOpen, getByTable: check.getByTable, get: check.get },
	payment: { apply: payment.apply, recover: payment.recover, getStatus: payment.getStatus },
	order: { createEatIn: order.createEatIn, createToGo: order.createToGo, send: order.send, recover: order.recover },
	location: { getReadiness: location.getReadiness, diagnose: location.diagnose, checkConnection: location.checkConnection },
	posMessage: { send: posMessage.send },
	settings: { check: settings.check, recall: settings.recall, remember: settings.remember },
};

function findOperation(resource: string, operation: string): LightspeedOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, resource)) return undefined;
	const forResource = operations[resource as keyof OperationTable] as Record<string, LightspeedOperation>;
	return Object.prototype.hasOwnProperty.call(forResource, operation) ? forResource[operation] : undefined;
}

/** The `{error…}` item a failed input item becomes when "continue on fail" is on. */
export function errorItemJson(error: unknown): IDataObject {
	const details = lightspeedErrorDetails(error);
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	const description = (error as { description?: unknown } | null)?.description;
	if (typeof description === 'string' && description) json.description = description;
	if (details) {
		json.errorCode = details.errorCode;
		json.httpStatus = details.httpStatus;
		json.lightspeedMessage = details.lightspeedMessage;
	}
	return json;
}

/** Named outputs of the operations that have several, by "resource:operation" (node description). */
export const NAMED_OUTPUTS: Record<string, string[]> = Object.fromEntries(
	Object.entries(operations).flatMap(([resource, byName]) =>
		Object.entries(byName as Record<string, LightspeedOperation>)
			.filter(([, operation]) => operation.OUTPUTS)
			.map(([name, operation]) => [`${resource}:${name}`, operation.OUTPUTS as string[]]),
	),
);

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	if (operation.executeBatch) return await operation.executeBatch.call(this);
	if (!operation.execute) throw new NodeOperationError(this.getNode(), `The operation "${operationName}" has no implementation`);

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await (operation.execute as NonNullable<LightspeedOperation['execute']>).call(this, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				returnData.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				// n8n routes an item with `error` to the error output, but also replaces its json by
				// {error: message}: only set it for "Continue (using error output)", so the regular
				// output keeps the code (errorCode) a Respond node or an expression needs.
				const routed = this.getNode().onError === 'continueErrorOutput';
				returnData.push({
					json: errorItemJson(error),
					...(routed ? { error: asNodeError(this.getNode(), error, itemIndex) } : {}),
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	}
	return [returnData];
}
