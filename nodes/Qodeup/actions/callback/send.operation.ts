import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { realRows } from '../../../shared/ledgers';
import type { LedgerRow } from '../../../shared/ledgers';
import { orderView } from '../../../shared/orders';
import { paymentView } from '../../../shared/payments';
import { buildCallbackBody } from '../../shared/callbackBody';
import { readQodeupCredential } from '../../shared/secrets';

/**
 * Callback → Send: tells Qodeup what changed, POSTed to the Qodeup credential's Callback URL and
 * signed by the credential like every Qodeup request. From a ledger row the payload is what
 * `GET …/payments/{id}` or `…/orders/{id}` would answer (never the row itself, which holds the
 * retry token) and the event is named after its status: `payment.applied`, `order.failed`…
 * Without a Callback URL nothing is sent and the item says so.
 */

const properties: INodeProperties[] = [
	{
		displayName: 'Payload From',
		name: 'payloadFrom',
		type: 'options',
		noDataExpression: true,
		default: 'json',
		options: [
			{ name: 'Payment Ledger Row', value: 'paymentRow', description: 'Event payment.&lt;status&gt;, payload = the payment status' },
			{ name: 'Order Ledger Row', value: 'orderRow', description: 'Event order.&lt;status&gt;, payload = the order status' },
			{
				name: 'Check',
				value: 'check',
				description: 'A check as the Lightspeed node outputs it: event check.updated (check.closed once closed), payload {integrationId, check}',
			},
			{ name: 'JSON Below', value: 'json' },
		],
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		default: '',
		description: 'The restaurant the check belongs to (sent with it)',
		displayOptions: { show: { payloadFrom: ['check'] } },
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		default: 'table.updated',
		description: 'Event name Qodeup receives',
		displayOptions: { show: { payloadFrom: ['json'] } },
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json }}',
		description: 'The event data (sent as "data")',
		displayOptions: { show: { payloadFrom: ['json'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['callback'], operation: ['send'] } }, properties);

function eventAndPayload(context: IExecuteFunctions, itemIndex: number): { event: string; payload: unknown } | undefined {
	const from = context.getNodeParameter('payloadFrom', itemIndex, 'json') as string;
	if (from === 'json') {
		return { event: String(context.getNodeParameter('event', itemIndex, '')).trim(), payload: context.getNodeParameter('payload', itemIndex, {}) };
	}
	const [row] = realRows([context.getInputData()[itemIndex].json as LedgerRow]);
	if (!row) return undefined;
	if (from === 'check') {
		const integrationId = String(context.getNodeParameter('integrationId', itemIndex, '') ?? '');
		return { event: row.closed === true ? 'check.closed' : 'check.updated', payload: { integrationId, check: row } };
	}
	const view = from === 'orderRow' ? orderView(row) : paymentView(row);
	return { event: `${from === 'orderRow' ? 'order' : 'payment'}.${view.status}`, payload: view };
}

function parseResponseBody(body: unknown): unknown {
	if (typeof body !== 'string' || body.trim() === '') return body ?? null;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credential = readQodeupCredential(await this.getCredentials('qodeupApi'));
	if (!credential.callbackUrl) return { sent: false, reason: 'no callback URL' };
	const what = eventAndPayload(this, itemIndex);
	if (!what) return { sent: false, reason: 'no ledger row (nothing changed)' };
	const built = buildCallbackBody(credential.callbackUrl, what.event, what.payload, new Date().toISOString());
	if (!built.ok) throw new NodeOperationError(this.getNode(), built.message, { itemIndex });
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: built.url,
		body: built.body,
		headers: { 'Content-Type': 'application/json' },
		returnFullResponse: true,
		json: false,
	};
	// The Qodeup API credential's `authenticate` signs this exact body (X-Qodeup-Timestamp,
	// X-Qodeup-Signature); going through n8n's authentication keeps the secret out of the node.
	let response: { statusCode?: number; body?: unknown };
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, 'qodeupApi', options)) as {
			statusCode?: number;
			body?: unknown;
		};
	} catch (error) {
		const failure = error as { httpCode?: unknown; message?: unknown; description?: unknown };
		const httpCode = typeof failure.httpCode === 'string' ? failure.httpCode : undefined;
		const said = [failure.message, failure.description].filter((part) => typeof part === 'string' && part).join(' ');
		throw new NodeApiError(this.getNode(), { message: said, httpCode: httpCode ?? null } as JsonObject, {
			itemIndex,
			httpCode,
			message: `Qodeup did not accept the callback "${what.event}"`,
			description: `${built.url} answered${httpCode ? ` HTTP ${httpCode}` : ' with an error'}: ${said || 'no detail'}`,
		});
	}
	return {
		sent: true,
		event: what.event,
		url: built.url,
		statusCode: response.statusCode ?? null,
		response: parseResponseBody(response.body) as IDataObject,
	};
}
