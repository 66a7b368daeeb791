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
