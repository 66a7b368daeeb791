/**
 * Reads made in a trigger's webhook() (no execution yet, where every credential read costs n8n an
 * expression isolate) use the access token kept for 60 s; a refused token goes n8n's way again.
 */
import type { IDataObject, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import {
	ACCESS_MEMO_TTL_MS,
	forgetAllAccess,
	rememberAccess,
	rememberedAccess,
} from '../../../nodes/LightspeedKSeries/transport/accessMemo';
import { LIGHTSPEED_CREDENTIAL, lightspeedApiRequest } from '../../../nodes/LightspeedKSeries/transport';

const BASE = 'http://lightspeed.test';
const credentials = (token: string): IDataObject => ({ environment: 'custom', apiBaseUrl: BASE, oauthTokenData: { access_token: token, refresh_token: 'r' } });

function context({ webhook = true, token = 'tok-1', plain }: { webhook?: boolean; token?: string; plain?: (o: IHttpRequestOptions) => Promise<unknown> } = {}) {
	const calls = { credentialReads: 0, authenticated: [] as IHttpRequestOptions[], plain: [] as IHttpRequestOptions[] };
	const ctx = {
		getNode: () => ({ name: 'Qodeup asks for the tables', credentials: { [LIGHTSPEED_CREDENTIAL]: { id: 'cred-9', name: 'Lightspeed' } } }),
		getCredentials: async () => {
			calls.credentialReads++;
			return credentials(token);
		},
		...(webhook ? { getRequestObject: () => ({}) } : {}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				calls.authenticated.push(options);
				return { via: 'n8n' };
			},
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.plain.push(options);
				return plain ? plain(options) : { via: 'kept token' };
			},
		},
	};
	return { ctx: ctx as unknown as IWebhookFunctions, calls };
}

afterEach(() => forgetAllAccess());

describe('the kept access token (accessMemo)', () => {
	it('keeps the token for 60 s per credential, then forgets it', () => {
		rememberAccess('cred-1', BASE, credentials('tok-1'), 1_000);
		expect(rememberedAccess('cred-1', 1_000 + ACCESS_MEMO_TTL_MS - 1)).toEqual({ baseUrl: BASE, accessToken: 'tok-1' });
		expect(rememberedAccess('cred-1', 1_000 + ACCESS_MEMO_TTL_MS)).toBeUndefined();
		expect(rememberedAccess('cred-2', 1_000)).toBeUndefined();
	});

	it('keeps nothing without a token or a credential id, and at most 2000 credentials (oldest out)', () => {
		rememberAccess('cred-1', BASE, { environment: 'custom' }, 0);
		rememberAccess(undefined, BASE, credentials('tok'), 0);
		expect(rememberedAccess('cred-1', 0)).toBeUndefined();
		for (let i = 0; i <= 2000; i++) rememberAccess(`c${i}`, BASE, credentials(`t${i}`), 0);
		expect(rememberedAccess('c0', 0)).toBeUndefined();
		expect(rememberedAccess('c1', 0)?.accessToken).toBe('t1');
		expect(rememberedAccess('c2000', 0)?.accessToken).toBe('t2000');
	});
});

describe('reads from a webhook(): one credential read, then plain calls with the kept token', () => {
	it('the first read goes through n8n (credential read, OAuth2 helper); the next ones send the kept token', async () => {
		const { ctx, calls } = context();
		await expect(lightspeedApiRequest.call(ctx, 'GET', '/o/op/1/order/table/getCheck', { qs: { businessLocationId: 1 } })).resolves.toEqual({ via: 'n8n' });
		await expect(lightspeedApiRequest.call(ctx, 'GET', '/o/op/1/order/table/getCheck', { qs: { businessLocationId: 1 } })).resolves.toEqual({ via: 'kept token' });
		await lightspeedApiRequest.call(ctx, 'GET', '/o/op/data/1/floorplans');
		expect(calls.credentialReads).toBe(1);
		expect(calls.authenticated).toHaveLength(1);
		expect(calls.plain.map((o) => [o.url, (o.headers as IDataObject).Authorization])).toEqual([
			[`${BASE}/o/op/1/order/table/getCheck`, 'Bearer tok-1'],
			[`${BASE}/o/op/data/1/floorplans`, 'Bearer tok-1'],
		]);
		expect(calls.plain[0].qs).toEqual({ businessLocationId: 1 });
	});

	it('a refused kept token is forgotten: the call goes through n8n (which refreshes), and the new token is kept', async () => {
		let refuse = true;
		const { ctx, calls } = context({
			plain: async () => {
				if (refuse) throw Object.assign(new Error('Request failed with status code 401'), { response: { status: 401 } });
				return { via: 'kept token' };
			},
		});
		rememberAccess('cred-9', BASE, credentials('old-token'));
		await expect(lightspeedApiRequest.call(ctx, 'GET', '/o/op/1/order/table/getCheck')).resolves.toEqual({ via: 'n8n' });
		expect(calls.plain).toHaveLength(1);
		expect(calls.authenticated).toHaveLength(1);
		expect(rememberedAccess('cred-9')?.accessToken).toBe('tok-1');
		refuse = false;
		await expect(lightspeedApiRequest.call(ctx, 'GET', '/o/op/1/order/table/getCheck')).resolves.toEqual({ via: 'kept token' });
		expect((calls.plain[1].headers as IDataObject).Authorization).toBe('Bearer tok-1');
	});

	it('never for a write, and never inside an execution', async () => {
		rememberAccess('cred-9', BASE, credentials('tok-1'));
		const hook = context();
		await lightspeedApiRequest.call(hook.ctx, 'POST', '/o/op/1/pay', { body: { amount: '1.00' } });
		expect(hook.calls.plain).toHaveLength(0);
		expect(hook.calls.authenticated).toHaveLength(1);
		const run = context({ webhook: false });
		await lightspeedApiRequest.call(run.ctx, 'GET', '/o/op/1/order/table/getCheck');
		expect(run.calls.plain).toHaveLength(0);
		expect(run.calls.authenticated).toHaveLength(1);
	});
});
