import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What every operation module exports. */
export interface LightspeedOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type LightspeedResource =
	| 'business'
	| 'paymentMethod'
	| 'staff'
	| 'floorplan'
	| 'table'
	| 'check'
	| 'payment'
	| 'order'
	| 'location'
	| 'posMessage'
	| 'settings';

export type LightspeedNodeMap = {
	business: 'getMany';
	paymentMethod: 'getMany';
	staff: 'getMany';
	floorplan: 'getMany';
	table: 'getMany';
	check: 'getManyOpen' | 'getByTable' | 'get';
	payment: 'apply' | 'getStatus';
	order: 'createEatIn' | 'createToGo';
	location: 'getReadiness' | 'diagnose';
	posMessage: 'send';
	settings: 'get';
};
