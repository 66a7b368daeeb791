import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * What every operation module exports: either `execute`, called once per input item, or
 * `executeBatch`, which takes all input items at once (ledger rows) and returns one list per
 * output; such an operation names its outputs in `OUTPUTS`.
 */
export interface LightspeedOperation {
	description: INodeProperties[];
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	executeBatch?(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	OUTPUTS?: string[];
}

export type LightspeedNodeMap = {
	business: 'getMany';
	paymentMethod: 'getMany';
	staff: 'getMany';
	floorplan: 'getMany';
	table: 'getMany';
	check: 'getManyOpen' | 'getByTable' | 'get';
	payment: 'apply' | 'recover' | 'getStatus';
	order: 'createEatIn' | 'createToGo' | 'send' | 'recover';
	location: 'getReadiness' | 'diagnose' | 'checkConnection';
	posMessage: 'send';
	settings: 'check' | 'recall' | 'remember';
};
