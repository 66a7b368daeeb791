import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as callback from './actions/callback/Callback.resource';
import * as request from './actions/request/Request.resource';
import * as retry from './actions/retry/Retry.resource';
import { NAMED_OUTPUTS, router } from './actions/router';
import { qodeupApiTest } from './shared/credentialTest';
import { namedConnections } from '../shared/namedConnections';

export class Qodeup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Qodeup',
		name: 'qodeup',
		icon: { light: 'file:qodeup.svg', dark: 'file:qodeup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
		description: 'Check Qodeup requests, show and act on retry links, and send signed callbacks to Qodeup',
		defaults: { name: 'Qodeup' },
		inputs: [NodeConnectionTypes.Main],
		// Check Request has Accepted/Rejected, Retry Prepare has Retry/Show Page
		outputs: namedConnections(NAMED_OUTPUTS),
		usableAsTool: true,
		credentials: [
			{
				name: 'qodeupApi',
				required: true,
				testedBy: 'qodeupApiTest',
				displayOptions: { show: { resource: ['request', 'callback'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'request',
				options: [
					{ name: 'Callback', value: 'callback' },
					{ name: 'Request', value: 'request' },
					{ name: 'Retry Link', value: 'retry' },
				],
			},
			...request.description,
			...retry.description,
			...callback.description,
		],
	};

	methods = { credentialTest: { qodeupApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
