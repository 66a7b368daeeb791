import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as business from './actions/business/Business.resource';
import * as check from './actions/check/Check.resource';
import * as floorplan from './actions/floorplan/Floorplan.resource';
import * as location from './actions/location/Location.resource';
import * as order from './actions/order/Order.resource';
import * as payment from './actions/payment/Payment.resource';
import * as paymentMethod from './actions/paymentMethod/PaymentMethod.resource';
import * as posMessage from './actions/posMessage/PosMessage.resource';
import * as settings from './actions/settings/Settings.resource';
import * as staff from './actions/staff/Staff.resource';
import * as table from './actions/table/Table.resource';
import { NAMED_OUTPUTS, router } from './actions/router';
import { getBusinessLocations, getBusinesses, getPaymentMethods, getStaff } from './methods/loadOptions';
import { namedConnections } from '../shared/namedConnections';

export class LightspeedKSeries implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lightspeed K-Series',
		name: 'lightspeedKSeries',
		icon: { light: 'file:lightspeedKSeries.svg', dark: 'file:lightspeedKSeries.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read tables and checks and apply payments and orders in Lightspeed Restaurant K-Series',
		defaults: { name: 'Lightspeed K-Series' },
		inputs: [NodeConnectionTypes.Main],
		// most operations have one output; the ledger ones name theirs (Sent or Settled, Refused…)
		outputs: namedConnections(NAMED_OUTPUTS),
		usableAsTool: true,
		credentials: [{ name: 'lightspeedKSeriesOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Business', value: 'business' },
					{ name: 'Check', value: 'check' },
					{ name: 'Floor Plan', value: 'floorplan' },
					{ name: 'Location', value: 'location' },
					{ name: 'Order', value: 'order' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Payment Method', value: 'paymentMethod' },
					{ name: 'POS Message', value: 'posMessage' },
					{ name: 'Setting', value: 'settings' },
					{ name: 'Staff', value: 'staff' },
					{ name: 'Table', value: 'table' },
				],
				default: 'check',
			},
			...business.description,
			...check.description,
			...floorplan.description,
			...location.description,
			...order.description,
			...payment.description,
			...paymentMethod.description,
			...posMessage.description,
			...settings.description,
			...staff.description,
			...table.description,
		],
	};

	methods = {
		loadOptions: { getBusinesses, getBusinessLocations, getPaymentMethods, getStaff },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
