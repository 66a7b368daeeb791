import { randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { canonicalRequest } from '../../../shared/payments';
import { canonicalOrder, orderReference } from '../../../shared/orders';
import { buildPaymentReference } from '../../../shared/paymentReference';
import { forgetCredential, rememberCredential, rememberedCredential } from '../credentialMemo';
import { credentialProblems, readQodeupCredential } from '../secrets';
import type { QodeupCredentialData } from '../secrets';
import { handleQodeupRequest } from './handleRequest';
import type { QodeupAccepted, QodeupRejection } from './handleRequest';
import type { QodeupResource } from './routes';
import { isQodeupResource } from './routes';
import { validateIntegrationId } from './validation';

/**
 * One Qodeup request checked end to end — the integration id, the credential (remembered for a
 * minute, re-read before a 401), the signature and the body — by the Qodeup Trigger and by the
 * "Check Request" operation alike.
 */

export interface IncomingRequest {
	resource: unknown;
	integrationId: unknown;
	method: string;
	headers: Record<string, string | string[] | undefined>;
	params: Record<string, unknown>;
	rawBody: Buffer;
	credentialId: string | undefined;
	readCredential: () => Promise<Record<string, unknown>>;
}

export type Verdict =
	| { kind: 'accept'; resource: QodeupResource; integrationId: string; decision: QodeupAccepted }
	| { kind: 'reject'; rejection: QodeupRejection }
	| { kind: 'misconfigured'; problem: string };

export async function verifyQodeupRequest(request: IncomingRequest): Promise<Verdict> {
	const integrationId = String(request.integrationId ?? '');
	const idProblem = validateIntegrationId(integrationId);
	if (idProblem) return { kind: 'misconfigured', problem: idProblem };
	if (!isQodeupResource(request.resource)) return { kind: 'misconfigured', problem: `Unknown route "${String(request.resource)}"` };
	const resource = request.resource;

	// Only a usable credential is remembered, so a remembered one needs no second look.
	const read = async (): Promise<QodeupCredentialData | string> => {
		const fresh = readQodeupCredential(await request.readCredential());
		const problems = credentialProblems(fresh);
		if (problems.length) {
			forgetCredential(request.credentialId);
			return problems.join('. ');
		}
		rememberCredential(request.credentialId, fresh);
		return fresh;
	};
	const decide = (secret: string) =>
		handleQodeupRequest({
			resource,
			integrationId,
			secret,
			method: request.method,
			headers: request.headers,
			params: request.params,
			rawBody: request.rawBody,
			nowSeconds: Math.floor(Date.now() / 1000),
		});

	const remembered = rememberedCredential(request.credentialId);
	let credential = remembered ?? (await read());
	if (typeof credential === 'string') return { kind: 'misconfigured', problem: credential };
	let decision = decide(credential.signingSecret);
	if (remembered && decision.kind === 'reject' && decision.status === 401) {
		// Maybe the secret changed since it was remembered: read it again before refusing.
		credential = await read();
		if (typeof credential === 'string') return { kind: 'misconfigured', problem: credential };
		decision = decide(credential.signingSecret);
	}
	if (decision.kind === 'reject') return { kind: 'reject', rejection: decision };
	return { kind: 'accept', resource, integrationId, decision };
}

/**
 * The item a workflow gets for an accepted request. Payments and orders also carry `request`:
 * the canonical text the ledger records, so that a repeat can be compared with the first, and
 * `reference`, the first attempt's reference in Lightspeed.
 */
export function acceptedItem(resource: QodeupResource, integrationId: string, decision: QodeupAccepted): IDataObject {
	const item: IDataObject = {
		resource,
		integrationId,
		requestId: randomUUID(),
		receivedAt: new Date().toISOString(),
		params: decision.params,
	};
	if (decision.tableNumber !== undefined) item.tableNumber = decision.tableNumber;
	if (decision.paymentId !== undefined) item.paymentId = decision.paymentId;
	if (decision.orderId !== undefined) item.orderId = decision.orderId;
	// `reference`: the first attempt's Lightspeed reference, recorded with the claim, so that an
	// outcome notification arriving before the send is written down still finds its row
	if (decision.payment) {
		item.payment = { ...decision.payment };
		item.paymentId = decision.payment.paymentId;
		item.request = canonicalRequest(decision.payment);
		item.reference = buildPaymentReference(decision.payment.paymentId, 1, integrationId);
	}
	if (decision.order) {
		item.order = decision.order as unknown as IDataObject;
		item.orderId = decision.order.orderId;
		item.request = canonicalOrder(decision.order);
		item.reference = orderReference(decision.order.orderId, 1, integrationId);
	}
	return item;
}

/** The answer for a request that is refused before anything runs (401, 400, 405, 413, 422). */
export function rejectionAnswer(rejection: QodeupRejection): IDataObject {
	return { statusCode: rejection.status, body: { ...rejection.body }, headers: { ...(rejection.headers ?? {}) } };
}

export const MISCONFIGURED_ANSWER: IDataObject = {
	statusCode: 500,
	body: { error: 'INTEGRATION_MISCONFIGURED', message: 'The integration is not set up correctly' },
	headers: {},
};
