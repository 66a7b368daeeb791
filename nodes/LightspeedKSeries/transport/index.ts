import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { createHash } from 'crypto';

import { codeFromLightspeedWords, explainFailure } from '../../shared/failureReasons';
import { forgetAccess, rememberAccess, rememberedAccess } from './accessMemo';
import type { FailureCode } from '../../shared/failureReasons';

/**
 * The one module that knows Lightspeed K-Series base URLs and how requests are authenticated.
 * Every call goes through `httpRequestWithAuthentication`, so n8n's own OAuth2 refresh runs
 * on a 401 (the credential sets `tokenExpiredStatusCode` = 401).
 */

export const LIGHTSPEED_CREDENTIAL = 'lightspeedKSeriesOAuth2Api';

export const LIGHTSPEED_BASE_URLS = {
	production: 'https://api.lsk.lightspeed.app',
	trial: 'https://api.trial.lsk.lightspeed.app',
} as const;

export type LightspeedContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface LightspeedRequestOptions {
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
}

/** Retry policy for 429, 5xx and network failures. Exported so tests can read it. */
export const RETRY_POLICY = {
	maxRetries: 3,
	baseDelayMs: 250,
	maxDelayMs: 4000,
	/** Upper bound for a server-provided Retry-After. */
	maxRetryAfterMs: 20000,
};

const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** What we could learn from a failed request. */
export interface HttpFailure {
	status?: number;
	headers: Record<string, unknown>;
	body: unknown;
	networkCode?: string;
	rawMessage: string;
	/** Lightspeed refused to renew the connection: nothing but Connect helps. */
	disconnected?: boolean;
}

/** Details carried by every Lightspeed `NodeApiError` in `error.context`. */
export interface LightspeedErrorContext {
	errorCode: FailureCode;
	httpStatus: number | null;
	lightspeedMessage: string;
	body: unknown;
	method: string;
	path: string;
	attempts: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

/** One credential read per node run (the context object), whatever the number of calls. */
const credentialsPerRun = new WeakMap<object, Promise<IDataObject>>();

function readCredentials(context: LightspeedContext): Promise<IDataObject> {
	let read = credentialsPerRun.get(context);
	if (!read) {
		read = context.getCredentials(LIGHTSPEED_CREDENTIAL) as Promise<IDataObject>;
		credentialsPerRun.set(context, read);
		read.catch(() => credentialsPerRun.delete(context));
	}
	return read;
}

/**
 * Connections Lightspeed refused to renew: credential id → fingerprint of the refresh token it
 * refused (one entry per credential, at most 1000, kept until that credential's refresh token
 * changes, i.e. until someone presses Connect). While it matches, a call fails at once as
 * LIGHTSPEED_DISCONNECTED instead of asking the token endpoint again.
 */
const refusedRefreshTokens = new Map<string, string>();
const MAX_REFUSED = 1000;

function refreshTokenFingerprint(credentials: IDataObject): string {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const refreshToken = typeof tokenData?.refresh_token === 'string' ? tokenData.refresh_token : '';
	return createHash('sha256').update(refreshToken).digest('hex');
}

function credentialId(context: LightspeedContext): string | undefined {
	const id = context.getNode().credentials?.[LIGHTSPEED_CREDENTIAL]?.id;
	return typeof id === 'string' && id ? id : undefined;
}

function knownDisconnected(context: LightspeedContext, credentials: IDataObject): boolean {
	const id = credentialId(context);
	return id !== undefined && refusedRefreshTokens.get(id) === refreshTokenFingerprint(credentials);
}

function rememberDisconnected(context: LightspeedContext, credentials: IDataObject): void {
	const id = credentialId(context);
	if (id === undefined) return;
	refusedRefreshTokens.delete(id);
	if (refusedRefreshTokens.size >= MAX_REFUSED) {
		const oldest = refusedRefreshTokens.keys().next().value;
		if (oldest !== undefined) refusedRefreshTokens.delete(oldest);
	}
	refusedRefreshTokens.set(id, refreshTokenFingerprint(credentials));
}

/** For tests: forget every refused connection. */
export function forgetDisconnectedCredentials(): void {
	refusedRefreshTokens.clear();
}

/**
 * n8n's OAuth2 helper turns a refused refresh (`invalid_grant`: revoked or expired refresh
 * token) into "The credential … needs to be reconnected" (failure cause `credential-invalid`),
 * and says "Unable to sign without access token" when Connect was never pressed: both are a
 * connection to make again, never a Lightspeed outage to retry.
 */
export function isReconnectError(error: unknown): boolean {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (isRecord(current) && !seen.has(current)) {
		seen.add(current);
		const failure = current.failure;
		if (isRecord(failure) && failure.cause === 'credential-invalid') return true;
		if (typeof current.message === 'string' && /needs to be reconnected|unable to sign without access token/i.test(current.message)) return true;
		const body = isRecord(current.body) ? current.body : undefined;
		if (body && body.error === 'invalid_grant') return true;
		current = current.cause;
	}
	return false;
}

export function baseUrlFromCredentials(credentials: IDataObject): string {
	const environment = typeof credentials.environment === 'string' ? credentials.environment : 'production';
	if (environment === 'trial') return LIGHTSPEED_BASE_URLS.trial;
	if (environment === 'custom') {
		const custom = typeof credentials.apiBaseUrl === 'string' ? credentials.apiBaseUrl.trim() : '';
		if (!/^https?:\/\/[^\s/]+/i.test(custom)) {
			throw new Error(
				'The Lightspeed credential uses the Custom environment but its API Base URL is empty or not an http(s) URL',
			);
		}
		return trimSlash(custom);
	}
	return LIGHTSPEED_BASE_URLS.production;
}

/** Removes anything that looks like a bearer/basic token from text meant for people. */
export function redactSecrets(text: string): string {
	return text
		.replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
		.replace(/(access_token|refresh_token|client_secret)(["'=:\s]+)[^"'&\s,}]+/gi, '$1$2[redacted]');
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		if (value === undefined || value === null) return undefined;
		return String(value);
	}
	return undefined;
}

function parseMaybeJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return value;
	}
}

/**
 * Reads status, headers and body from whatever the request helper threw: n8n wraps axios
 * errors in a NodeApiError (`cause` = the axios error with `response`), other helpers
 * throw the axios-style error itself.
 */
export function readHttpFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let status: number | undefined;
	let headers: Record<string, unknown> = {};
	let body: unknown;
	let networkCode: string | undefined;
	const rawMessage = error instanceof Error ? error.message : String(error);
	while (isRecord(current) && !seen.has(current)) {
		seen.add(current);
		const response = current.response;
		if (isRecord(response)) {
			const responseStatus = Number(response.status ?? response.statusCode);
			if (status === undefined && Number.isInteger(responseStatus) && responseStatus > 0) status = responseStatus;
			if (isRecord(response.headers) && Object.keys(headers).length === 0) headers = response.headers;
			if (body === undefined && response.data !== undefined) body = response.data;
			if (body === undefined && response.body !== undefined) body = response.body;
		}
		if (status === undefined && typeof current.statusCode === 'number') status = current.statusCode;
		if (typeof current.code === 'string' && NETWORK_ERROR_CODES.has(current.code)) networkCode = current.code;
		current = current.cause;
	}
	if (status === undefined && isRecord(error)) {
		const httpCode = Number(error.httpCode);
		if (Number.isInteger(httpCode) && httpCode > 0) status = httpCode;
	}
	if (
		status === undefined &&
		networkCode === undefined &&
		/socket hang up|network|fetch failed|timeout|ECONN|EAI_AGAIN/i.test(rawMessage)
	) {
		networkCode = 'NETWORK_ERROR';
	}
	const disconnected = isReconnectError(error) || undefined;
	if (disconnected) networkCode = undefined;
	return { status, headers, body: parseMaybeJson(body), networkCode, rawMessage: redactSecrets(rawMessage), disconnected };
}

export function isRetryable(failure: HttpFailure): boolean {
	if (failure.disconnected) return false;
	if (failure.status === undefined) return failure.networkCode !== undefined;
	return failure.status === 429 || failure.status >= 500;
}

/** Delay before retry number `retry` (0-based): exponential with jitter, or Retry-After on 429. */
export function retryDelayMs(failure: HttpFailure, retry: number, random: () => number = Math.random): number {
	if (failure.status === 429) {
		const retryAfter = headerValue(failure.headers, 'retry-after');
		if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim())) {
			return Math.min(Math.round(Number(retryAfter) * 1000), RETRY_POLICY.maxRetryAfterMs);
		}
	}
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** retry);
	// "Equal jitter": half fixed, half random, so retries never collapse to 0 ms.
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The human message Lightspeed put in its body, whatever its error shape (API doc §9). */
export function lightspeedMessage(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 500);
	if (!isRecord(body)) return '';
	const parts: string[] = [];
	for (const key of ['message', 'msg', 'error_description', 'reason']) {
		const value = body[key];
		if (typeof value === 'string' && value) {
			parts.push(value);
			break;
		}
	}
	if (!parts.length && typeof body.error === 'string') parts.push(body.error);
	if (Array.isArray(body.errors)) {
		const details = body.errors
			.filter(isRecord)
			.map((entry) => {
				const field = typeof entry.field === 'string' ? entry.field : '';
				const text = typeof entry.defaultMessage === 'string' ? entry.defaultMessage : '';
				return field ? `${field}: ${text}` : text;
			})
			.filter(Boolean);
		if (details.length) parts.push(details.join('; '));
	}
	if (Array.isArray(body.apiSubExceptions)) {
		const details = body.apiSubExceptions
			.filter(isRecord)
			.map((entry) => [entry.field, entry.message].filter((part) => typeof part === 'string' && part).join(': '))
			.filter(Boolean);
		if (details.length) parts.push(details.join('; '));
	}
	return parts.join(' — ').slice(0, 1000);
}

/** Maps a Lightspeed failure (status + body) to one of the package's failure codes. */
export function classifyLightspeedError(
	status: number | undefined,
	body: unknown,
	path = '',
	disconnected = false,
): FailureCode {
	if (disconnected) return 'LIGHTSPEED_DISCONNECTED';
	const named = codeFromLightspeedWords(lightspeedMessage(body));
	if (status === undefined) return 'LIGHTSPEED_UNAVAILABLE';
	if (named === 'REFERENCE_ALREADY_USED' || named === 'PAYMENT_API_DISABLED') return named;
	if (status === 429) return 'RATE_LIMITED';
	if (status >= 500) return 'LIGHTSPEED_UNAVAILABLE';
	if (isRecord(body) && body.error === 'invalid_grant') return 'LIGHTSPEED_DISCONNECTED';
	if (status === 401) return 'AUTHENTICATION_FAILED';
	if (isRecord(body) && typeof body.error === 'string' && /invalid_token|unauthorized_client/.test(body.error)) {
		return 'AUTHENTICATION_FAILED';
	}
	if (named && named !== 'ACCOUNT_NOT_FOUND') return named;
	if (status === 403) return 'ACCESS_DENIED';
	if (status === 404) {
		if (named === 'ACCOUNT_NOT_FOUND' || /\/order\/accounts\//.test(path)) return 'ACCOUNT_NOT_FOUND';
		return 'NOT_FOUND';
	}
	return 'INVALID_REQUEST';
}

/** Builds the NodeApiError a restaurant manager reads, with the raw detail kept in `context`. */
export function buildLightspeedError(
	context: LightspeedContext,
	failure: HttpFailure,
	method: string,
	path: string,
	attempts: number,
	itemIndex?: number,
): NodeApiError {
	const code = classifyLightspeedError(failure.status, failure.body, path, failure.disconnected === true);
	const explanation = explainFailure(code);
	const said = lightspeedMessage(failure.body) || failure.rawMessage;
	const where = `${method} ${path}`;
	const statusText = failure.disconnected
		? 'refresh refused'
		: failure.status !== undefined
			? `HTTP ${failure.status}`
			: failure.networkCode ?? 'no answer';
	const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
	const detail: LightspeedErrorContext = {
		errorCode: code,
		httpStatus: failure.status ?? null,
		lightspeedMessage: redactSecrets(said),
		body: failure.body === undefined ? null : failure.body,
		method,
		path,
		attempts,
	};
	const errorResponse: JsonObject = {
		message: `${explanation.title}`,
		errorCode: code,
		httpCode: failure.status !== undefined ? String(failure.status) : null,
		body: (isRecord(failure.body) || Array.isArray(failure.body) ? failure.body : { text: String(failure.body ?? '') }) as JsonObject,
	};
	const error = new NodeApiError(context.getNode(), errorResponse, {
		message: `${explanation.title}. ${explanation.why}`,
		description: redactSecrets(
			`${explanation.fix} Lightspeed said: ${said || '(no message)'} (${statusText} on ${where}${retried}).`,
		),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
	Object.assign(error.context, detail);
	return error;
}

/** Reads the Lightspeed details back from an error thrown by `lightspeedApiRequest`. */
export function lightspeedErrorDetails(error: unknown): LightspeedErrorContext | undefined {
	if (!(error instanceof Error) || !isRecord((error as { context?: unknown }).context)) return undefined;
	const context = (error as unknown as { context: Record<string, unknown> }).context;
	if (typeof context.errorCode !== 'string' || typeof context.path !== 'string') return undefined;
	return context as unknown as LightspeedErrorContext;
}

/**
 * One request to the Lightspeed K-Series API. `path` starts with `/` and is appended to the
 * credential environment's base URL. Retries 429 (Retry-After honoured, capped), 5xx and
 * network errors with bounded exponential backoff and jitter; never retries other 4xx
 * (a 401 has already been through n8n's token refresh when we see it).
 */
/** A trigger's webhook(): no execution exists, so every credential read costs n8n an isolate (accessMemo.ts). */
function isWebhookContext(context: LightspeedContext): context is IWebhookFunctions {
	return typeof (context as Partial<IWebhookFunctions>).getRequestObject === 'function';
}

function credentialIdOf(context: LightspeedContext): string | undefined {
	return context.getNode().credentials?.[LIGHTSPEED_CREDENTIAL]?.id ?? undefined;
}

/**
 * One request to the Lightspeed K-Series API. `path` starts with `/` and is appended to the
 * credential environment's base URL. Retries 429 (Retry-After honoured, capped), 5xx and
 * network errors with bounded exponential backoff and jitter; never retries other 4xx
 * (a 401 has already been through n8n's token refresh when we see it).
 */
export async function lightspeedApiRequest<T = unknown>(
	this: LightspeedContext,
	method: IHttpRequestMethods,
	path: string,
	options: LightspeedRequestOptions & { itemIndex?: number } = {},
): Promise<T> {
	const relative = path.startsWith('/') ? path : `/${path}`;
	const build = (baseUrl: string): IHttpRequestOptions => {
		const requestOptions: IHttpRequestOptions = {
			method,
			url: `${baseUrl}${relative}`,
			json: true,
			headers: { Accept: 'application/json', ...(options.headers ?? {}) },
		};
		if (options.qs && Object.keys(options.qs).length) requestOptions.qs = options.qs;
		if (options.body !== undefined) requestOptions.body = options.body;
		return requestOptions;
	};

	// reads only: a failed try is simply made again the usual way, with its retries
	const credentialId = method === 'GET' && isWebhookContext(this) ? credentialIdOf(this) : undefined;
	const remembered = rememberedAccess(credentialId);
	if (remembered) {
		const request = build(remembered.baseUrl);
		try {
			const response: unknown = await this.helpers.httpRequest({
				...request,
				headers: { ...request.headers, Authorization: `Bearer ${remembered.accessToken}` },
			});
			return parseMaybeJson(response) as T;
		} catch {
			forgetAccess(credentialId);
		}
	}

	const credentials = await readCredentials(this);
	const baseUrl = baseUrlFromCredentials(credentials);
	if (knownDisconnected(this, credentials)) {
		const failure: HttpFailure = {
			headers: {},
			body: { error: 'invalid_grant', error_description: 'Lightspeed refused to renew this connection earlier; press Connect.' },
			rawMessage: 'The Lightspeed connection needs to be reconnected',
			disconnected: true,
		};
		throw buildLightspeedError(this, failure, method, path, 0, options.itemIndex);
	}
	const requestOptions = build(baseUrl);

	let attempt = 0;
	for (;;) {
		attempt++;
		try {
			const response: unknown = await this.helpers.httpRequestWithAuthentication.call(
				this,
				LIGHTSPEED_CREDENTIAL,
				{ ...requestOptions, headers: { ...requestOptions.headers } },
			);
			// the token just used may be older than a refresh this call made: a later 401 renews it here too
			if (credentialId) rememberAccess(credentialId, baseUrl, credentials);
			return parseMaybeJson(response) as T;
		} catch (error) {
			const failure = readHttpFailure(error);
			if (failure.disconnected) rememberDisconnected(this, credentials);
			if (attempt <= RETRY_POLICY.maxRetries && isRetryable(failure)) {
				await sleep(retryDelayMs(failure, attempt - 1));
				continue;
			}
			throw buildLightspeedError(this, failure, method, path, attempt, options.itemIndex);
		}
	}
}
