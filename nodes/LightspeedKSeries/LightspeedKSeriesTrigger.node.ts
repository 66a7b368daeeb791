import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import { sendJsonResponse } from '../shared/webhookResponse';
import { getBusinessLocations } from './methods/loadOptions';
import { basicAuthMatches, ORDER_AND_PAY_USERNAME } from './trigger/basicAuth';
import { EVENT_OUTPUT_ORDER, eventOutputs, lightspeedTriggerProperties, lightspeedTriggerWebhooks } from './trigger/description';
import { normaliseNotification } from './trigger/normalise';
import type { RegistrationState } from './trigger/registration';
import { createRegistration, deleteRegistration, registrationExists } from './trigger/registration';

const MIN_RTN_PASSWORD_LENGTH = 16;

function isOrderAndPay(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('source', 'orderAndPay') === 'orderAndPay';
}

/** Shows the error as it is (transport NodeApiError, or our NodeOperationError about a parameter). */
function asNodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(context.getNode(), error as JsonObject);
}

function readPayload(context: IWebhookFunctions): unknown {
	const body = context.getBodyData();
	if (body && Object.keys(body).length > 0) return body;
	const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (!Buffer.isBuffer(raw) || raw.length === 0) return body;
	try {
		return JSON.parse(raw.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

export class LightspeedKSeriesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lightspeed K-Series Trigger',
		name: 'lightspeedKSeriesTrigger',
		icon: { light: 'file:lightspeedKSeries.svg', dark: 'file:lightspeedKSeries.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["source"] === "rtn" ? "Real-Time Notifications" : "Order & Pay webhook" }}',
		description: 'Starts the workflow on Lightspeed payment outcomes, order outcomes and check changes',
		defaults: { name: 'Lightspeed K-Series Trigger' },
		inputs: [],
		// one output, or one per chosen event ("One Output per Event")
		outputs: `={{ $parameter.outputPerEvent ? ${JSON.stringify(EVENT_OUTPUT_ORDER)}.filter(([event]) => ($parameter.events || []).includes(event)).map(([, name]) => ({ type: 'main', displayName: name })) : ['main'] }}`,
		credentials: [
			{
				name: 'lightspeedKSeriesOAuth2Api',
				// Both modes: Order & Pay registers its endpoint with it; Real-Time Notifications take
				// their Basic-auth password from it (n8n refuses getCredentials where it is hidden).
				required: true,
			},
		],
		webhooks: lightspeedTriggerWebhooks,
		properties: lightspeedTriggerProperties,
	};

	methods = { loadOptions: { getBusinessLocations } };

	// Order & Pay mode registers the endpoint at Lightspeed. In Real-Time Notification mode
	// there is nothing to register (Lightspeed support configures it), so all three are no-ops.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!isOrderAndPay(this)) return true;
				try {
					return await registrationExists(this);
				} catch (error) {
					throw asNodeError(this, error);
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!isOrderAndPay(this)) return true;
				try {
					return await createRegistration(this);
				} catch (error) {
					throw asNodeError(this, error);
				}
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (!isOrderAndPay(this)) return true;
				try {
					return await deleteRegistration(this);
				} catch (error) {
					throw asNodeError(this, error);
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		let username = ORDER_AND_PAY_USERNAME;
		let password = '';
		if (isOrderAndPay(this)) {
			const state = this.getWorkflowStaticData('node') as RegistrationState;
			password = state.secret ?? '';
		} else {
			username = String(this.getNodeParameter('rtnUsername', '') ?? '');
			// The password lives in the credential (encrypted), so templates never carry it.
			const credentials = await this.getCredentials('lightspeedKSeriesOAuth2Api');
			const configured = typeof credentials.rtnPassword === 'string' ? credentials.rtnPassword : '';
			// A short password is refused outright rather than accepted with little protection.
			password = configured.length >= MIN_RTN_PASSWORD_LENGTH ? configured : '';
			if (!password) {
				this.logger.warn(
					'Lightspeed K-Series Trigger: set a Real-Time Notification Password of at least 16 characters in the Lightspeed credential',
				);
			}
		}
		if (!basicAuthMatches(this.getHeaderData().authorization, username, password)) {
			sendJsonResponse(response, 401, { error: 'UNAUTHORIZED' }, { 'WWW-Authenticate': 'Basic realm="n8n"' });
			return { noWebhookResponse: true };
		}

		const notification = normaliseNotification(readPayload(this));
		if (!notification) {
			sendJsonResponse(response, 400, { error: 'MALFORMED_NOTIFICATION' });
			return { noWebhookResponse: true };
		}
		const events = this.getNodeParameter('events', []) as string[];
		const location = String(this.getNodeParameter('businessLocationId', '') ?? '').trim();
		const otherLocation =
			location !== '' &&
			notification.businessLocationId !== null &&
			String(notification.businessLocationId) !== location;
		if (!notification.event || !events.includes(notification.event) || otherLocation) {
			sendJsonResponse(response, 200, { received: true, ignored: true });
			return { noWebhookResponse: true };
		}
		const item = this.helpers.returnJsonArray(notification as unknown as IDataObject);
		if (!this.getNodeParameter('outputPerEvent', false)) return { workflowData: [item] };
		const outputs = eventOutputs(events);
		return { workflowData: outputs.map((event) => (event === notification.event ? item : [])) };
	}
}
