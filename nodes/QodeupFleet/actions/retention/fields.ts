import type { INodeProperties } from 'n8n-workflow';

export const retentionFields: INodeProperties[] = [
	{
		displayName: 'Days Kept',
		name: 'retentionDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 90,
		description: "Settled rows older than this are pruned (a restaurant's own Days Kept wins)",
	},
];
