import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import { qodeupProperties } from './actions/description';
import {
	composeFailureEmailOperation,
	createRetryLinkOperation,
	sendCallbackOperation,
	verifyRetryLinkOperation,
} from './actions/operations';
import { qodeupApiTest } from './shared/credentialTest';
import { readQodeupCredential } from './shared/secrets';

export class Qodeup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Qodeup',
		name: 'qodeup',
		icon: { light: 'file:qodeup.svg', dark: 'file:qodeup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
		description: 'Retry links, payment failure emails and signed callbacks for the Qodeup integration',
		defaults: { name: 'Qodeup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest' }],
		properties: qodeupProperties,
	};

	methods = { credentialTest: { qodeupApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const credential = readQodeupCredential(await this.getCredentials('qodeupApi'));
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				let json: IDataObject;
				if (resource === 'retryLink' && operation === 'create') {
					json = createRetryLinkOperation(this, itemIndex, credential);
				} else if (resource === 'retryLink' && operation === 'verify') {
					json = verifyRetryLinkOperation(this, itemIndex, credential);
				} else if (resource === 'failureEmail' && operation === 'compose') {
					json = composeFailureEmailOperation(this, itemIndex);
				} else if (resource === 'callback' && operation === 'send') {
					json = await sendCallbackOperation(this, itemIndex, credential);
				} else {
					throw new NodeOperationError(this.getNode(), `Unknown operation ${resource}.${operation}`, { itemIndex });
				}
				output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				// Both constructors hand back an error that already has their type.
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
