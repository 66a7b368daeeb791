import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import nock from 'nock';

import { LightspeedKSeriesTrigger } from '../../../nodes/LightspeedKSeries/LightspeedKSeriesTrigger.node';
import { LightspeedKSeriesOAuth2Api } from '../../../credentials/LightspeedKSeriesOAuth2Api.credentials';
import { assertBodyMatchesContract } from '../../helpers/lightspeedSpecs';
import { createHookFunctions, TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { createWebhookContext, startedNoExecution } from '../../helpers/webhookContext';
import * as payloads from './lightspeedPayloads';

const trigger = new LightspeedKSeriesTrigger();
const methods = trigger.webhookMethods.default;
const LOCATION = '45454565682155';
const ENDPOINT = `n8n-workflow-1-${LOCATION}`;
const HOOK_URL = 'https://n8n.test/webhook/lightspeed';
const SECRET = 'f'.repeat(64);

function hook(params: Record<string, unknown> = {}, staticData: IDataObject = {}) {
	return createHookFunctions({
		params: {
			source: 'orderAndPay',
			businessLocationId: LOCATION,
			endpointId: '',
			events: ['paymentSuccess', 'paymentFailure'],
			...params,
		},
		staticData,
		nodeName: 'Lightspeed K-Series Trigger',
	});
}

function remoteEndpoint(overrides: Record<string, unknown> = {}) {
	return {
		endpointId: ENDPOINT,
		url: HOOK_URL,
		withBasicAuth: true,
		username: 'lightspeed',
		provideAccount: true,
		expandTransactions: true,
		expandPayments: true,
		subscribeTo: [],
		...overrides,
	};
}

function registeredState(): IDataObject {
	return { endpointId: ENDPOINT, url: HOOK_URL, businessLocationId: LOCATION, username: 'lightspeed', secret: SECRET };
}

describe('Lightspeed K-Series Trigger: endpoint lifecycle (nock on the wire)', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		nock.cleanAll();
	});
	afterAll(() => nock.enableNetConnect());

	it('create: PUTs the endpoint with Basic auth and expansions on, then attaches the location', async () => {
		let sent: Record<string, unknown> | undefined;
		const api = nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } })
			.put('/o/wh/1/webhook', (body: Record<string, unknown>) => {
				sent = body;
				return true;
			})
			.reply(200, (_uri, body) => body as Record<string, unknown>)
			.put(`/o/wh/1/webhook/${ENDPOINT}/business-locations/${LOCATION}`)
			.reply(200, { businessLocationId: Number(LOCATION), createdAt: '2026-11-27T18:00:00.000+0000', warnings: [] });
		const staticData: IDataObject = {};
		const { context } = hook({ events: ['paymentSuccess', 'orderAccepted'] }, staticData);
		await expect(methods.create.call(context)).resolves.toBe(true);
		api.done();
		expect(staticData.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(sent).toEqual({
			endpointId: ENDPOINT,
			url: HOOK_URL,
			withBasicAuth: true,
			username: 'lightspeed',
			password: staticData.secret,
			provideAccount: true,
			expandTransactions: true,
			expandPayments: true,
			subscribeTo: [{ resource: 'order', name: 'DELIVERED' }],
		});
		assertBodyMatchesContract('apeWebhookEndpoint', sent);
		expect(staticData).toMatchObject({ endpointId: ENDPOINT, url: HOOK_URL, businessLocationId: LOCATION, username: 'lightspeed' });
	});

	it('create: uses the Endpoint ID parameter and keeps an existing secret', async () => {
		let sent: Record<string, unknown> | undefined;
		nock(TEST_BASE_URL)
			.put('/o/wh/1/webhook', (body: Record<string, unknown>) => {
				sent = body;
				return true;
			})
			.reply(200, {})
			.put(`/o/wh/1/webhook/qodeup-demo-bistro/business-locations/${LOCATION}`)
			.reply(200, {});
		const staticData: IDataObject = { secret: SECRET };
		await methods.create.call(hook({ endpointId: 'qodeup-demo-bistro' }, staticData).context);
		expect(sent).toMatchObject({ endpointId: 'qodeup-demo-bistro', password: SECRET, subscribeTo: [] });
		expect(staticData).toMatchObject({ endpointId: 'qodeup-demo-bistro', secret: SECRET });
	});

	it('create: when the endpoint already exists, updates it with POST', async () => {
		const api = nock(TEST_BASE_URL)
			.put('/o/wh/1/webhook')
			.reply(400, { status: 400, error: 'Bad Request', message: 'endpoint already exists', path: '/o/wh/1/webhook' })
			.get(`/o/wh/1/webhook/${ENDPOINT}`)
			.reply(200, remoteEndpoint({ url: 'https://old.example/webhook' }))
			.post('/o/wh/1/webhook', (body: Record<string, unknown>) => body.url === HOOK_URL && body.expandPayments === true)
			.reply(200, {})
			.put(`/o/wh/1/webhook/${ENDPOINT}/business-locations/${LOCATION}`)
			.reply(200, {});
		await expect(methods.create.call(hook().context)).resolves.toBe(true);
		api.done();
	});

	it('create: a refused create is shown with Lightspeed\'s message', async () => {
		nock(TEST_BASE_URL)
			.put('/o/wh/1/webhook')
			.reply(400, {
				timestamp: '2023-11-07T22:18:49.101+0000',
				status: 400,
				error: 'Bad Request',
				message: "Validation failed for object='webhookEndpointDto'. Error count: 1",
				errors: [{ field: 'url', defaultMessage: 'must not be blank' }],
				path: '/o/wh/1/webhook',
			})
			.get(`/o/wh/1/webhook/${ENDPOINT}`)
			.reply(404, { status: 404, error: 'Not Found', message: `endpoint ID not found for ${ENDPOINT}` });
		const staticData: IDataObject = {};
		const error = await methods.create.call(hook({}, staticData).context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Error);
		const text = `${(error as Error).message} ${(error as { description?: string }).description ?? ''}`;
		expect(text).toContain("Validation failed for object='webhookEndpointDto'");
		expect(text).toContain('url: must not be blank');
		expect((error as { context?: { httpStatus?: number } }).context?.httpStatus).toBe(400);
		expect(staticData.secret).toBeUndefined();
	});

	it('create: a failed location link is an error too', async () => {
		nock(TEST_BASE_URL)
			.put('/o/wh/1/webhook')
			.reply(200, {})
			.put(`/o/wh/1/webhook/${ENDPOINT}/business-locations/${LOCATION}`)
			.reply(403, { status: 403, error: 'Forbidden', message: 'Access Denied' });
		await expect(methods.create.call(hook().context)).rejects.toThrow();
	});

	it('checkExists: true when the registration matches', async () => {
		const api = nock(TEST_BASE_URL).get(`/o/wh/1/webhook/${ENDPOINT}`).reply(200, remoteEndpoint());
		await expect(methods.checkExists.call(hook({}, registeredState()).context)).resolves.toBe(true);
		api.done();
	});

	it('checkExists: false without a secret in static data (no call needed)', async () => {
		await expect(methods.checkExists.call(hook({}, {}).context)).resolves.toBe(false);
	});

	it('checkExists: false when Lightspeed says 404', async () => {
		nock(TEST_BASE_URL)
			.get(`/o/wh/1/webhook/${ENDPOINT}`)
			.reply(404, { status: 404, error: 'Not Found', message: `endpoint ID not found for ${ENDPOINT}` });
		await expect(methods.checkExists.call(hook({}, registeredState()).context)).resolves.toBe(false);
	});

	it.each<[string, Record<string, unknown>, IDataObject]>([
		['the URL changed', { url: 'https://old.example/webhook' }, {}],
		['Basic auth is off', { withBasicAuth: false }, {}],
		['the username differs', { username: 'someone' }, {}],
		['the password differs', { password: 'other' }, {}],
		['provideAccount is off', { provideAccount: false }, {}],
		['expandTransactions is off', { expandTransactions: false }, {}],
		['expandPayments is missing', { expandPayments: undefined }, {}],
		['the location parameter changed', {}, { businessLocationId: '45454565682156' }],
	])('checkExists: false when %s', async (_name, remote, state) => {
		nock(TEST_BASE_URL).get(`/o/wh/1/webhook/${ENDPOINT}`).reply(200, remoteEndpoint(remote));
		await expect(methods.checkExists.call(hook({}, { ...registeredState(), ...state }).context)).resolves.toBe(false);
	});

	it('checkExists: other API errors are shown, not treated as missing', async () => {
		nock(TEST_BASE_URL).get(`/o/wh/1/webhook/${ENDPOINT}`).reply(401, { error: 'invalid_token' });
		await expect(methods.checkExists.call(hook({}, registeredState()).context)).rejects.toThrow(/connection to Lightspeed/i);
	});

	it('delete: DELETEs the registered endpoint and clears static data', async () => {
		const api = nock(TEST_BASE_URL).delete(`/o/wh/1/webhook/${ENDPOINT}`).reply(200);
		const staticData = registeredState();
		await expect(methods.delete.call(hook({}, staticData).context)).resolves.toBe(true);
		api.done();
		expect(staticData).toEqual({});
	});

	it('delete: a 404 is fine (already gone)', async () => {
		nock(TEST_BASE_URL).delete(`/o/wh/1/webhook/${ENDPOINT}`).reply(404, { message: 'endpoint ID not found' });
		await expect(methods.delete.call(hook({}, registeredState()).context)).resolves.toBe(true);
	});

	it('delete: other errors are shown', async () => {
		nock(TEST_BASE_URL).delete(`/o/wh/1/webhook/${ENDPOINT}`).reply(403, { message: 'Access Denied' });
		await expect(methods.delete.call(hook({}, registeredState()).context)).rejects.toThrow();
	});

	it('delete: without static data, deletes the endpoint the parameters name', async () => {
		const api = nock(TEST_BASE_URL).delete('/o/wh/1/webhook/qodeup-demo-bistro').reply(200);
		await methods.delete.call(hook({ endpointId: 'qodeup-demo-bistro' }, {}).context);
		api.done();
	});

	it('RTN mode: the three lifecycle methods are no-ops and call nothing', async () => {
		const { context, state } = hook({ source: 'rtn' });
		await expect(methods.checkExists.call(context)).resolves.toBe(true);
		await expect(methods.create.call(context)).resolves.toBe(true);
		await expect(methods.delete.call(context)).resolves.toBe(true);
		expect(state.requests).toHaveLength(0);
	});

	it('refuses a location ID that is not numeric and a bad endpoint ID', async () => {
		const error = await methods.create.call(hook({ businessLocationId: 'Centre' }).context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/numeric/);
		await expect(methods.create.call(hook({ endpointId: 'has space' }).context)).rejects.toThrow(/Endpoint ID/);
	});
});

function basic(username: string, password: string): string {
	return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function deliver(
	payload: unknown,
	options: { parameters?: Record<string, unknown>; authorization?: string; staticData?: IDataObject; rtnPassword?: string } = {},
) {
	const { context, response } = createWebhookContext({
		nodeType: 'n8n-nodes-qodeup-lightspeed.lightspeedKSeriesTrigger',
		parameters: {
			source: 'orderAndPay',
			businessLocationId: '',
			events: ['paymentSuccess', 'paymentFailure', 'checkUpdated', 'checkClosed', 'orderAccepted', 'orderFailed'],
			...(options.parameters ?? {}),
		},
		headers: options.authorization === undefined ? { authorization: basic('lightspeed', SECRET) } : { authorization: options.authorization },
		rawBody: typeof payload === 'string' ? payload : JSON.stringify(payload),
		staticData: options.staticData ?? { secret: SECRET, username: 'lightspeed' },
		credentials: { lightspeedKSeriesOAuth2Api: { environment: 'custom', rtnPassword: options.rtnPassword ?? '' } },
	});
	const result = await trigger.webhook.call(context);
	return { result, response };
}

describe('Lightspeed K-Series Trigger: receiving notifications', () => {
	it('starts the workflow with the normalised notification', async () => {
		const { result, response } = await deliver(payloads.paymentFailureTimeout);
		expect(response.ended).toBe(false);
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).toMatchObject({
			event: 'paymentFailure',
			errorCode: 'POS_TIMEOUT',
			reference: 'QD-p1-1',
			raw: payloads.paymentFailureTimeout,
		});
	});

	it.each<[string, string | undefined]>([
		['no Authorization header', ''],
		['a wrong password', basic('lightspeed', 'nope')],
		['a wrong username', basic('admin', SECRET)],
		['a Bearer token', `Bearer ${SECRET}`],
		['a password differing only in length', basic('lightspeed', `${SECRET}0`)],
	])('answers 401 and starts nothing for %s', async (_name, authorization) => {
		const { result, response } = await deliver(payloads.paymentSuccess, { authorization });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(401);
		expect(response.headers['www-authenticate']).toBe('Basic realm="n8n"');
	});

	it('answers 401 when no secret is registered yet (never accepts an empty password)', async () => {
		const { result, response } = await deliver(payloads.paymentSuccess, { authorization: basic('lightspeed', ''), staticData: {} });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(401);
	});

	it('acknowledges and drops events that were not chosen', async () => {
		const { result, response } = await deliver(payloads.checkWasUpdated(), { parameters: { events: ['paymentSuccess'] } });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(200);
		expect(response.json()).toEqual({ received: true, ignored: true });
	});

	it('acknowledges and drops notification types it does not know', async () => {
		const { result, response } = await deliver({ type: 'ITEM', status: 'RESTRICTED', sku: '19' });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(200);
	});

	it('acknowledges and drops notifications for another location', async () => {
		const { result } = await deliver(payloads.paymentSuccess, { parameters: { businessLocationId: LOCATION } });
		expect(startedNoExecution(result)).toBe(true);
		const same = await deliver({ ...payloads.paymentSuccess, businessLocationId: Number(LOCATION) }, { parameters: { businessLocationId: LOCATION } });
		expect(same.result.workflowData).toBeDefined();
	});

	it('answers 400 for a body that is not a JSON object', async () => {
		const { result, response } = await deliver('not json');
		expect(startedNoExecution(result)).toBe(true);
		expect(response.statusCode).toBe(400);
	});

	describe('Real-Time Notification mode', () => {
		const rtnParameters = {
			source: 'rtn',
			businessLocationId: '',
			events: ['rtnUpdate', 'rtnClose'],
			rtnUsername: 'lightspeed',
		};
		// the password is the credential's Real-Time Notification Password, never a node parameter
		const rtnPassword = 'rtn-password-0123456789';

		it('accepts the configured Basic credentials and normalises the payload', async () => {
			const { result } = await deliver(payloads.rtn('CLOSE'), {
				parameters: rtnParameters,
				rtnPassword,
				authorization: basic('lightspeed', 'rtn-password-0123456789'),
				staticData: {},
			});
			expect(result.workflowData?.[0][0].json).toMatchObject({ source: 'rtn', event: 'rtnClose', currentAmount: '-10.00' });
		});

		it('refuses other credentials, and everything while the password is shorter than 16 characters', async () => {
			const wrong = await deliver(payloads.rtn('CLOSE'), {
				parameters: rtnParameters,
				rtnPassword,
				authorization: basic('lightspeed', SECRET),
			});
			expect(wrong.response.statusCode).toBe(401);
			const short = await deliver(payloads.rtn('CLOSE'), {
				parameters: rtnParameters,
				rtnPassword: 'short',
				authorization: basic('lightspeed', 'short'),
			});
			expect(short.response.statusCode).toBe(401);
		});

		it('drops OPEN when only UPDATE and CLOSE were chosen', async () => {
			const { result, response } = await deliver(payloads.rtn('OPEN'), {
				parameters: rtnParameters,
				rtnPassword,
				authorization: basic('lightspeed', 'rtn-password-0123456789'),
			});
			expect(startedNoExecution(result)).toBe(true);
			expect(response.statusCode).toBe(200);
		});
	});
});

describe('Lightspeed K-Series Trigger: description', () => {
	const { description } = trigger;
	it('is a trigger answering Lightspeed at once with an empty 200', () => {
		expect(description.name).toBe('lightspeedKSeriesTrigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'lightspeed' },
		]);
	});

	it('offers the nine events and needs the OAuth2 credential in both modes', () => {
		const values = description.properties
			.filter((property) => property.name === 'events')
			.flatMap((property) => property.options!.map((option) => (option as { value: string }).value));
		expect(values.sort()).toEqual(
			['paymentSuccess', 'paymentFailure', 'checkUpdated', 'checkClosed', 'orderAccepted', 'orderFailed', 'rtnOpen', 'rtnUpdate', 'rtnClose'].sort(),
		);
		expect(description.credentials).toEqual([{ name: 'lightspeedKSeriesOAuth2Api', required: true }]);
	});
});

describe('Lightspeed K-Series Trigger: Real-Time Notification password', () => {
	it('is read from the credential, never a workflow parameter', () => {
		const names = trigger.description.properties.map((property) => property.name);
		expect(names).not.toContain('rtnPassword');
		// the credential must apply in RTN mode too, or n8n answers "Credentials not found"
		expect(trigger.description.credentials).toEqual([{ name: 'lightspeedKSeriesOAuth2Api', required: true }]);
		const credential = new LightspeedKSeriesOAuth2Api();
		expect(credential.properties.find((property) => property.name === 'rtnPassword')).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
			default: '',
		});
	});
});

describe('Lightspeed K-Series Trigger: One Output per Event', () => {
	/** Evaluates the trigger's `outputs` expression for these parameters (as the editor does). */
	function outputsFor(parameter: Record<string, unknown>): unknown {
		const expression = String(trigger.description.outputs);
		expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
		return (new Function('$parameter', `return (${expression.slice(3, -2)});`) as (p: Record<string, unknown>) => unknown)(parameter);
	}

	it('off (the default): one output', () => {
		expect(trigger.description.properties.find((property) => property.name === 'outputPerEvent')).toMatchObject({ type: 'boolean', default: false });
		expect(outputsFor({ outputPerEvent: false, events: ['paymentSuccess', 'paymentFailure'] })).toEqual(['main']);
	});

	it('on: one named output per chosen event, in the fixed order of the list whatever the order chosen', () => {
		expect(outputsFor({ outputPerEvent: true, events: ['checkClosed', 'orderFailed', 'paymentSuccess'] })).toEqual([
			{ type: 'main', displayName: 'Payment Success' },
			{ type: 'main', displayName: 'Order Failed' },
			{ type: 'main', displayName: 'Check Closed' },
		]);
		expect(outputsFor({ outputPerEvent: true, events: ['rtnClose', 'rtnUpdate'] })).toEqual([
			{ type: 'main', displayName: 'Check Updated' },
			{ type: 'main', displayName: 'Check Closed' },
		]);
	});

	const events = ['checkClosed', 'orderFailed', 'paymentFailure', 'paymentSuccess'];
	it.each<[string, unknown, number]>([
		['payment success', payloads.paymentSuccess, 0],
		['payment failure', payloads.paymentFailureTimeout, 1],
		['order failed', { ...payloads.orderFailure, type: 'ORDER' }, 2],
		['check closed', payloads.checkWasUpdated('CLOSED'), 3],
	])('a %s notification starts the workflow on its own output only', async (_label, payload, index) => {
		const { result } = await deliver(payload, { parameters: { events, outputPerEvent: true } });
		const data = result.workflowData ?? [];
		expect(data).toHaveLength(4);
		expect(data.map((items) => items.length)).toEqual([0, 1, 2, 3].map((output) => (output === index ? 1 : 0)));
		expect(data[index][0].json).toMatchObject({ raw: payload });
		expect(outputsFor({ outputPerEvent: true, events })).toHaveLength(4);
	});

	it('the outputs the webhook fills match the outputs the editor draws', async () => {
		const { result } = await deliver(payloads.paymentFailureTimeout, { parameters: { events, outputPerEvent: true } });
		const drawn = outputsFor({ outputPerEvent: true, events }) as Array<{ displayName: string }>;
		const filled = (result.workflowData ?? []).findIndex((items) => items.length === 1);
		expect(drawn[filled].displayName).toBe('Payment Failure');
	});

	it('an event that was not chosen is still acknowledged and dropped', async () => {
		const { result, response } = await deliver(payloads.checkWasUpdated(), { parameters: { events, outputPerEvent: true } });
		expect(startedNoExecution(result)).toBe(true);
		expect(response.json()).toEqual({ received: true, ignored: true });
	});

	it('off: every chosen event on the one output', async () => {
		const { result } = await deliver(payloads.checkWasUpdated('CLOSED'), { parameters: { events, outputPerEvent: false } });
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).toMatchObject({ event: 'checkClosed' });
	});
});
