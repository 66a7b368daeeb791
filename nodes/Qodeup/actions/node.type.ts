import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * What every operation module of the Qodeup node exports: `execute` (once per input item, one
 * output) or `executeBatch` (all items at once, one list per output named in `OUTPUTS`).
 */
export interface QodeupOperation {
	description: INodeProperties[];
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	executeBatch?(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	OUTPUTS?: string[];
}

export type QodeupNodeMap = {
	request: 'check';
	retry: 'prepare' | 'page';
	callback: 'send';
};
