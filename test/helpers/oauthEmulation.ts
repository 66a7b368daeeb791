/**
 * n8n's OAuth2 request helper, as n8n-core 2.41 behaves, for the Lightspeed transport tests:
 * the API call carries the stored access token; on a 401 the helper refreshes the token at the
 * credential's token URL (rotating refresh token stored back in the credential) and retries
 * once; a refresh the token endpoint refuses with `invalid_grant` becomes n8n's
 * "The credential … needs to be reconnected." (failure cause `credential-invalid`, see
 * n8n-core request-helpers/oauth.js). Real HTTP with fetch, so nock sees every call, the
 * token endpoint's included.
 *
 * The credential is one shared object (what n8n's database holds): several contexts (several
 * executions) built with the same store see each other's refreshes and a new Connect.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createExecuteFunctions, TEST_BASE_URL } from './n8nContext';
import type { FakeContextOptions } from './n8nContext';

export const TOKEN_PATH = '/realms/k-series/protocol/openid-connect/token';

export interface CredentialStore {
	/** Credential id on the node (the transport remembers refused connections per id). */
	id: string;
	name: string;
	credentials: IDataObject;
	/** Every HTTP call made through the helper, token endpoint included ("POST /path"). */
	calls: string[];
}

export function credentialStore(id = 'cred-1', tokens: { access: string; refresh: string } = { access: 'access-1', refresh: 'refresh-1' }): CredentialStore {
	return {
		id,
		name: `Lightspeed ${id}`,
		credentials: {
			environment: 'custom',
			apiBaseUrl: TEST_BASE_URL,
			customTokenUrl: `${TEST_BASE_URL}${TOKEN_PATH}`,
			clientId: 'test-client',
			clientSecret: 'test-secret',
			tokenExpiredStatusCode: '401',
			oauthTokenData: { access_token: tokens.access, refresh_token: tokens.refresh },
		},
		calls: [],
	};
}

/** What pressing Connect does: new tokens from the authorization-code grant. */
export function connect(store: CredentialStore, tokens: { access: string; refresh: string }): void {
	store.credentials.oauthTokenData = { access_token: tokens.access, refresh_token: tokens.refresh };
}

function httpError(node: INode, status: number, headers: Record<string, string>, data: unknown): NodeApiError {
	const cause = Object.assign(new Error(`Request failed with status code ${status}`), {
		name: 'AxiosError',
		isAxiosError: true,
		response: { status, headers, data },
	});
	return new NodeApiError(node, cause as unknown as JsonObject);
}

async function readBody(response: Response): Promise<unknown> {
	const text = await response.text();
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** An execute context whose httpRequestWithAuthentication behaves like n8n's OAuth2 helper. */
export function oauthExecuteContext(store: CredentialStore, options: FakeContextOptions = {}): IExecuteFunctions {
	const { context } = createExecuteFunctions(options);
	const node: INode = { ...context.getNode(), credentials: { lightspeedKSeriesOAuth2Api: { id: store.id, name: store.name } } };
	const mutable = context as unknown as Record<string, unknown> & { helpers: Record<string, unknown> };
	mutable.getNode = () => node;
	mutable.getCredentials = async () => store.credentials;

	const call = async (options: IHttpRequestOptions): Promise<{ status: number; headers: Record<string, string>; data: unknown }> => {
		const url = new URL(options.url);
		for (const [key, value] of Object.entries((options.qs ?? {}) as IDataObject)) {
			if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
		}
		const method = (options.method ?? 'GET').toUpperCase();
		const token = (store.credentials.oauthTokenData as IDataObject).access_token;
		const headers: Record<string, string> = { Authorization: `Bearer ${String(token)}` };
		let body: string | undefined;
		if (options.body !== undefined && method !== 'GET') {
			body = JSON.stringify(options.body);
			headers['Content-Type'] = 'application/json';
		}
		store.calls.push(`${method} ${url.pathname}`);
		const response = await fetch(url, { method, headers, body });
		const responseHeaders: Record<string, string> = {};
		response.headers.forEach((value, key) => {
			responseHeaders[key] = value;
		});
		return { status: response.status, headers: responseHeaders, data: await readBody(response) };
	};

	const refresh = async (): Promise<void> => {
		const tokenData = store.credentials.oauthTokenData as IDataObject;
		const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: String(tokenData.refresh_token) });
		store.calls.push(`POST ${TOKEN_PATH}`);
		const response = await fetch(String(store.credentials.customTokenUrl), {
			method: 'POST',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Authorization: `Basic ${Buffer.from('test-client:test-secret').toString('base64')}`,
			},
			body: form.toString(),
		});
		const data = (await readBody(response)) as IDataObject | undefined;
		if (response.ok && data) {
			store.credentials.oauthTokenData = { ...tokenData, ...data };
			return;
		}
		if (data?.error === 'invalid_grant') {
			throw new NodeOperationError(node, `The credential "${store.name}" needs to be reconnected.`, {
				description:
					'Access could not be refreshed because the connected account has revoked access, the refresh token expired, or the account password or permissions changed. Open the credential and reconnect it to continue.',
				level: 'warning',
				failure: { cause: 'credential-invalid' },
			} as ConstructorParameters<typeof NodeOperationError>[2]);
		}
		throw httpError(node, response.status, {}, data);
	};

	mutable.helpers.httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions): Promise<unknown> => {
		// n8n's client-oauth2, when Connect was never pressed (no token stored)
		if (!(store.credentials.oauthTokenData as IDataObject | undefined)?.access_token) throw new Error('Unable to sign without access token');
		let result = await call(options);
		if (result.status === 401) {
			await refresh();
			result = await call(options);
		}
		if (result.status < 200 || result.status >= 300) throw httpError(node, result.status, result.headers, result.data);
		return result.data;
	};
	return context;
}
