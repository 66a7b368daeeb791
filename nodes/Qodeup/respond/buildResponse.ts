/**
 * Turns the Respond to Qodeup parameters into the response n8n sends. Pure, so the rules
 * (status range, JSON body, safe header names and values) are tested on their own.
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
	return { statusCode: errorStatusCode, body: { error: code, message } };
}
