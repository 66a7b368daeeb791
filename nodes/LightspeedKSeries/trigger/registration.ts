import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { lightspeedApiRequest, lightspeedErrorDetails } from '../transport';
import { generateWebhookSecret, ORDER_AND_PAY_USERNAME } from './basicAuth';

/**
 * Registration of the Order & Pay webhook endpoint (API reference §6.14). What we registered
 * is kept in the node's static data, so `checkExists` can tell a changed setup from ours and
 * `delete` removes the endpoint it created even after the parameters changed.
 */

export interface RegistrationState extends IDataObject {
	endpointId?: string;
	url?: string;
	businessLocationId?: string;
	username?: string;
	secret?: string;
	registeredAt?: string;
}

const ENDPOINT_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function deriveEndpointId(workflowId: string | undefined, businessLocationId: string): string {
	return `n8n-${workflowId ?? 'workflow'}-${businessLocationId}`;
}

function endpointIdFromParameters(context: IHookFunctions): string | undefined {
	const given = String(context.getNodeParameter('endpointId', '') ?? '').trim();
	const businessLocationId = String(context.getNodeParameter('businessLocationId', '') ?? '').trim();
	const endpointId = given || (businessLocationId ? deriveEndpointId(context.getWorkflow().id, businessLocationId) : '');
	return ENDPOINT_ID.test(endpointId) ? endpointId : undefined;
}

export interface RegistrationSettings {
	endpointId: string;
	businessLocationId: string;
	url: string;
	subscribeToDelivered: boolean;
}

export function readRegistrationSettings(context: IHookFunctions): RegistrationSettings {
	const businessLocationId = String(context.getNodeParameter('businessLocationId', '') ?? '').trim();
	if (!/^\d{1,20}$/.test(businessLocationId)) {
		throw new NodeOperationError(context.getNode(), 'Business Location ID must be the numeric Lightspeed location ID');
	}
	const given = String(context.getNodeParameter('endpointId', '') ?? '').trim();
	const endpointId = given || deriveEndpointId(context.getWorkflow().id, businessLocationId);
	if (!ENDPOINT_ID.test(endpointId)) {
		throw new NodeOperationError(
			context.getNode(),
			'Endpoint ID may contain only letters, digits and . _ : - (at most 100 characters)',
		);
	}
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this node');
	const events = context.getNodeParameter('events', []) as string[];
	return { endpointId, businessLocationId, url, subscribeToDelivered: events.includes('orderAccepted') };
}

export function endpointBody(settings: RegistrationSettings, secret: string): IDataObject {
	return {
		endpointId: settings.endpointId,
		url: settings.url,
		withBasicAuth: true,
		username: ORDER_AND_PAY_USERNAME,
		password: secret,
		provideAccount: true,
		expandTransactions: true,
		expandPayments: true,
		subscribeTo: settings.subscribeToDelivered ? [{ resource: 'order', name: 'DELIVERED' }] : [],
	};
}

function endpointPath(endpointId: string): string {
	return `/o/wh/1/webhook/${encodeURIComponent(endpointId)}`;
}

/** The transport's errors are NodeApiErrors already; wrapping one hands back the same error. */
function apiError(context: IHookFunctions, error: unknown): NodeApiError {
	return new NodeApiError(context.getNode(), error as JsonObject);
}

function httpStatusOf(error: unknown): number | null | undefined {
	return lightspeedErrorDetails(error)?.httpStatus;
}

/** GET the endpoint; null when Lightspeed says it does not exist. Other errors are thrown. */
export async function fetchEndpoint(context: IHookFunctions, endpointId: string): Promise<IDataObject | null> {
	try {
		const remote: unknown = await lightspeedApiRequest.call(context, 'GET', endpointPath(endpointId));
		return typeof remote === 'object' && remote !== null && !Array.isArray(remote) ? (remote as IDataObject) : {};
	} catch (error) {
		if (httpStatusOf(error) === 404) return null;
		throw apiError(context, error);
	}
}

/** Why the registration at Lightspeed no longer matches this node, or undefined when it does. */
export function registrationDifference(
	remote: IDataObject,
	settings: RegistrationSettings,
	state: RegistrationState,
): string | undefined {
	if (!state.secret) return 'no secret in static data';
	if (state.endpointId !== settings.endpointId) return 'endpoint ID changed';
	if (state.businessLocationId !== settings.businessLocationId) return 'business location changed';
	if (remote.url !== settings.url) return 'URL differs';
	if (remote.withBasicAuth !== true) return 'Basic auth is off';
	if (remote.username !== undefined && remote.username !== ORDER_AND_PAY_USERNAME) return 'username differs';
	// Lightspeed may not echo the password back; when it does, it must be ours.
	if (typeof remote.password === 'string' && remote.password !== state.secret) return 'password differs';
	for (const flag of ['provideAccount', 'expandTransactions', 'expandPayments']) {
		if (remote[flag] !== true) return `${flag} is off`;
	}
	return undefined;
}

export async function registrationExists(context: IHookFunctions): Promise<boolean> {
	const state = context.getWorkflowStaticData('node') as RegistrationState;
	const settings = readRegistrationSettings(context);
	if (!state.secret) return false;
	const remote = await fetchEndpoint(context, settings.endpointId);
	if (!remote) return false;
	const difference = registrationDifference(remote, settings, state);
	if (difference) {
		context.logger.info(`Lightspeed webhook endpoint ${settings.endpointId} will be registered again: ${difference}`);
		return false;
	}
	return true;
}

export async function createRegistration(context: IHookFunctions): Promise<boolean> {
	const state = context.getWorkflowStaticData('node') as RegistrationState;
	const settings = readRegistrationSettings(context);
	// Keep an existing secret: notifications already on their way still authenticate.
	const secret = state.secret ?? generateWebhookSecret();
	const body = endpointBody(settings, secret);
	try {
		await lightspeedApiRequest.call(context, 'PUT', '/o/wh/1/webhook', { body });
	} catch (error) {
		const status = httpStatusOf(error);
		// "Already exists" has no documented shape; when the create is refused with a 4xx and
		// the endpoint is there, update it instead (POST). Otherwise the create error stands.
		if (typeof status !== 'number' || status < 400 || status >= 500 || [401, 403, 429].includes(status)) {
			throw apiError(context, error);
		}
		const existing = await fetchEndpoint(context, settings.endpointId);
		if (!existing) throw apiError(context, error);
		await lightspeedApiRequest.call(context, 'POST', '/o/wh/1/webhook', { body });
	}
	// Only item and order_api events need the location attached; for order and payment
	// notifications it is harmless, and it ties the endpoint to the location in Lightspeed.
	await lightspeedApiRequest.call(
		context,
		'PUT',
		`${endpointPath(settings.endpointId)}/business-locations/${encodeURIComponent(settings.businessLocationId)}`,
	);
	state.endpointId = settings.endpointId;
	state.url = settings.url;
	state.businessLocationId = settings.businessLocationId;
	state.username = ORDER_AND_PAY_USERNAME;
	state.secret = secret;
	state.registeredAt = new Date().toISOString();
	return true;
}

export async function deleteRegistration(context: IHookFunctions): Promise<boolean> {
	const state = context.getWorkflowStaticData('node') as RegistrationState;
	// Without static data (lost or never saved) fall back to what the parameters name.
	const endpointId = state.endpointId ?? endpointIdFromParameters(context);
	if (endpointId) {
		try {
			await lightspeedApiRequest.call(context, 'DELETE', endpointPath(endpointId));
		} catch (error) {
			// Already gone is what we wanted; anything else is shown to the user.
			if (httpStatusOf(error) !== 404) throw apiError(context, error);
			context.logger.info(`Lightspeed webhook endpoint ${endpointId} was already deleted`);
		}
	}
	for (const key of ['endpointId', 'url', 'businessLocationId', 'username', 'secret', 'registeredAt']) delete state[key];
	return true;
}
