import type {
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { answerForRow, answerFromAnswerItem, answerFromItem, buildQodeupResponse } from './respond/buildResponse';
import type { Answer } from './respond/buildResponse';
import { qodeupRespondProperties } from './respond/description';
import { ANSWER_TABLES } from './trigger/description';

const TRIGGER_NAME = 'qodeupTrigger';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';

/**
 * Answers a Qodeup request: after the Qodeup Trigger (n8n's own "Respond to Webhook" refuses
 * community triggers) or after a Webhook node checked by "Qodeup: Check Request". n8n resolves
 * the pending HTTP answer with the first `sendResponse` call of any node when the trigger's
 * response mode is `responseNode`. The answer rules for ledger rows live in nodes/shared.
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
		subtitle: '={{ $parameter["respondWith"] }}',
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
			(parent) => parent.type === WEBHOOK_TYPE || parent.type === TRIGGER_NAME || parent.type.endsWith(`.${TRIGGER_NAME}`),
		);
		if (!trigger) {
			throw new NodeOperationError(node, 'No Webhook node or Qodeup Trigger found before this node', {
				description: 'Respond to Qodeup answers the request received by a Webhook node or a Qodeup Trigger earlier in the same workflow.',
			});
		}
		const triggerMode = (trigger.parameters as IDataObject | undefined)?.responseMode;
		// a Qodeup Trigger that answers the tables itself hands a failure on to be answered here
		if (triggerMode !== undefined && triggerMode !== 'responseNode' && triggerMode !== ANSWER_TABLES) {
			throw new NodeOperationError(node, `"${trigger.name}" does not answer through a respond node`, {
				description: 'Set its Respond option to "Using Respond to Webhook Node" (Webhook) or "Using Respond to Qodeup Node" (Qodeup Trigger).',
			});
		}

		const respondWith = this.getNodeParameter('respondWith', 0, 'json') as string;
		let answer: Answer;
		if (respondWith === 'firstIncomingItem') {
			answer = answerFromItem(
				items[0]?.json,
				this.getNodeParameter('statusCode', 0),
				this.getNodeParameter('errorStatusCode', 0, 502),
				this.getNodeParameter('errorCode', 0, ''),
			);
		} else if (respondWith === 'answerItem') {
			answer = answerFromAnswerItem(items[0]?.json);
		} else if (
			respondWith === 'paymentSubmission' ||
			respondWith === 'paymentStatus' ||
			respondWith === 'orderSubmission' ||
			respondWith === 'orderStatus'
		) {
			const request = respondWith.endsWith('Submission') ? this.getNodeParameter('request', 0, '') : undefined;
			answer = answerForRow(respondWith, items[0]?.json, request);
		} else {
			answer = { statusCode: this.getNodeParameter('statusCode', 0), body: this.getNodeParameter('body', 0, {}) };
		}
		const extra = Object.entries(answer.headers ?? {}).map(([name, value]) => ({ name, value }));
		const headers = [
			...extra,
			...((this.getNodeParameter('options.headers.header', 0, []) as Array<{ name?: unknown; value?: unknown }>) ?? []),
		];
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
