import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { ORDER_AND_PAY_USERNAME } from './basicAuth';

/** Parameters and webhook of the Lightspeed K-Series Trigger. */

export const lightspeedTriggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		// Lightspeed only needs a quick 2xx; the workflow runs after the answer.
		responseMode: 'onReceived',
		responseData: '',
		path: 'lightspeed',
	},
];

const orderAndPay = { show: { source: ['orderAndPay'] } };
const rtn = { show: { source: ['rtn'] } };

export const lightspeedTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		default: 'orderAndPay',
		options: [
			{
				name: 'Order & Pay Webhook',
				value: 'orderAndPay',
				description:
					'Payment and order outcomes, check updates. Registered at Lightspeed automatically when the workflow is published.',
			},
			{
				name: 'Back Office Real-Time Notifications',
				value: 'rtn',
				description: 'Check opened, updated, closed (OPEN / UPDATE / CLOSE). Set up by Lightspeed support, not by n8n.',
			},
		],
	},
	{
		displayName:
			`When the workflow is published, n8n registers this node's Production URL at Lightspeed as an Order &amp; Pay webhook endpoint (HTTP Basic auth, user "${ORDER_AND_PAY_USERNAME}", a random password kept in the workflow), and deletes it when the workflow is unpublished. Payments sent with the same Endpoint ID report their outcome here.`,
		name: 'orderAndPayNotice',
		type: 'notice',
		default: '',
		displayOptions: orderAndPay,
	},
	{
		displayName:
			'Nothing is registered from n8n in this mode. Ask Lightspeed support to set up Real-Time Notifications for the location (Back Office → Configuration → Real-Time Notifications) and give them: the Production URL shown above, the Username below, and the Real-Time Notification Password of the Lightspeed K-Series credential. Requests without exactly these credentials are refused (401).',
		name: 'rtnNotice',
		type: 'notice',
		default: '',
		displayOptions: rtn,
	},
	{
		displayName: 'Business Location Name or ID',
		name: 'businessLocationId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getBusinessLocations' },
		default: '',
		required: true,
		description:
			'The restaurant location whose notifications start the workflow; others are acknowledged and dropped. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: orderAndPay,
	},
	{
		displayName: 'Business Location ID',
		name: 'businessLocationId',
		type: 'string',
		default: '',
		placeholder: '45454565682155',
		description:
			'Optional numeric Lightspeed location ID: notifications for other locations are acknowledged and dropped. Empty: all locations.',
		displayOptions: rtn,
	},
	{
		displayName: 'Endpoint ID',
		name: 'endpointId',
		type: 'string',
		default: '',
		placeholder: 'qodeup-demo-bistro',
		description:
			'ID of the webhook endpoint at Lightspeed; payments must name the same ID. Empty: n8n-&lt;workflow ID&gt;-&lt;location ID&gt;. Letters, digits and . _ : - only.',
		displayOptions: orderAndPay,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: ['paymentSuccess', 'paymentFailure'],
		description: 'Notifications that start the workflow; others are acknowledged and dropped',
		options: [
			{ name: 'Check Closed', value: 'checkClosed', description: 'ORDER / CLOSED' },
			{ name: 'Check Updated', value: 'checkUpdated', description: 'ORDER / CHECK_WAS_UPDATED' },
			{ name: 'Order Accepted', value: 'orderAccepted', description: 'ORDER / SUCCESS' },
			{ name: 'Order Failed', value: 'orderFailed', description: 'ORDER / FAILURE' },
			{ name: 'Payment Failure', value: 'paymentFailure', description: 'PAYMENT / FAILURE' },
			{ name: 'Payment Success', value: 'paymentSuccess', description: 'PAYMENT / SUCCESS' },
		],
		displayOptions: orderAndPay,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: ['rtnOpen', 'rtnUpdate', 'rtnClose'],
		description: 'Notifications that start the workflow; others are acknowledged and dropped',
		options: [
			{ name: 'Check Closed (CLOSE)', value: 'rtnClose' },
			{ name: 'Check Opened (OPEN)', value: 'rtnOpen' },
			{ name: 'Check Updated (UPDATE)', value: 'rtnUpdate' },
		],
		displayOptions: rtn,
	},
	{
		displayName: 'Username',
		name: 'rtnUsername',
		type: 'string',
		default: 'lightspeed',
		required: true,
		description: 'Basic auth username to give Lightspeed support',
		displayOptions: rtn,
	},
	{
		displayName: 'One Output per Event',
		name: 'outputPerEvent',
		type: 'boolean',
		default: false,
		description:
			'Whether each chosen event gets its own output (in the order of the list: payment success, payment failure, order accepted, order failed, check closed, check updated), so the workflow needs no switch',
	},
];

/** The order of the outputs when "One Output per Event" is on. */
export const EVENT_OUTPUT_ORDER = [
	['paymentSuccess', 'Payment Success'],
	['paymentFailure', 'Payment Failure'],
	['orderAccepted', 'Order Accepted'],
	['orderFailed', 'Order Failed'],
	['checkClosed', 'Check Closed'],
	['checkUpdated', 'Check Updated'],
	['rtnOpen', 'Check Opened'],
	['rtnUpdate', 'Check Updated'],
	['rtnClose', 'Check Closed'],
] as const;

/** The chosen events in output order (the outputs of "One Output per Event"). */
export function eventOutputs(events: string[]): string[] {
	return EVENT_OUTPUT_ORDER.map(([event]) => event).filter((event) => events.includes(event));
}
