import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * Every fleet operation takes all its input items at once (rows of the ledgers) and returns one
 * list per output, named in `OUTPUTS`; `INPUTS` names its inputs when it has several.
 */
export interface FleetOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	OUTPUTS: string[];
	INPUTS?: string[];
}

export type FleetNodeMap = {
	sweep: 'plan' | 'record';
	retention: 'plan' | 'days';
};
