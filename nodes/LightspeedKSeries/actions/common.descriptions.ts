import type { INodeProperties } from 'n8n-workflow';

/** Fields several operations share. Each operation spreads them under its own displayOptions. */

export const locationField: INodeProperties = {
	displayName: 'Business Location Name or ID',
	name: 'businessLocationId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBusinessLocations' },
	required: true,
	default: '',
	description:
		'The restaurant location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const cardPaymentMethodField: INodeProperties = {
	displayName: 'Card Payment Method Name or ID',
	name: 'cardPaymentMethod',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPaymentMethods', loadOptionsDependsOn: ['businessLocationId'] },
	default: '',
	description:
		'Lightspeed payment method (code) that Qodeup card payments are booked under. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const voucherPaymentMethodField: INodeProperties = {
	displayName: 'Voucher Payment Method Name or ID',
	name: 'voucherPaymentMethod',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPaymentMethods', loadOptionsDependsOn: ['businessLocationId'] },
	default: '',
	description:
		'Lightspeed payment method (code) that Qodeup voucher payments are booked under. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const staffIdField: INodeProperties = {
	displayName: 'Staff Name or ID',
	name: 'staffId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getStaff', loadOptionsDependsOn: ['businessLocationId'] },
	default: '',
	description:
		'POS staff account. Needs the staff scope on the credential to list. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const endpointIdField: INodeProperties = {
	displayName: 'Webhook Endpoint ID',
	name: 'endpointId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'QODEUP-DEMO-BISTRO',
	description:
		'ID of the Lightspeed webhook endpoint (registered by the Lightspeed K-Series Trigger) that receives the outcome',
};

export const checkOutputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'perCheck',
	options: [
		{ name: 'One Item per Check', value: 'perCheck' },
		{ name: 'Single Item', value: 'single', description: 'One item {checks, count, remaining}' },
	],
};
