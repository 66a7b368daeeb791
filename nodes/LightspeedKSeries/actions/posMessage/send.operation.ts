import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readLocationId, readRequiredString } from '../../helpers/params';
import { lightspeedApiRequest } from '../../transport';
import { locationField } from '../common.descriptions';

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'Table 12 paid 48.20 via Qodeup',
		description: 'Shown on the register; kept up to 24 h if the register is offline',
	},
	{
		displayName: 'Also Print',
		name: 'alsoToPrinter',
		type: 'boolean',
		default: true,
		description: 'Whether to print the message on the receipt printer as well',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['posMessage'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const message = readRequiredString(this, 'message', itemIndex, { maxLength: 1000 });
	const alsoToPrinter = this.getNodeParameter('alsoToPrinter', itemIndex, true) as boolean;
	const response = await lightspeedApiRequest.call(this, 'POST', '/o/op/1/printMsg', {
		qs: { businessLocationId },
		body: { message, alsoToPrinter },
		itemIndex,
	});
	const status = typeof response === 'object' && response !== null ? (response as IDataObject).status : undefined;
	return { status: 'sent', lightspeedStatus: status ?? null, businessLocationId, message, alsoToPrinter };
}
