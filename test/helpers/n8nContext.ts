/**
 * Hand-made n8n function contexts for unit tests (execute, load options, hook).
 *
 * `helpers.httpRequestWithAuthentication` adds `Authorization: Bearer <token>` and performs a
 * REAL HTTP request with Node's fetch, so nock (which intercepts fetch) asserts the wire.
 * Failures are thrown the way n8n does: a NodeApiError whose `cause` is an axios-style error
 * with `response.{status, headers, data}` (HTTP errors) or a `code` (network errors).
 * Optionally emulates n8n's OAuth2 refresh: on a response with the credential's
 * `tokenExpiredStatusCode` (401), switch to `refreshedToken` and retry once.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeTypeDescription,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeHelpers } from 'n8n-workflow';

export const TEST_TOKEN = 'test-access-token';
export const TEST_BASE_URL = 'https://lsk.test';
export const TEST_CREDENTIAL_TYPE = 'lightspeedKSeriesOAuth2Api';

export interface RecordedRequest {
	credentialType: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	body: unknown;
	status?: number;
}

export interface FakeContextOptions {
	/** Node parameters (values, not expressions). Dotted names ("options.staffId") are resolved. */
	params?: Record<string, unknown>;
	/** Per-item overrides of `params`, by item index. */
	itemParams?: Array<Record<string, unknown>>;
	/** When given, parameter defaults come from this description (as n8n fills them). */
	description?: INodeTypeDescription;
	items?: INodeExecutionData[];
	credentials?: IDataObject;
	credentialType?: string;
	continueOnFail?: boolean;
	/** The node's "On Error" setting (n8n's continueOnFail() is true for both "continue" modes). */
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	token?: string;
	/** Emulate n8n's OAuth2 refresh: on 401, switch to this token and retry once. */
	refreshedToken?: string;
	nodeName?: string;
	/** Extra members (e.g. getNodeWebhookUrl for hooks). */
	extra?: Record<string, unknown>;
	/** Node static data for hook/webhook contexts. */
	staticData?: IDataObject;
}

export interface FakeState {
	requests: RecordedRequest[];
	token: string;
	refreshes: number;
}

class AxiosError extends Error {
	isAxiosError = true;
	code?: string;
	response?: { status: number; headers: Record<string, string>; data: unknown };
	constructor(message: string) {
		super(message);
		this.name = 'AxiosError';
	}
}

export function testNode(options: FakeContextOptions = {}): INode {
	const credentialType = options.credentialType ?? TEST_CREDENTIAL_TYPE;
	return {
		id: 'node-1',
		name: options.nodeName ?? 'Lightspeed K-Series',
		type: 'n8n-nodes-qodeup-lightspeed.lightspeedKSeries',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'cred-1', name: 'Lightspeed (test)' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
}

function defaultCredentials(): IDataObject {
	return {
		environment: 'custom',
		apiBaseUrl: TEST_BASE_URL,
		customAuthUrl: `${TEST_BASE_URL}/realms/k-series/protocol/openid-connect/auth`,
		customTokenUrl: `${TEST_BASE_URL}/realms/k-series/protocol/openid-connect/token`,
		clientId: 'test-client',
		clientSecret: 'test-secret',
		tokenExpiredStatusCode: '401',
		oauthTokenData: { access_token: TEST_TOKEN, refresh_token: 'test-refresh-token' },
	};
}

function buildUrl(options: IHttpRequestOptions): URL {
	const url = new URL(options.url, options.baseURL);
	const qs = (options.qs ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) for (const entry of value) url.searchParams.append(key, String(entry));
		else url.searchParams.append(key, String(value));
	}
	return url;
}

async function send(
	node: INode,
	state: FakeState,
	credentialType: string,
	options: IHttpRequestOptions,
): Promise<{ status: number; headers: Record<string, string>; data: unknown }> {
	const url = buildUrl(options);
	const method = (options.method ?? 'GET').toUpperCase();
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.headers ?? {})) {
		if (value !== undefined && value !== null) headers[key] = String(value);
	}
	headers.Authorization = `Bearer ${state.token}`;
	let body: string | undefined;
	if (options.body !== undefined && method !== 'GET' && method !== 'HEAD') {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json';
		}
	}
	const record: RecordedRequest = {
		credentialType,
		method,
		url: url.toString(),
		headers: { ...headers },
		body: body === undefined ? undefined : (JSON.parse(body) as unknown),
	};
	state.requests.push(record);
	let response: Response;
	try {
		response = await fetch(url, { method, headers, body });
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		const axiosError = new AxiosError(cause?.message ?? (error as Error).message);
		axiosError.code = cause?.code ?? 'ECONNRESET';
		throw new NodeApiError(node, axiosError as unknown as JsonObject);
	}
	const text = await response.text();
	let data: unknown = text;
	if (text) {
		try {
			data = JSON.parse(text) as unknown;
		} catch {
			data = text;
		}
	} else data = undefined;
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((value, key) => {
		responseHeaders[key] = value;
	});
	record.status = response.status;
	return { status: response.status, headers: responseHeaders, data };
}

function makeHttpHelper(node: INode, state: FakeState, options: FakeContextOptions, credentials: IDataObject) {
	return async function httpRequestWithAuthentication(
		credentialType: string,
		requestOptions: IHttpRequestOptions,
	): Promise<unknown> {
		let result = await send(node, state, credentialType, requestOptions);
		const expiredCode = Number(credentials.tokenExpiredStatusCode ?? 401);
		if (result.status === expiredCode && options.refreshedToken && state.token !== options.refreshedToken) {
			state.token = options.refreshedToken;
			state.refreshes++;
			result = await send(node, state, credentialType, requestOptions);
		}
		const ok = result.status >= 200 && result.status < 300;
		if (!ok && !requestOptions.ignoreHttpStatusErrors) {
			const axiosError = new AxiosError(`Request failed with status code ${result.status}`);
			axiosError.response = { status: result.status, headers: result.headers, data: result.data };
			throw new NodeApiError(node, axiosError as unknown as JsonObject);
		}
		if (requestOptions.returnFullResponse) {
			return { statusCode: result.status, headers: result.headers, body: result.data };
		}
		return result.data;
	};
}

function lookup(source: Record<string, unknown>, name: string): unknown {
	if (Object.prototype.hasOwnProperty.call(source, name)) return source[name];
	let current: unknown = source;
	for (const part of name.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

function resolvedParams(options: FakeContextOptions, itemIndex: number): Record<string, unknown> {
	const merged = { ...(options.params ?? {}), ...(options.itemParams?.[itemIndex] ?? {}) };
	if (!options.description) return merged;
	const withDefaults = NodeHelpers.getNodeParameters(
		options.description.properties,
		merged as INodeParameters,
		true,
		false,
		{ typeVersion: 1 },
		options.description,
	);
	return { ...(withDefaults ?? {}), ...merged } as Record<string, unknown>;
}

function extract(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value) return (value as unknown as { value: unknown }).value;
	return value;
}

function base(options: FakeContextOptions) {
	const node = testNode(options);
	const credentials = { ...defaultCredentials(), ...(options.credentials ?? {}) };
	const state: FakeState = { requests: [], token: options.token ?? TEST_TOKEN, refreshes: 0 };
	const getNodeParameter = (
		name: string,
		itemIndex = 0,
		fallback?: unknown,
		parameterOptions?: { extractValue?: boolean },
	): unknown => {
		const value = lookup(resolvedParams(options, itemIndex), name);
		if (value === undefined) {
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}
		return parameterOptions?.extractValue ? extract(value) : value;
	};
	const staticData = options.staticData ?? {};
	const context = {
		getNode: () => node,
		getNodeParameter,
		getCredentials: async (type: string) => {
			if (type !== (options.credentialType ?? TEST_CREDENTIAL_TYPE)) throw new Error(`No credentials of type ${type}`);
			return credentials;
		},
		getInputData: () => options.items ?? [{ json: {} }],
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => 'manual',
		getActivationMode: () => 'activate',
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'workflow-1', name: 'Test workflow', active: false }),
		getTimezone: () => 'UTC',
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
		helpers: {
			httpRequestWithAuthentication: makeHttpHelper(node, state, options, credentials),
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
		...(options.extra ?? {}),
	};
	return { context, state, node, credentials };
}

export function createExecuteFunctions(options: FakeContextOptions = {}): {
	context: IExecuteFunctions;
	state: FakeState;
} {
	const { context, state } = base(options);
	return { context: context as unknown as IExecuteFunctions, state };
}

export function createLoadOptionsFunctions(
	options: FakeContextOptions & { currentParameters?: Record<string, unknown> } = {},
): { context: ILoadOptionsFunctions; state: FakeState } {
	const { context, state } = base(options);
	const current = options.currentParameters ?? options.params ?? {};
	const loadContext = {
		...context,
		getCurrentNodeParameter: (name: string, parameterOptions?: { extractValue?: boolean }) => {
			const value = lookup(current, name);
			return parameterOptions?.extractValue ? extract(value) : value;
		},
		getCurrentNodeParameters: () => current,
	};
	return { context: loadContext as unknown as ILoadOptionsFunctions, state };
}

export function createHookFunctions(options: FakeContextOptions = {}): { context: IHookFunctions; state: FakeState } {
	const { context, state } = base({
		...options,
		extra: { getNodeWebhookUrl: () => 'https://n8n.test/webhook/lightspeed', ...(options.extra ?? {}) },
	});
	return { context: context as unknown as IHookFunctions, state };
}

export function createWebhookFunctions(options: FakeContextOptions = {}): {
	context: IWebhookFunctions;
	state: FakeState;
} {
	const { context, state } = base(options);
	return { context: context as unknown as IWebhookFunctions, state };
}
