import { Expression } from 'n8n-workflow';
import type { IDataObject, INodeProperties, IWorkflowDataProxyData, NodeParameterValue } from 'n8n-workflow';

import { LightspeedKSeriesOAuth2Api } from '../../../credentials/LightspeedKSeriesOAuth2Api.credentials';

const credential = new LightspeedKSeriesOAuth2Api();

function property(name: string): INodeProperties {
	const found = credential.properties.find((entry) => entry.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}


/** Resolves a `={{ … }}` default the way n8n does for credential fields ($self = the credential data). */
function resolve(expression: unknown, self: IDataObject): unknown {
	if (typeof expression !== 'string' || !expression.startsWith('=')) return expression;
	const data = { $self: self, $credentials: self } as unknown as IWorkflowDataProxyData;
	return new Expression('UTC').resolveSimpleParameterValue(expression as NodeParameterValue, data);
}

function resolved(name: string, data: IDataObject): unknown {
	return resolve(property(name).default, data);
}

describe('Lightspeed K-Series OAuth2 credential', () => {
	it('is named as the contract says and extends oAuth2Api', () => {
		expect(credential.name).toBe('lightspeedKSeriesOAuth2Api');
		expect(credential.displayName).toBe('Lightspeed K-Series OAuth2 API');
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
	});

	it('authorization-code grant, Basic header token auth, token expiry on 401 — all hidden', () => {
		expect(property('grantType')).toMatchObject({ type: 'hidden', default: 'authorizationCode' });
		expect(property('authentication')).toMatchObject({ type: 'hidden', default: 'header' });
		const expired = property('tokenExpiredStatusCode');
		expect(expired.type).toBe('hidden');
		// n8n-core: Number(credentials.tokenExpiredStatusCode) is compared with the response status.
		expect(Number(expired.default)).toBe(401);
		expect(property('authQueryParameters')).toMatchObject({ type: 'hidden', default: '' });
	});

	it('Environment: Production, Trial, Custom; custom URL fields only for Custom', () => {
		const environment = property('environment');
		expect(environment.type).toBe('options');
		expect(environment.default).toBe('production');
		expect((environment.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'production',
			'trial',
			'custom',
		]);
		for (const name of ['customAuthUrl', 'customTokenUrl', 'apiBaseUrl']) {
			expect(property(name).displayOptions).toEqual({ show: { environment: ['custom'] } });
		}
	});

	it.each([
		[
			'production',
			{},
			'https://auth.lsk-prod.app/realms/k-series/protocol/openid-connect/auth',
			'https://auth.lsk-prod.app/realms/k-series/protocol/openid-connect/token',
			'https://api.lsk.lightspeed.app',
		],
		[
			'trial',
			{},
			'https://auth.lsk-demo.app/realms/k-series/protocol/openid-connect/auth',
			'https://auth.lsk-demo.app/realms/k-series/protocol/openid-connect/token',
			'https://api.trial.lsk.lightspeed.app',
		],
		[
			'custom',
			{ customAuthUrl: 'http://127.0.0.1:7070/a', customTokenUrl: 'http://127.0.0.1:7070/t', apiBaseUrl: 'http://127.0.0.1:7070/' },
			'http://127.0.0.1:7070/a',
			'http://127.0.0.1:7070/t',
			'http://127.0.0.1:7070',
		],
	])('%s resolves its auth, token and API URLs', (environment, extra, authUrl, tokenUrl, apiBase) => {
		const data = { environment, ...extra };
		expect(property('authUrl').type).toBe('hidden');
		expect(property('accessTokenUrl').type).toBe('hidden');
		expect(resolved('authUrl', data)).toBe(authUrl);
		expect(resolved('accessTokenUrl', data)).toBe(tokenUrl);
		expect(resolve(credential.test.request.baseURL, data)).toBe(apiBase);
		expect(credential.test.request.url).toBe('/o/op/data/businesses');
	});

	it('scope is hidden and fixed; "Include Staff Scope" adds staff-api', () => {
		expect(property('scope').type).toBe('hidden');
		expect(resolved('scope', { includeStaffScope: false })).toBe('orders-api financial-api offline_access');
		expect(resolved('scope', { includeStaffScope: true })).toBe('orders-api financial-api staff-api offline_access');
		expect(property('includeStaffScope')).toMatchObject({ type: 'boolean', default: false });
		expect(String(property('includeStaffScope').description)).toMatch(/staff-api/);
	});

	it('has themed icons that exist', () => {
		expect(credential.icon).toEqual({ light: 'file:lightspeedKSeries.svg', dark: 'file:lightspeedKSeries.dark.svg' });
	});
});
