import { randomUUID } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { sendJsonResponse } from '../shared/webhookResponse';
import { qodeupApiTest } from './shared/credentialTest';
import { credentialProblems, readQodeupCredential } from './shared/secrets';
import type { QodeupCredentialData } from './shared/secrets';
import { forgetCredential, rememberCredential, rememberedCredential } from './trigger/credentialMemo';
import { qodeupTriggerProperties, qodeupTriggerWebhooks } from './trigger/description';
import { handleQodeupRequest } from './trigger/handleRequest';
import { isQodeupResource } from './trigger/routes';
import { validateIntegrationId } from './trigger/validation';

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
	if (responseMode === 'lastNode' && hasRespondNode) {
		return 'The Qodeup Trigger answers when the last node finishes, so the connected "Respond to Qodeup" node would be ignored; set Respond to "Using Respond to Qodeup Node"';
	}
	return undefined;
}

function readRawBody(request: { rawBody?: unknown }): Buffer {
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
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
		credentials: [{ name: 'qodeupApi', required: true, testedBy: 'qodeupApiTest' }],
		webhooks: qodeupTriggerWebhooks,
		properties: qodeupTriggerProperties,
	};

	methods = { credentialTest: { qodeupApiTest } };

	// Nothing is registered at Qodeup: the operator hands the URL over. The lifecycle methods
	// only refuse to activate with an unusable Integration ID, so the mistake shows at once.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problem = validateIntegrationId(this.getNodeParameter('integrationId'));
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
		const resource = this.getNodeParameter('resource') as string;
		const integrationId = this.getNodeParameter('integrationId') as string;
		const responseMode = this.getNodeParameter('responseMode', 'responseNode') as string;

		const misconfigured = (message: string): IWebhookResponseData => {
			this.logger.error(`Qodeup Trigger "${this.getNode().name}": ${message}`);
			sendJsonResponse(response, 500, { error: 'INTEGRATION_MISCONFIGURED', message: 'The integration is not set up correctly' });
			return { noWebhookResponse: true };
		};

		const idProblem = validateIntegrationId(integrationId);
		if (idProblem) return misconfigured(idProblem);
		if (!isQodeupResource(resource)) return misconfigured(`Unknown route "${String(resource)}"`);
		// Only a usable credential is remembered, so a remembered one needs no second look.
		const credentialId = this.getNode().credentials?.qodeupApi?.id ?? undefined;
		const readCredential = async (): Promise<QodeupCredentialData | string> => {
			const fresh = readQodeupCredential(await this.getCredentials('qodeupApi'));
			const problems = credentialProblems(fresh);
			if (problems.length) {
				forgetCredential(credentialId);
				return problems.join('. ');
			}
			rememberCredential(credentialId, fresh);
			return fresh;
		};
		const decide = (secret: string) =>
			handleQodeupRequest({
				resource,
				integrationId,
				secret,
				method: String(request.method ?? ''),
				headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
				params: this.getParamsData() as Record<string, unknown>,
				rawBody: readRawBody(request as { rawBody?: unknown }),
				nowSeconds: Math.floor(Date.now() / 1000),
			});

		const remembered = rememberedCredential(credentialId);
		let credential = remembered ?? (await readCredential());
		if (typeof credential === 'string') return misconfigured(credential);
		let decision = decide(credential.signingSecret);
		if (remembered && decision.kind === 'reject' && decision.status === 401) {
			// Maybe the secret was changed since it was remembered: read it again before refusing.
			credential = await readCredential();
			if (typeof credential === 'string') return misconfigured(credential);
			decision = decide(credential.signingSecret);
		}
		if (decision.kind === 'reject') {
			if (decision.detail) this.logger.debug(`Qodeup request refused (${decision.status}): ${decision.detail}`);
			sendJsonResponse(response, decision.status, decision.body, decision.headers);
			return { noWebhookResponse: true };
		}

		const modeProblem = responseModeProblem(this, responseMode);
		if (modeProblem) return misconfigured(modeProblem);

		const item: IDataObject = {
			resource,
			integrationId,
			requestId: randomUUID(),
			receivedAt: new Date().toISOString(),
			params: decision.params,
		};
		if (decision.tableNumber !== undefined) item.tableNumber = decision.tableNumber;
		if (decision.paymentId !== undefined) item.paymentId = decision.paymentId;
		if (decision.payment) item.payment = { ...decision.payment };
		if (decision.order) item.order = decision.order as unknown as IDataObject;
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
