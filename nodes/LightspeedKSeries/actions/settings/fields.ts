import type { INodeProperties } from 'n8n-workflow';

export const integrationIdField: INodeProperties = {
	displayName: 'Integration ID',
	name: 'integrationId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'demo-bistro',
	description: "The restaurant's ID (the one given to Qodeup)",
};
