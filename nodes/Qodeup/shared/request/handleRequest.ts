import { QODEUP_SIGNATURE_HEADER, QODEUP_TIMESTAMP_HEADER, verifyQodeupSignature } from '../../../shared/signing';
import type { QodeupResource } from './routes';
import { ROUTES, signedPath } from './routes';
import {
	describeProblems,
	LIMITS,
	parseJsonBody,
	validateOrderBody,
	validatePaymentBody,
	validateOrderIdParam,
	validatePaymentIdParam,
	validateTableNumberParam,
} from './validation';
import type { FieldProblem, QodeupOrder, QodeupPayment } from './validation';

/**
 * Decides what to do with one request to a Qodeup route, without touching n8n: either an
 * answer the trigger sends itself (and no execution starts) or the item the workflow gets.
 * Order of checks: method, size, signature, then the body — so nothing about the body is
 * revealed to a caller that cannot sign.
 */

export interface QodeupRequest {
	resource: QodeupResource;
	integrationId: string;
	secret: string;
	method: string;
	headers: Record<string, string | string[] | undefined>;
	params: Record<string, unknown>;
	rawBody: Buffer;
	nowSeconds: number;
}

export interface QodeupErrorBody {
	error: 'UNAUTHORIZED' | 'MALFORMED_JSON' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE' | 'VALIDATION_FAILED';
	message: string;
	fields?: FieldProblem[];
}

export interface QodeupRejection {
	kind: 'reject';
	status: 400 | 401 | 405 | 413 | 422;
	body: QodeupErrorBody;
	headers?: Record<string, string>;
	/** For the n8n log only; never sent to the caller. */
	detail?: string;
}

export interface QodeupAccepted {
	kind: 'accept';
	params: Record<string, string>;
	tableNumber?: number;
	paymentId?: string;
	orderId?: string;
	payment?: QodeupPayment;
	order?: QodeupOrder;
}

export type QodeupDecision = QodeupRejection | QodeupAccepted;

function header(headers: QodeupRequest['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value[0];
	return value;
}

function reject(status: QodeupRejection['status'], body: QodeupErrorBody, extra: Partial<QodeupRejection> = {}): QodeupRejection {
	return { kind: 'reject', status, body, ...extra };
}

function invalid(problems: FieldProblem[]): QodeupRejection {
	return reject(422, { error: 'VALIDATION_FAILED', message: describeProblems(problems), fields: problems });
}

export function handleQodeupRequest(request: QodeupRequest): QodeupDecision {
	const route = ROUTES[request.resource];
	const method = request.method.toUpperCase();
	if (method !== route.method) {
		return reject(
			405,
			{ error: 'METHOD_NOT_ALLOWED', message: `This URL accepts ${route.method} requests only` },
			{ headers: { Allow: route.method } },
		);
	}
	if (request.rawBody.length > LIMITS.maxBodyBytes) {
		return reject(413, {
			error: 'PAYLOAD_TOO_LARGE',
			message: `The body is ${request.rawBody.length} bytes; at most ${LIMITS.maxBodyBytes} are accepted`,
		});
	}

	const paramValue = route.param ? request.params[route.param] : undefined;
	const params: Record<string, string> = {};
	if (route.param) params[route.param] = typeof paramValue === 'string' ? paramValue : String(paramValue ?? '');
	const check = verifyQodeupSignature({
		secret: request.secret,
		method,
		path: signedPath(request.resource, request.integrationId, params),
		rawBody: request.rawBody,
		timestampHeader: header(request.headers, QODEUP_TIMESTAMP_HEADER),
		signatureHeader: header(request.headers, QODEUP_SIGNATURE_HEADER),
		nowSeconds: request.nowSeconds,
	});
	if (!check.ok) {
		return reject(
			401,
			{ error: 'UNAUTHORIZED', message: 'The request signature is missing, wrong or outside the 5-minute window' },
			{ detail: check.reason },
		);
	}

	const accepted: QodeupAccepted = { kind: 'accept', params };
	if (route.param === 'tableNumber') {
		const table = validateTableNumberParam(paramValue);
		if (!table.ok) return invalid(table.problems);
		accepted.tableNumber = table.value;
	}
	if (route.param === 'paymentId') {
		const payment = validatePaymentIdParam(paramValue);
		if (!payment.ok) return invalid(payment.problems);
		accepted.paymentId = payment.value;
	}

	if (route.param === 'orderId') {
		const order = validateOrderIdParam(paramValue);
		if (!order.ok) return invalid(order.problems);
		accepted.orderId = order.value;
	}

	if (method === 'GET') {
		if (request.rawBody.length > 0) return invalid([{ field: 'body', problem: 'must be empty for a GET request' }]);
		return accepted;
	}

	const parsed = parseJsonBody(request.rawBody);
	if (!parsed.ok) return reject(400, { error: 'MALFORMED_JSON', message: parsed.message });
	if (request.resource === 'payments') {
		const payment = validatePaymentBody(parsed.value);
		if (!payment.ok) return invalid(payment.problems);
		accepted.payment = payment.value;
	} else {
		const order = validateOrderBody(parsed.value);
		if (!order.ok) return invalid(order.problems);
		accepted.order = order.value;
	}
	return accepted;
}
