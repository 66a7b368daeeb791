import type { INodeProperties } from 'n8n-workflow';

/** Resources, operations and fields of the Qodeup node. */

const retryCreate = { show: { resource: ['retryLink'], operation: ['create'] } };
const retryVerify = { show: { resource: ['retryLink'], operation: ['verify'] } };
const compose = { show: { resource: ['failureEmail'], operation: ['compose'] } };
const send = { show: { resource: ['callback'], operation: ['send'] } };

export const qodeupProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'retryLink',
		options: [
			{ name: 'Callback', value: 'callback' },
			{ name: 'Failure Email', value: 'failureEmail' },
			{ name: 'Retry Link', value: 'retryLink' },
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['retryLink'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Make a signed, expiring "Retry payment" link',
				action: 'Create a retry link',
			},
			{
				name: 'Verify',
				value: 'verify',
				description: 'Check a retry link token: signature and expiry',
				action: 'Verify a retry link',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['failureEmail'] } },
		default: 'compose',
		options: [
			{
				name: 'Compose',
				value: 'compose',
				description: 'Write the HTML and text of a payment failure email',
				action: 'Compose a failure email',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callback'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				description: "POST a signed event to the credential's Callback URL",
				action: 'Send a callback',
			},
		],
	},

	// retryLink.create
	{
		displayName: 'Retry Webhook URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/qodeup-retry/demo-bistro',
		description: 'Production URL of the retry workflow\'s webhook; the token is added as "?t=…"',
		displayOptions: retryCreate,
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		description: 'Qodeup payment ID the link retries',
		displayOptions: { show: { resource: ['retryLink', 'failureEmail'], operation: ['create', 'compose'] } },
	},
	{
		displayName: 'Attempt',
		name: 'attempt',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		description: 'The attempt that failed; the retry workflow only acts while the ledger still shows this attempt',
		displayOptions: retryCreate,
	},
	{
		displayName: 'Expires In (Hours)',
		name: 'expiresInHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 744 },
		default: 168,
		description: 'How long the link works (168 hours = 7 days)',
		displayOptions: retryCreate,
	},

	// retryLink.verify
	{
		displayName: 'Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: '={{ $json.query.t }}',
		description: 'The token from the retry link (query parameter "t")',
		displayOptions: retryVerify,
	},

	// failureEmail.compose
	{
		displayName: 'Integration Name',
		name: 'integrationName',
		type: 'string',
		default: '',
		placeholder: 'Demo Bistro',
		description: 'Restaurant name shown in the subject and the email',
		displayOptions: compose,
	},
	{
		displayName: 'Notification Emails',
		name: 'notificationEmails',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'manager@bistro.example, owner@bistro.example',
		description: 'Comma-separated addresses; invalid ones are listed in the output and left out',
		displayOptions: compose,
	},
	{
		displayName: 'Table Number',
		name: 'tableNumber',
		type: 'string',
		default: '',
		displayOptions: compose,
	},
	{
		displayName: 'Check ID',
		name: 'checkId',
		type: 'string',
		default: '',
		displayOptions: compose,
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		required: true,
		placeholder: '20.00',
		description: 'Payment amount without tip, as a decimal',
		displayOptions: compose,
	},
	{
		displayName: 'Tip Amount',
		name: 'tipAmount',
		type: 'string',
		default: '0',
		displayOptions: compose,
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'card',
		options: [
			{ name: 'Card', value: 'card' },
			{ name: 'Voucher', value: 'voucher' },
		],
		displayOptions: compose,
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: 'EUR',
		displayOptions: compose,
	},
	{
		displayName: 'Occurred At',
		name: 'occurredAt',
		type: 'string',
		default: '',
		placeholder: '2026-11-27T18:05:00Z',
		description: 'When the payment failed (ISO 8601)',
		displayOptions: compose,
	},
	{
		displayName: 'Error Code',
		name: 'errorCode',
		type: 'string',
		default: '',
		placeholder: 'POS_TIMEOUT',
		description: 'Failure code (errorCode from the Lightspeed trigger or node); unknown codes get a generic explanation',
		displayOptions: compose,
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: "Lightspeed's own words, shown as technical detail",
		displayOptions: compose,
	},
	{
		displayName: 'Retry URL',
		name: 'retryUrl',
		type: 'string',
		default: '',
		description: 'The link from Retry Link → Create; no button when empty or when retrying cannot help',
		displayOptions: compose,
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: 'Europe/Brussels',
		description: 'IANA time zone for the time shown in the email (falls back to UTC when unknown)',
		displayOptions: compose,
	},

	// callback.send
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		default: 'table.updated',
		required: true,
		description: 'Event name sent to Qodeup',
		displayOptions: send,
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json }}',
		description: 'JSON sent as "data"',
		displayOptions: send,
	},
];
