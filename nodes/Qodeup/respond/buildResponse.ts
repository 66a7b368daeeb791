import type { IDataObject } from 'n8n-workflow';

import { explainFailure } from '../../shared/failureReasons';
import { realRows } from '../../shared/ledgers';
import type { LedgerRow } from '../../shared/ledgers';
import { orderRepeatAnswer, orderSubmitAnswer, orderView } from '../../shared/orders';
import type { OrderRequest } from '../../shared/orders';
import { paymentRepeatAnswer, paymentSubmitAnswer, paymentView } from '../../shared/payments';
import type { PaymentRequest } from '../../shared/payments';

/**
 * Turns the Respond to Qodeup parameters into the response n8n sends. Pure, so the rules
 * (status range, JSON body, safe header names and values, the answer for a ledger row) are
 * tested on their own.
 */

export interface QodeupResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

export type BuiltResponse = { ok: true; response: QodeupResponse } | { ok: false; message: string };

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Set by us; letting a workflow change them would break the JSON contract.
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding']);

export function buildQodeupResponse(
	statusCode: unknown,
	body: unknown,
	headers: Array<{ name?: unknown; value?: unknown }> = [],
): BuiltResponse {
	const status = typeof statusCode === 'string' && /^\d+$/.test(statusCode.trim()) ? Number(statusCode) : statusCode;
	if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
		return { ok: false, message: `Status Code must be a whole number from 100 to 599, got ${JSON.stringify(statusCode)}` };
	}
	let payload = body;
	const html = headers.some((entry) => /^content-type$/i.test(String(entry.name ?? '')) && /text\/html/i.test(String(entry.value ?? '')));
	if (html) {
		// a page (the retry link's): the body is sent as it is, with the headers given
		const pageHeaders: Record<string, string> = {};
		for (const entry of headers) {
			const name = String(entry.name ?? '').trim();
			const value = String(entry.value ?? '');
			if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) return { ok: false, message: `Header "${name}" is not valid` };
			pageHeaders[name] = value;
		}
		return { ok: true, response: { statusCode: status, body: String(body ?? ''), headers: pageHeaders } };
	}
	if (typeof body === 'string') {
		if (body.trim() === '') {
			payload = {};
		} else {
			try {
				payload = JSON.parse(body) as unknown;
			} catch (error) {
				return { ok: false, message: `Body is not valid JSON: ${(error as Error).message}` };
			}
		}
	}
	if (payload === undefined) payload = {};
	const outHeaders: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	for (const entry of headers) {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		if (!name) continue;
		if (!HEADER_NAME.test(name)) return { ok: false, message: `Header name "${name}" is not a valid HTTP header name` };
		if (RESERVED_HEADERS.has(name.toLowerCase())) return { ok: false, message: `Header "${name}" is set by this node` };
		const value = entry.value === undefined || entry.value === null ? '' : String(entry.value);
		if (/[\r\n\0]/.test(value)) return { ok: false, message: `Header "${name}" contains a line break` };
		outHeaders[name] = value;
	}
	return { ok: true, response: { statusCode: status, body: payload, headers: outHeaders } };
}

/**
 * Status and body for "First Incoming Item": the item as it is, or — when an earlier node
 * failed and continued — only its error code and message (never its details, which may hold
 * the raw answer of an upstream API).
 */
export function answerFromItem(
	item: Record<string, unknown> | undefined,
	statusCode: unknown,
	errorStatusCode: unknown,
	fallbackErrorCode: unknown,
): { statusCode: unknown; body: unknown } {
	const json = item ?? {};
	const error = json.error;
	if (error === undefined || error === null || error === false || error === '') return { statusCode, body: json };
	const message =
		typeof error === 'string'
			? error
			: typeof (error as { message?: unknown }).message === 'string'
				? (error as { message: string }).message
				: 'The request could not be completed';
	const code =
		typeof json.errorCode === 'string' && json.errorCode
			? json.errorCode
			: typeof fallbackErrorCode === 'string' && fallbackErrorCode.trim()
				? fallbackErrorCode.trim()
				: 'UPSTREAM_ERROR';
	const explanation = explainFailure(code);
	const known = explanation.code === code;
	// a lost connection is a 503 that says so, whatever the node's default
	if (known && explanation.audience === 'connection') {
		return {
			statusCode: 503,
			body: { error: 'LIGHTSPEED_DISCONNECTED', message: `${explanation.title}: the restaurant must reconnect Lightspeed in n8n. Try again later.` },
		};
	}
	// n8n refuses every Data table write at its size limit
	if (/size limit exceeded/i.test(message)) {
		const full = explainFailure('LEDGER_FULL');
		return { statusCode: 503, body: { error: 'LEDGER_FULL', message: `${full.title}: ${full.why}` } };
	}
	return { statusCode: known && explanation.answerStatus ? explanation.answerStatus : errorStatusCode, body: { error: code, message } };
}

export interface Answer {
	statusCode: unknown;
	body: unknown;
	headers?: Record<string, string>;
}

function parseRequest<T>(value: unknown): T | undefined {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
	if (typeof value === 'string' && value.trim()) {
		try {
			return JSON.parse(value) as T;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/**
 * The answer for a ledger row (the answer rules live in nodes/shared/payments.ts and orders.ts):
 * a submission (first request or repeat; with the new request given, a differing repeat is a
 * 409) or a status. No row (a Data table miss gives an empty item) is a 404 for a status.
 */
export function answerForRow(
	kind: 'paymentSubmission' | 'paymentStatus' | 'orderSubmission' | 'orderStatus',
	item: IDataObject | undefined,
	request: unknown,
): Answer {
	const [row] = realRows([(item ?? {}) as LedgerRow]);
	const payment = kind.startsWith('payment');
	if (!row && (kind === 'paymentSubmission' || kind === 'orderSubmission')) {
		// the "find or create" wrote nothing: n8n's Data table node lets a refused write (size
		// limit, database error) through as if it had worked, so the missing row is the sign
		const unavailable = explainFailure('LEDGER_UNAVAILABLE');
		return { statusCode: 503, body: { error: 'LEDGER_UNAVAILABLE', message: `${unavailable.title}: ${unavailable.why}` } };
	}
	if (!row) {
		const what = payment ? 'payment' : 'order';
		return {
			statusCode: 404,
			body: { error: payment ? 'PAYMENT_NOT_FOUND' : 'ORDER_NOT_FOUND', message: `No ${what} with this ID was received for this restaurant` },
		};
	}
	if (kind === 'paymentStatus') return { statusCode: 200, body: paymentView(row) };
	if (kind === 'orderStatus') return { statusCode: 200, body: orderView(row) };
	if (kind === 'paymentSubmission') {
		const asked = parseRequest<{ payment?: PaymentRequest }>(request)?.payment;
		return asked ? paymentRepeatAnswer(row, asked) : paymentSubmitAnswer(row);
	}
	const asked = parseRequest<{ order?: OrderRequest }>(request)?.order;
	return asked ? orderRepeatAnswer(row, asked) : orderSubmitAnswer(row);
}

/** "Answer Item": an item that already is an answer ({statusCode, body, headers}). */
export function answerFromAnswerItem(item: IDataObject | undefined): Answer {
	const json = item ?? {};
	const headers = json.headers && typeof json.headers === 'object' ? (json.headers as Record<string, string>) : {};
	return { statusCode: json.statusCode ?? 500, body: json.body ?? {}, headers };
}
