import type { INodeProperties } from 'n8n-workflow';

/** Parameters of the Respond to Qodeup node. */
export const qodeupRespondProperties: INodeProperties[] = [
	{
		displayName:
			'Answers the request that started this workflow: a Webhook node (or Qodeup Trigger) whose Respond setting is "Using Respond to Webhook Node" / "Using Respond to Qodeup Node". Only the first item is sent; all items are passed on.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Respond With',
		name: 'respondWith',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Answer Item',
				value: 'answerItem',
				description:
					'The incoming item is the answer: {statusCode, body, headers}, as "Check Request" (rejected) and "Retry Link: Page" make it',
			},
			{
				name: 'Custom JSON',
				value: 'json',
				description: 'The status code and body set below (expressions allowed)',
			},
			{
				name: 'First Incoming Item',
				value: 'firstIncomingItem',
				description:
					'The first input item as the body, with the status code below; an item that carries an error (a node set to continue on fail) gets a short {error, message} body with the status that fits the error. No expression runs.',
			},
			{
				name: 'Order (Ledger Row)',
				value: 'orderSubmission',
				description: 'The answer to POST …/orders for the order\'s row: 202 with its status, or 409 when a repeat differs',
			},
			{
				name: 'Order Status (Ledger Row)',
				value: 'orderStatus',
				description: 'The answer to GET …/orders/{orderId}: 200 with its status, 404 when no row came in',
			},
			{
				name: 'Payment (Ledger Row)',
				value: 'paymentSubmission',
				description:
					"The answer to POST …/payments for the payment's row: 202 pending/applied/failed, 409/404 refused, or 409 PAYMENT_ID_REUSED when a repeat differs",
			},
			{
				name: 'Payment Status (Ledger Row)',
				value: 'paymentStatus',
				description: 'The answer to GET …/payments/{paymentId}: 200 with its status, 404 when no row came in',
			},
		],
		default: 'json',
	},
	{
		displayName: 'Compare With Request',
		name: 'request',
		type: 'json',
		default: '',
		description:
			'For a repeated payment or order ID: the new request (the "Check Request" item). When it differs from what the row recorded, the answer is 409 and names the fields.',
		displayOptions: { show: { respondWith: ['paymentSubmission', 'orderSubmission'] } },
	},
	{
		displayName: 'Status Code',
		name: 'statusCode',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 599 },
		default: 200,
		description: 'HTTP status of the answer, for example 202 for an accepted payment or 409 when the amount is too high',
		displayOptions: { show: { respondWith: ['json', 'firstIncomingItem'] } },
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '={{ $json }}',
		description: 'JSON body of the answer',
		displayOptions: { show: { respondWith: ['json'] } },
	},
	{
		displayName: 'Error Status Code',
		name: 'errorStatusCode',
		type: 'number',
		typeOptions: { minValue: 400, maxValue: 599 },
		default: 502,
		description:
			'HTTP status when the incoming item carries an error whose code has no status of its own (a lost Lightspeed connection is always 503)',
		displayOptions: { show: { respondWith: ['firstIncomingItem'] } },
	},
	{
		displayName: 'Error Code',
		name: 'errorCode',
		type: 'string',
		default: 'LIGHTSPEED_UNAVAILABLE',
		description: "The body's \"error\" when the item carries an error without an errorCode of its own",
		displayOptions: { show: { respondWith: ['firstIncomingItem'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Headers',
				name: 'headers',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add header',
				default: {},
				options: [
					{
						displayName: 'Header',
						name: 'header',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
];
