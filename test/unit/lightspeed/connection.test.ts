/**
 * A lost Lightspeed connection: Lightspeed's token endpoint refuses to renew n8n's access
 * (`invalid_grant`). n8n's OAuth2 helper turns that into "The credential … needs to be
 * reconnected."; the transport names it LIGHTSPEED_DISCONNECTED, remembers the refused
 * refresh token per credential and stops asking until someone presses Connect. Location →
 * Check Connection puts the restaurant on its "Connected" or "Disconnected" output.
 * n8n's helper is emulated against nock (test/helpers/oauthEmulation.ts), token endpoint included.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import nock from 'nock';

import { forgetDisconnectedCredentials, lightspeedApiRequest, lightspeedErrorDetails } from '../../../nodes/LightspeedKSeries/transport';
import { explainFailure } from '../../../nodes/shared/failureReasons';
import { TEST_BASE_URL } from '../../helpers/n8nContext';
import { businesses, LOCATION_ID } from '../../helpers/lightspeedFixtures';
import { lightspeedNode } from '../../helpers/lightspeedNode';
import { restaurantRow, unknownColumns } from '../../helpers/ledgerRows';
import { connect, credentialStore, oauthExecuteContext, TOKEN_PATH } from '../../helpers/oauthEmulation';
import type { CredentialStore } from '../../helpers/oauthEmulation';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const sleepMock = sleep as jest.MockedFunction<typeof sleep>;
const BUSINESSES = '/o/op/data/businesses';
const refused = { error: 'invalid_grant', error_description: 'Token is not active' };

async function caught(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

/** One execution: a fresh context on the shared credential. */
function request(store: CredentialStore, path = BUSINESSES) {
	return lightspeedApiRequest.call(oauthExecuteContext(store), 'GET', path);
}

/** The API answers 401 to this access token; the token endpoint refuses this refresh token. */
function refuseRenewal(access: string, refresh: string) {
	nock(TEST_BASE_URL).get(BUSINESSES).matchHeader('authorization', `Bearer ${access}`).reply(401, { error: 'invalid_token' });
	nock(TEST_BASE_URL)
		.post(TOKEN_PATH, (body: Record<string, string>) => body.grant_type === 'refresh_token' && body.refresh_token === refresh)
		.reply(400, refused);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	forgetDisconnectedCredentials();
	sleepMock.mockClear();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('transport: a refused renewal', () => {
	it('a working refresh is used and its rotated refresh token stored (the emulation is faithful)', async () => {
		const store = credentialStore();
		nock(TEST_BASE_URL).get(BUSINESSES).matchHeader('authorization', 'Bearer access-1').reply(401, { error: 'invalid_token' });
		nock(TEST_BASE_URL)
			.post(TOKEN_PATH, (body: Record<string, string>) => body.refresh_token === 'refresh-1')
			.reply(200, { access_token: 'access-2', refresh_token: 'refresh-2', expires_in: 1800 });
		nock(TEST_BASE_URL).get(BUSINESSES).matchHeader('authorization', 'Bearer access-2').reply(200, businesses);
		await expect(request(store)).resolves.toEqual(businesses);
		expect(store.credentials.oauthTokenData).toMatchObject({ access_token: 'access-2', refresh_token: 'refresh-2' });
		expect(store.calls).toEqual([`GET ${BUSINESSES}`, `POST ${TOKEN_PATH}`, `GET ${BUSINESSES}`]);
	});

	it('invalid_grant from the token endpoint → LIGHTSPEED_DISCONNECTED ("press Connect"), not retried', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		const error = await caught(request(store));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_DISCONNECTED', httpStatus: null, attempts: 1 });
		expect(error.message).toMatch(/The connection to Lightspeed is lost/);
		expect(error.description).toMatch(/press Connect/);
		expect(error.description).toMatch(/refresh refused on GET \/o\/op\/data\/businesses/);
		expect(store.calls).toEqual([`GET ${BUSINESSES}`, `POST ${TOKEN_PATH}`]);
		expect(sleepMock).not.toHaveBeenCalled();
	});

	it('once refused, later calls with the same refresh token ask neither the API nor the token endpoint', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		await caught(request(store));
		const before = store.calls.length;
		// two more executions, other paths
		for (const path of [BUSINESSES, `/o/op/1/order/accounts/A1.1`]) {
			const error = await caught(request(store, path));
			expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_DISCONNECTED', attempts: 0, path });
			expect(lightspeedErrorDetails(error)?.lightspeedMessage).toMatch(/refused to renew this connection earlier; press Connect/);
		}
		expect(store.calls).toHaveLength(before);
	});

	it('the memory is per credential: another restaurant with the same refresh token text still asks', async () => {
		const lost = credentialStore('cred-lost');
		const other = credentialStore('cred-other');
		refuseRenewal('access-1', 'refresh-1');
		await caught(request(lost));
		nock(TEST_BASE_URL).get(BUSINESSES).reply(200, businesses);
		await expect(request(other)).resolves.toEqual(businesses);
		expect(other.calls).toEqual([`GET ${BUSINESSES}`]);
	});

	it('after Connect (a new refresh token) the calls go through again', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		await caught(request(store));
		connect(store, { access: 'access-9', refresh: 'refresh-9' });
		nock(TEST_BASE_URL).get(BUSINESSES).matchHeader('authorization', 'Bearer access-9').twice().reply(200, businesses);
		await expect(request(store)).resolves.toEqual(businesses);
		await expect(request(store)).resolves.toEqual(businesses);
	});

	it('a Connect that is refused again is remembered again (by its own refresh token)', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		await caught(request(store));
		connect(store, { access: 'access-2', refresh: 'refresh-2' });
		refuseRenewal('access-2', 'refresh-2');
		expect(lightspeedErrorDetails(await caught(request(store)))?.errorCode).toBe('LIGHTSPEED_DISCONNECTED');
		const calls = store.calls.length;
		expect(lightspeedErrorDetails(await caught(request(store)))?.attempts).toBe(0);
		expect(store.calls).toHaveLength(calls);
	});

	it('a credential never connected (no token: "Unable to sign without access token") → LIGHTSPEED_DISCONNECTED at once, not retried; Connect cures it', async () => {
		const store = credentialStore();
		store.credentials.oauthTokenData = undefined;
		const error = await caught(request(store));
		expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_DISCONNECTED', attempts: 1 });
		expect(error.description).toMatch(/press Connect/);
		expect(sleepMock).not.toHaveBeenCalled();
		expect(store.calls).toEqual([]);
		connect(store, { access: 'access-1', refresh: 'refresh-1' });
		nock(TEST_BASE_URL).get(BUSINESSES).reply(200, businesses);
		await expect(request(store)).resolves.toEqual(businesses);
	});

	it('a token endpoint that is down is not a lost connection: retried, LIGHTSPEED_UNAVAILABLE, and the next call asks again', async () => {
		const store = credentialStore();
		nock(TEST_BASE_URL).get(BUSINESSES).times(4).reply(401, { error: 'invalid_token' });
		nock(TEST_BASE_URL).post(TOKEN_PATH).times(4).reply(503, { error: 'temporarily_unavailable' });
		const error = await caught(request(store));
		expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_UNAVAILABLE', attempts: 4 });
		nock(TEST_BASE_URL).get(BUSINESSES).reply(200, businesses);
		await expect(request(store)).resolves.toEqual(businesses);
	});
});

describe('location.checkConnection', () => {
	async function checkConnection(store: CredentialStore, restaurant: Record<string, unknown> = restaurantRow()) {
		const context = oauthExecuteContext(store, {
			params: { resource: 'location', operation: 'checkConnection', restaurant },
			description: lightspeedNode.description,
		});
		const outputs = await lightspeedNode.execute.call(context);
		expect(outputs).toHaveLength(2);
		for (const item of outputs.flat()) expect(unknownColumns('restaurants', item.json)).toEqual([]);
		return outputs;
	}
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, unknown>);

	it('Connected: one cheap call, the restaurant row says ok and when it was checked', async () => {
		const store = credentialStore();
		nock(TEST_BASE_URL).get(BUSINESSES).reply(200, businesses);
		const before = Date.now();
		const [connected, disconnected] = await checkConnection(store);
		expect(disconnected).toEqual([]);
		expect(connected).toHaveLength(1);
		expect(connected[0].pairedItem).toEqual({ item: 0 });
		const [row] = json(connected);
		expect(row).toMatchObject({ integrationId: 'demo-bistro', connection: 'ok' });
		expect(row.connectionCheckedAtMs).toBeGreaterThanOrEqual(before);
		expect(row.connectionLostAtMs).toBeUndefined();
		expect(store.calls).toEqual([`GET ${BUSINESSES}`]);
	});

	it('with Restaurant Settings left empty, the input item is the restaurant row (as the recovery template wires it)', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		const context = oauthExecuteContext(store, {
			params: { resource: 'location', operation: 'checkConnection' },
			description: lightspeedNode.description,
			items: [{ json: restaurantRow({ connection: 'lost', connectionLostAtMs: 1234 }) as IDataObject }],
		});
		const [connected, disconnected] = await lightspeedNode.execute.call(context);
		expect(connected).toEqual([]);
		// the input row's integration id and its first loss time are kept
		expect(json(disconnected)).toEqual([expect.objectContaining({ integrationId: 'demo-bistro', connection: 'lost', connectionLostAtMs: 1234 })]);
	});

	it('Disconnected when the renewal is refused: lost since now; the next check asks nothing and keeps the first loss time', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		const before = Date.now();
		const [connected, disconnected] = await checkConnection(store);
		expect(connected).toEqual([]);
		const [row] = json(disconnected);
		expect(row).toMatchObject({ integrationId: 'demo-bistro', connection: 'lost' });
		expect(row.connectionLostAtMs).toBeGreaterThanOrEqual(before);

		const calls = store.calls.length;
		const lostAt = Date.now() - 3600000;
		const [, again] = await checkConnection(store, restaurantRow({ connection: 'lost', connectionLostAtMs: lostAt }));
		expect(json(again)).toEqual([expect.objectContaining({ connection: 'lost', connectionLostAtMs: lostAt })]);
		expect(store.calls).toHaveLength(calls);
	});

	it('Disconnected too when Lightspeed keeps answering 401 after a working renewal (AUTHENTICATION_FAILED)', async () => {
		const store = credentialStore();
		nock(TEST_BASE_URL).get(BUSINESSES).twice().reply(401, { error: 'invalid_token' });
		nock(TEST_BASE_URL).post(TOKEN_PATH).reply(200, { access_token: 'access-2', refresh_token: 'refresh-2' });
		const [connected, disconnected] = await checkConnection(store);
		expect(connected).toEqual([]);
		expect(json(disconnected)).toEqual([expect.objectContaining({ connection: 'lost' })]);
	});

	it('Lightspeed being down is not a lost connection: the node fails (n8n retries the run), no output says lost', async () => {
		const store = credentialStore();
		nock(TEST_BASE_URL).get(BUSINESSES).times(4).reply(503, 'unavailable');
		await expect(checkConnection(store)).rejects.toMatchObject({ context: expect.objectContaining({ errorCode: 'LIGHTSPEED_UNAVAILABLE' }) });
	});

	it('after Connect the restaurant is Connected again', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		await checkConnection(store);
		connect(store, { access: 'access-5', refresh: 'refresh-5' });
		nock(TEST_BASE_URL).get(BUSINESSES).matchHeader('authorization', 'Bearer access-5').reply(200, businesses);
		const [connected] = await checkConnection(store, restaurantRow({ connection: 'lost', connectionLostAtMs: Date.now() - 60000 }));
		expect(json(connected)).toEqual([expect.objectContaining({ connection: 'ok' })]);
	});
});

describe('location.diagnose on a lost connection', () => {
	it('reports connection "lost" with the Connect fix, and asks nothing more once the refusal is known', async () => {
		const store = credentialStore();
		refuseRenewal('access-1', 'refresh-1');
		await caught(request(store));
		const calls = store.calls.length;
		const context = oauthExecuteContext(store, {
			params: { resource: 'location', operation: 'diagnose', businessLocationId: LOCATION_ID, cardPaymentMethod: 'QDCARD', endpointId: 'QODEUP-DEMO' },
			description: lightspeedNode.description,
		});
		const [[item]] = await lightspeedNode.execute.call(context);
		const json = item.json as { ok: boolean; connection: string; checks: Array<{ name: string; ok: boolean; detail: string; fix: string }> };
		expect(store.calls).toHaveLength(calls);
		expect(json.ok).toBe(false);
		expect(json.connection).toBe('lost');
		const connection = json.checks.find((check) => check.name === 'connection');
		expect(connection).toMatchObject({ ok: false });
		expect(connection?.detail).toBe(`The connection to Lightspeed is lost: ${explainFailure('LIGHTSPEED_DISCONNECTED').why}`);
		expect(connection?.fix).toMatch(/press Connect/);
	});
});
