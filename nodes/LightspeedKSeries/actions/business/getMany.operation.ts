import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchBusinesses } from '../../helpers/api';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Business Name or ID',
				name: 'businessId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBusinesses' },
				default: '',
				description:
					'Only this business. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['business'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const businesses = await fetchBusinesses.call(this, itemIndex);
	const wanted = filters.businessId === undefined || filters.businessId === '' ? undefined : Number(filters.businessId);
	return businesses.filter((business) => wanted === undefined || business.businessId === wanted);
}
