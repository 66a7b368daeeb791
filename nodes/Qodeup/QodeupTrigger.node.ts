import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getBusinessLocations } from '../LightspeedKSeries/methods/loadOptions';
import { sendJsonResponse } from '../shared/webhookResponse';
import { qodeupApiTest } from './shared/credentialTest';
import { MISCONFIGURED_ANSWER, acceptedItem, verifyQodeupRequest } from './shared/request/verify';
import { validateIntegrationId } from './shared/request/validation';
import { answerTables, locationProblem } from './trigger/answerTables';
import { ANSWER_TABLES, TABLE_ROUTES, qodeupTriggerProperties, qodeupTriggerWebhooks } from './trigger/description';

const RESPOND_NODE_NAME = 'qodeupRespond';

function isRespondNodeType(type: string): boolean {
	return type === RESPOND_NODE_NAME || type.endsWith(`.${RESPOND_NODE_NAME}`);
}

/** n8n's Webhook node refuses a response mode without (or with a useless) responding node; same idea here. */
function responseModeProblem(context: IWebhookFunctions, responseMode: string): string | undefined {
	const children = context.getChildNodes(context.getNode().name);
	const hasRespondNode = children.some((child) => isRespondNodeType(child.type));
	if (responseMode === 'responseNode' && !hasRespondNode) {
		return 'The Qodeup Trigger answers through a "Respond to Qodeup" node, but none is connected after it';
	}
	if (responseMode === ANSWER_TABLES && !hasRespondNode) {
		return 'The Qodeup Trigger answers the tables itself, but a failure goes on to a "Respond to Qodeup" node, and none is connected after it';
	}
	if (responseMode === 'lastNode' && hasRespondNode) {
		return 'The Qodeup Trigger answers when the last node finishes, so the connected "Respond to Qodeup" node would be ignored; set Respond to "Using Respond to Qodeup Node"';
	}
	return undefined;
}

function readRawBody(request: { rawBody?: unknown }): Buffer {
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
}

/** "At Once, With Lightspeed's Tables" only fits the table routes and needs a location. */
function answerProblem(context: IHookFunctions | IWebhookFunctions): string | undefined {
	if (context.getNodeParameter('responseMode', 'responseNode') !== ANSWER_TABLES) return undefined;
	const resource = String(context.getNodeParameter('resource', ''));
	if (!TABLE_ROUTES.includes(resource)) {
		return `Respond "At Once, With Lightspeed's Tables" is for the Table and Table List routes, not "${resource}"`;
	}
	return locationProblem(context.getNodeParameter('businessLocationId', ''));
}

export class QodeupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Qodeup Trigger',
		name: 'qodeupTrigger',
		icon: { light: 'file:qodeup.svg', dark: 'file:qodeup.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["integrationId"] + " · " + $parameter["resource"] }}',
		description: 'Receives signed requests from the Qodeup pay-at-table app (tables, payments, orders)',
		defaults: { name: 'Qodeup Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest' },
			{ name: 'lightspeedKSeriesOAuth2Api', required: true, displayOptions: { show: { responseMode: [ANSWER_TABLES] } } },
		],
		webhooks: qodeupTriggerWebhooks,
		properties: qodeupTriggerProperties,
	};

	methods = { credentialTest: { qodeupApiTest }, loadOptions: { getBusinessLocations } };

	// Nothing is registered at Qodeup: the operator hands the URL over. The lifecycle methods
	// only refuse to activate with an unusable Integration ID, so the mistake shows at once.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problem = validateIntegrationId(this.getNodeParameter('integrationId')) ?? answerProblem(this);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		if (this.getWebhookName() === 'head') {
			// uptime checks: alive, nothing else said
			response.statusCode = 200;
			response.end();
			return { noWebhookResponse: true };
		}
		const responseMode = this.getNodeParameter('responseMode', 'responseNode') as string;
		const misconfigured = (message: string): IWebhookResponseData => {
			this.logger.error(`Qodeup Trigger "${this.getNode().name}": ${message}`);
			const answer = MISCONFIGURED_ANSWER as { statusCode: number; body: unknown };
			sendJsonResponse(response, answer.statusCode, answer.body);
			return { noWebhookResponse: true };
		};

		const verdict = await verifyQodeupRequest({
			resource: this.getNodeParameter('resource'),
			integrationId: this.getNodeParameter('integrationId'),
			method: String(request.method ?? ''),
			headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
			params: this.getParamsData() as Record<string, unknown>,
			rawBody: readRawBody(request as { rawBody?: unknown }),
			credentialId: this.getNode().credentials?.qodeupApi?.id ?? undefined,
			readCredential: async () => (await this.getCredentials('qodeupApi')) as Record<string, unknown>,
		});
		if (verdict.kind === 'misconfigured') return misconfigured(verdict.problem);
		if (verdict.kind === 'reject') {
			const { rejection } = verdict;
			if (rejection.detail) this.logger.debug(`Qodeup request refused (${rejection.status}): ${rejection.detail}`);
			sendJsonResponse(response, rejection.status, rejection.body, rejection.headers);
			return { noWebhookResponse: true };
		}

		const modeProblem = responseModeProblem(this, responseMode) ?? answerProblem(this);
		if (modeProblem) return misconfigured(modeProblem);
		const accepted = acceptedItem(verdict.resource, verdict.integrationId, verdict.decision);
		if (responseMode === ANSWER_TABLES) {
			const outcome = await answerTables(this, accepted);
			if (outcome.answered) return { noWebhookResponse: true };
			return { workflowData: [this.helpers.returnJsonArray(outcome.failure)] };
		}
		return { workflowData: [this.helpers.returnJsonArray(accepted)] };
	}
}
