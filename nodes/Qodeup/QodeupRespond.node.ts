import type {
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { answerFromItem, buildQodeupResponse } from './respond/buildResponse';
import { qodeupRespondProperties } from './respond/description';

const TRIGGER_NAME = 'qodeupTrigger';

/**
 * n8n's own "Respond to Webhook" refuses to run after a community trigger, so the Qodeup
 * Trigger comes with this small responder. n8n resolves the pending HTTP answer with the
 * first `sendResponse` call of any node when the trigger's response mode is `responseNode`.
 */
export class QodeupRespond implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to Qodeup',
		// An AI agent that handles a Qodeup request can answer it through this node as a tool.
		usableAsTool: true,
		name: 'qodeupRespond',
		icon: { light: 'file:qodeup.svg', dark: 'file:qodeup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "HTTP " + $parameter["statusCode"] }}',
		description: 'Sends the answer to the Qodeup request that started the workflow',
		defaults: { name: 'Respond to Qodeup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: qodeupRespondProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const trigger = this.getParentNodes(node.name, { includeNodeParameters: true }).find(
			(parent) => parent.type === TRIGGER_NAME || parent.type.endsWith(`.${TRIGGER_NAME}`),
		);
		if (!trigger) {
			throw new NodeOperationError(node, 'No Qodeup Trigger found before this node', {
				description: 'Respond to Qodeup answers the request received by a Qodeup Trigger earlier in the same workflow.',
			});
		}
		const triggerMode = (trigger.parameters as IDataObject | undefined)?.responseMode;
		if (triggerMode === 'lastNode') {
			throw new NodeOperationError(node, 'The Qodeup Trigger is set to answer when the last node finishes', {
				description: 'Set the trigger\'s Respond option to "Using Respond to Qodeup Node", or remove this node.',
			});
		}

		const headers = (this.getNodeParameter('options.headers.header', 0, []) as Array<{ name?: unknown; value?: unknown }>) ?? [];
		const respondWith = this.getNodeParameter('respondWith', 0, 'json') as string;
		const answer =
			respondWith === 'firstIncomingItem'
				? answerFromItem(
						items[0]?.json,
						this.getNodeParameter('statusCode', 0),
						this.getNodeParameter('errorStatusCode', 0, 502),
						this.getNodeParameter('errorCode', 0, ''),
					)
				: { statusCode: this.getNodeParameter('statusCode', 0), body: this.getNodeParameter('body', 0, {}) };
		const built = buildQodeupResponse(answer.statusCode, answer.body, headers);
		if (!built.ok) throw new NodeOperationError(node, built.message, { itemIndex: 0 });
		const response: IN8nHttpFullResponse = {
			statusCode: built.response.statusCode,
			headers: built.response.headers,
			body: built.response.body as IDataObject,
		};
		this.sendResponse(response);
		return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}
