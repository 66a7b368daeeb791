import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import type { QodeupCredentialData } from '../shared/secrets';
import { retryLinkKey } from '../shared/secrets';
import { buildCallbackBody } from './callback';
import { composeFailureEmail } from './failureEmail';
import { createRetryLink, verifyRetryToken } from './retryLink';

/** One function per operation of the Qodeup node; each handles one item. */

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

function text(context: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = context.getNodeParameter(name, itemIndex, fallback) as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}

export function createRetryLinkOperation(
	context: IExecuteFunctions,
	itemIndex: number,
	credential: QodeupCredentialData,
): IDataObject {
	const result = createRetryLink(retryLinkKey(credential), {
		baseUrl: text(context, 'baseUrl', itemIndex),
		paymentId: text(context, 'paymentId', itemIndex),
		attempt: Number(context.getNodeParameter('attempt', itemIndex, 1)),
		expiresInHours: Number(context.getNodeParameter('expiresInHours', itemIndex, 168)),
		nowSeconds: nowSeconds(),
	});
	if (!result.ok) throw new NodeOperationError(context.getNode(), result.message, { itemIndex });
	return { ...result.link };
}

export function verifyRetryLinkOperation(
	context: IExecuteFunctions,
	itemIndex: number,
	credential: QodeupCredentialData,
): IDataObject {
	const check = verifyRetryToken(retryLinkKey(credential), text(context, 'token', itemIndex), nowSeconds());
	return { ...check };
}

export function composeFailureEmailOperation(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const emails = context.getNodeParameter('notificationEmails', itemIndex, '') as unknown;
	const result = composeFailureEmail({
		integrationName: text(context, 'integrationName', itemIndex),
		notificationEmails: Array.isArray(emails) ? emails.map(String) : String(emails ?? ''),
		paymentId: text(context, 'paymentId', itemIndex),
		tableNumber: text(context, 'tableNumber', itemIndex),
		checkId: text(context, 'checkId', itemIndex),
		amount: text(context, 'amount', itemIndex),
		tipAmount: text(context, 'tipAmount', itemIndex, '0'),
		method: text(context, 'method', itemIndex, 'card'),
		currency: text(context, 'currency', itemIndex, 'EUR'),
		occurredAt: text(context, 'occurredAt', itemIndex),
		errorCode: text(context, 'errorCode', itemIndex),
		reason: text(context, 'reason', itemIndex),
		retryUrl: text(context, 'retryUrl', itemIndex),
		timeZone: text(context, 'timeZone', itemIndex, 'Europe/Brussels'),
	});
	if (!result.ok) throw new NodeOperationError(context.getNode(), result.message, { itemIndex });
	return { ...result.email };
}

function parseResponseBody(body: unknown): unknown {
	if (typeof body !== 'string' || body.trim() === '') return body ?? null;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

export async function sendCallbackOperation(
	context: IExecuteFunctions,
	itemIndex: number,
	credential: QodeupCredentialData,
): Promise<IDataObject> {
	if (!credential.callbackUrl) return { sent: false, reason: 'no callback URL' };
	const event = text(context, 'event', itemIndex);
	const built = buildCallbackBody(
		credential.callbackUrl,
		event,
		context.getNodeParameter('payload', itemIndex, {}),
		new Date().toISOString(),
	);
	if (!built.ok) throw new NodeOperationError(context.getNode(), built.message, { itemIndex });
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
		response = (await context.helpers.httpRequestWithAuthentication.call(context, 'qodeupApi', options)) as {
			statusCode?: number;
			body?: unknown;
		};
	} catch (error) {
		// n8n already wrapped it; a fresh error says which callback failed and keeps the status.
		const failure = error as { httpCode?: unknown; message?: unknown; description?: unknown };
		const httpCode = typeof failure.httpCode === 'string' ? failure.httpCode : undefined;
		const said = [failure.message, failure.description].filter((part) => typeof part === 'string' && part).join(' ');
		throw new NodeApiError(
			context.getNode(),
			{ message: said, httpCode: httpCode ?? null } as JsonObject,
			{
				itemIndex,
				httpCode,
				message: `Qodeup did not accept the callback "${event}"`,
				description: `${built.url} answered${httpCode ? ` HTTP ${httpCode}` : ' with an error'}: ${said || 'no detail'}`,
			},
		);
	}
	return {
		sent: true,
		event,
		url: built.url,
		statusCode: response.statusCode ?? null,
		response: parseResponseBody(response.body) as IDataObject,
	};
}
