import type { INodeProperties } from 'n8n-workflow';

/** Parameters of the Respond to Qodeup node. */
export const qodeupRespondProperties: INodeProperties[] = [
	{
		displayName:
			'Answers the request that started this workflow through a Qodeup Trigger whose Respond setting is "Using Respond to Qodeup Node". Only the first item is sent; all items are passed on.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Respond With',
		name: 'respondWith',
		type: 'options',
		options: [
			{
				name: 'Custom JSON',
				value: 'json',
				description: 'The status code and body set below (expressions allowed)',
			},
			{
				name: 'First Incoming Item',
				value: 'firstIncomingItem',
				description:
					'The first input item as the body, with the status code below; an item that carries an error (a node set to continue on fail) gets the error status and a short {error, message} body instead. No expression runs, which keeps busy workflows fast.',
			},
		],
		default: 'json',
	},
	{
		displayName: 'Status Code',
		name: 'statusCode',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 599 },
		default: 200,
		description: 'HTTP status of the answer, for example 202 for an accepted payment or 409 when the amount is too high',
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
		description: 'HTTP status when the incoming item carries an error, for example 502 when Lightspeed could not be reached',
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
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
							},
						],
					},
				],
			},
		],
	},
];
