import nock from 'nock';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	baseUrlFromCredentials,
	classifyLightspeedError,
	isReconnectError,
	isRetryable,
	lightspeedApiRequest,
	lightspeedErrorDetails,
	readHttpFailure,
	redactSecrets,
	retryDelayMs,
	RETRY_POLICY,
} from '../../../nodes/LightspeedKSeries/transport';
import {
	createExecuteFunctions,
	createHookFunctions,
	createLoadOptionsFunctions,
	createWebhookFunctions,
	TEST_BASE_URL,
	TEST_TOKEN,
} from '../../helpers/n8nContext';
import { springError } from '../../helpers/lightspeedFixtures';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const sleepMock = sleep as jest.MockedFunction<typeof sleep>;

async function caught(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
	sleepMock.mockClear();
});
afterAll(() => nock.enableNetConnect());

describe('base URL per environment', () => {
	it('uses the production, trial and custom hosts', () => {
		expect(baseUrlFromCredentials({ environment: 'production' })).toBe('https://api.lsk.lightspeed.app');
		expect(baseUrlFromCredentials({ environment: 'trial' })).toBe('https://api.trial.lsk.lightspeed.app');
		expect(baseUrlFromCredentials({ environment: 'custom', apiBaseUrl: 'http://127.0.0.1:7070/' })).toBe(
			'http://127.0.0.1:7070',
		);
		expect(baseUrlFromCredentials({})).toBe('https://api.lsk.lightspeed.app');
	});

	it('refuses a custom environment without an http(s) base URL', () => {
		expect(() => baseUrlFromCredentials({ environment: 'custom', apiBaseUrl: '' })).toThrow(/API Base URL/);
		expect(() => baseUrlFromCredentials({ environment: 'custom', apiBaseUrl: 'ftp://x' })).toThrow(/API Base URL/);
	});

	it('sends to the trial host with the bearer token from n8n', async () => {
		const scope = nock('https://api.trial.lsk.lightspeed.app', {
			reqheaders: { authorization: `Bearer ${TEST_TOKEN}` },
		})
			.get('/o/op/data/businesses')
			.reply(200, []);
		const { context } = createExecuteFunctions({ credentials: { environment: 'trial', apiBaseUrl: '' } });
		await expect(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses')).resolves.toEqual([]);
		scope.done();
	});
});

describe('lightspeedApiRequest on the wire', () => {
	it('sends method, path, query, JSON body and Authorization', async () => {
		const scope = nock(TEST_BASE_URL, {
			reqheaders: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': /application\/json/ },
		})
			.post('/o/op/1/printMsg', { message: 'hi', alsoToPrinter: true })
			.query({ businessLocationId: '123' })
			.reply(200, { status: 'ok' });
		const { context, state } = createExecuteFunctions();
		const result = await lightspeedApiRequest.call(context, 'POST', '/o/op/1/printMsg', {
			qs: { businessLocationId: 123 },
			body: { message: 'hi', alsoToPrinter: true },
		});
		expect(result).toEqual({ status: 'ok' });
		expect(state.requests[0].credentialType).toBe('lightspeedKSeriesOAuth2Api');
		scope.done();
	});

	it('works from a hook, a webhook and a load-options context', async () => {
		const scope = nock(TEST_BASE_URL).get('/o/wh/1/webhook/EP').times(3).reply(200, { endpointId: 'EP' });
		for (const { context } of [createHookFunctions(), createWebhookFunctions(), createLoadOptionsFunctions()]) {
			await expect(lightspeedApiRequest.call(context, 'GET', '/o/wh/1/webhook/EP')).resolves.toEqual({ endpointId: 'EP' });
		}
		scope.done();
	});
});

describe('retries', () => {
	it('retries a 429 honouring Retry-After, then succeeds', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.reply(429, { message: 'slow down' }, { 'Retry-After': '2' })
			.get('/o/op/data/businesses')
			.reply(200, [{ id: 1 }]);
		const { context, state } = createExecuteFunctions();
		await expect(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses')).resolves.toEqual([{ id: 1 }]);
		expect(sleepMock).toHaveBeenCalledTimes(1);
		expect(sleepMock).toHaveBeenCalledWith(2000);
		expect(state.requests).toHaveLength(2);
		scope.done();
	});

	it('caps a long Retry-After', () => {
		const failure = { status: 429, headers: { 'retry-after': '3600' }, body: {}, rawMessage: '' };
		expect(retryDelayMs(failure, 0)).toBe(RETRY_POLICY.maxRetryAfterMs);
	});

	it('uses bounded exponential backoff with jitter', () => {
		const failure = { status: 503, headers: {}, body: {}, rawMessage: '' };
		expect(retryDelayMs(failure, 0, () => 0)).toBe(125);
		expect(retryDelayMs(failure, 0, () => 1)).toBe(250);
		expect(retryDelayMs(failure, 1, () => 1)).toBe(500);
		expect(retryDelayMs(failure, 2, () => 0.5)).toBe(750);
		expect(retryDelayMs(failure, 10, () => 1)).toBe(RETRY_POLICY.maxDelayMs);
	});

	it('retries 500 up to the limit, then fails clearly', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/1/order/table/getCheck')
			.query(true)
			.times(RETRY_POLICY.maxRetries + 1)
			.reply(500, springError(500, 'Internal Server Error', 'boom', '/o/op/1/order/table/getCheck'));
		const { context, state } = createExecuteFunctions();
		const error = await caught(
			lightspeedApiRequest.call(context, 'GET', '/o/op/1/order/table/getCheck', { qs: { businessLocationId: 1 } }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/Lightspeed could not be reached/);
		expect(error.description).toMatch(/after 4 attempts/);
		expect(error.httpCode).toBe('500');
		expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_UNAVAILABLE', httpStatus: 500, attempts: 4 });
		expect(state.requests).toHaveLength(4);
		expect(sleepMock).toHaveBeenCalledTimes(3);
		for (const [delay] of sleepMock.mock.calls) expect(delay).toBeLessThanOrEqual(RETRY_POLICY.maxDelayMs);
		scope.done();
	});

	it('recovers when a 5xx is followed by success', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.reply(502, 'Bad gateway')
			.get('/o/op/data/businesses')
			.reply(503, 'unavailable')
			.get('/o/op/data/businesses')
			.reply(200, []);
		const { context } = createExecuteFunctions();
		await expect(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses')).resolves.toEqual([]);
		expect(sleepMock).toHaveBeenCalledTimes(2);
		scope.done();
	});

	it('never retries a 400 business error', async () => {
		const scope = nock(TEST_BASE_URL)
			.post('/o/op/1/pay')
			.once()
			.reply(400, springError(400, 'Bad Request', 'reference has already been used QD-p1-1', '/o/op/1/pay'));
		const { context, state } = createExecuteFunctions();
		const error = await caught(lightspeedApiRequest.call(context, 'POST', '/o/op/1/pay', { body: { a: 1 } }));
		expect(lightspeedErrorDetails(error)?.errorCode).toBe('REFERENCE_ALREADY_USED');
		expect(state.requests).toHaveLength(1);
		expect(sleepMock).not.toHaveBeenCalled();
		scope.done();
	});

	it('retries a network error', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get('/o/op/data/businesses')
			.reply(200, [{ id: 7 }]);
		const { context, state } = createExecuteFunctions();
		await expect(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses')).resolves.toEqual([{ id: 7 }]);
		expect(state.requests).toHaveLength(2);
		expect(sleepMock).toHaveBeenCalledTimes(1);
		scope.done();
	});

	it('gives up on a network error that persists, as LIGHTSPEED_UNAVAILABLE', async () => {
		nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.times(4)
			.replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
		const { context } = createExecuteFunctions();
		const error = await caught(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses'));
		expect(lightspeedErrorDetails(error)).toMatchObject({ errorCode: 'LIGHTSPEED_UNAVAILABLE', httpStatus: null });
	});
});

describe('expired token: n8n refreshes, the transport does not retry 401 itself', () => {
	it('a 401 is not retried by the transport loop', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.once()
			.reply(401, { error: 'invalid_token', error_description: 'Access token expired' });
		const { context, state } = createExecuteFunctions();
		const error = await caught(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses'));
		expect(state.requests).toHaveLength(1);
		expect(sleepMock).not.toHaveBeenCalled();
		expect(lightspeedErrorDetails(error)?.errorCode).toBe('AUTHENTICATION_FAILED');
		expect(error.message).toMatch(/The connection to Lightspeed is lost/);
		expect(error.description).toMatch(/press Connect/);
		scope.done();
	});

	it('the 401 reaches the n8n helper, whose refresh + single retry the transport simply sees succeed', async () => {
		const scope = nock(TEST_BASE_URL)
			.get('/o/op/data/businesses')
			.matchHeader('authorization', `Bearer ${TEST_TOKEN}`)
			.reply(401, { error: 'invalid_token' })
			.get('/o/op/data/businesses')
			.matchHeader('authorization', 'Bearer refreshed-token')
			.reply(200, [{ id: 1 }]);
		const { context, state } = createExecuteFunctions({ refreshedToken: 'refreshed-token' });
		await expect(lightspeedApiRequest.call(context, 'GET', '/o/op/data/businesses')).resolves.toEqual([{ id: 1 }]);
		expect(state.refreshes).toBe(1);
		expect(sleepMock).not.toHaveBeenCalled();
		scope.done();
	});

	it('does not ask n8n to ignore HTTP errors (the OAuth2 refresh only runs when the helper throws)', async () => {
		nock(TEST_BASE_URL).get('/x').reply(200, {});
		const { context } = createExecuteFunctions();
		const spy = jest.spyOn(context.helpers, 'httpRequestWithAuthentication');
		await lightspeedApiRequest.call(context, 'GET', '/x');
		const options = spy.mock.calls[0][1];
		expect(options.ignoreHttpStatusErrors).toBeUndefined();
		expect(options.url).toBe(`${TEST_BASE_URL}/x`);
		expect(options.json).toBe(true);
	});
});

describe('error mapping (API doc §9 shapes)', () => {
	const cases: Array<[string, number, unknown, string, RegExp]> = [
		['GET 404 account not found', 404, springError(404, 'Not Found', 'account not found for BL 123456789', '/o/op/1/order/accounts/A1.2'), 'ACCOUNT_NOT_FOUND', /check could not be found/],
		['pay 400 reference reused', 400, springError(400, 'Bad Request', 'reference has already been used 12345678901234', '/o/op/1/pay'), 'REFERENCE_ALREADY_USED', /already sent/],
		['order 409 {status,msg}', 409, { status: 'fail', msg: 'reference has already been used 123456789' }, 'REFERENCE_ALREADY_USED', /already sent/],
		['order 400 Spring validation', 400, { timestamp: 't', status: 400, error: 'Bad Request', message: "Validation failed for object='localOrder'. Error count: 1", errors: [{ codes: ['NotNull.localOrder.thirdPartyReference'], defaultMessage: 'must not be null', objectName: 'localOrder', field: 'thirdPartyReference', bindingFailure: false, code: 'NotNull' }], path: '/o/op/1/order/local' }, 'INVALID_REQUEST', /rejected/],
		['menu 503 apiSubExceptions', 503, { status: '503', timestamp: 't', message: 'Menu unavailable', apiSubExceptions: [{ field: 'menuId', rejectedValue: 1, message: 'not loaded' }] }, 'LIGHTSPEED_UNAVAILABLE', /could not be reached/],
		['webhook 404', 404, springError(404, 'Not Found', 'endpoint ID not found for MISSING-ENDPOINT', '/o/wh/1/webhook/MISSING-ENDPOINT'), 'NOT_FOUND', /could not find/],
		['floorplans 404', 404, springError(404, 'Not Found', 'no floorplans', '/o/op/data/1/floorplans'), 'NOT_FOUND', /could not find/],
		['staff 403 Access Denied', 403, { message: 'Access Denied.' }, 'ACCESS_DENIED', /denied access/],
		['staff 500', 500, { message: 'Authentication failed.' }, 'LIGHTSPEED_UNAVAILABLE', /could not be reached/],
		['401 no body (n8n\'s refresh did not help)', 401, '', 'AUTHENTICATION_FAILED', /connection to Lightspeed is lost/],
		['invalid_grant body (a refused renewal)', 400, { error: 'invalid_grant', error_description: 'Session not active' }, 'LIGHTSPEED_DISCONNECTED', /connection to Lightspeed is lost/],
		['pay 403 payment API disabled', 403, springError(403, 'Forbidden', 'Payment API is not enabled for business location 45454565682155', '/o/op/1/pay'), 'PAYMENT_API_DISABLED', /payment API is not enabled/],
		['staff deactivated', 400, springError(400, 'Bad Request', 'Staff 42 is inactive', '/o/op/1/pay'), 'STAFF_NOT_FOUND', /no longer active/],
		['payment method changed', 400, springError(400, 'Bad Request', 'payment method QDCARD not found', '/o/op/1/pay'), 'PAYMENT_METHOD_NOT_FOUND', /changed in Lightspeed Back Office/],
		['overpaid', 400, springError(400, 'Bad Request', 'the payment amount is greater than the amount due', '/o/op/1/pay'), 'OVERPAID', /more than what is left/],
		['check closed', 400, springError(400, 'Bad Request', 'account is closed', '/o/op/1/pay'), 'ACCOUNT_ALREADY_CLOSED', /already closed/],
		['POS offline', 400, springError(400, 'Bad Request', 'errors.payment.pos.task_timeout', '/o/op/1/pay'), 'POS_TIMEOUT', /did not take the payment/],
	];

	it.each(cases)('%s → %s', async (_label, status, body, code, messagePattern) => {
		const path = typeof body === 'object' && body && 'path' in body ? String((body as { path: string }).path) : '/o/op/x';
		nock(TEST_BASE_URL)
			.get(path)
			.times(status >= 500 ? RETRY_POLICY.maxRetries + 1 : 1)
			.reply(status, body as nock.Body);
		const { context } = createExecuteFunctions();
		const error = await caught(lightspeedApiRequest.call(context, 'GET', path));
		expect(error).toBeInstanceOf(NodeApiError);
		const details = lightspeedErrorDetails(error);
		expect(details?.errorCode).toBe(code);
		expect(details?.httpStatus).toBe(status);
		expect(details?.body).toEqual(body === '' ? null : body);
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toMatch(messagePattern);
		expect(error.description).toContain(`HTTP ${status} on GET ${path}`);
	});

	it('keeps tokens out of messages', async () => {
		nock(TEST_BASE_URL).get('/leak').reply(400, { message: `bad header Bearer ${TEST_TOKEN} and access_token=abc.def` });
		const { context } = createExecuteFunctions();
		const error = await caught(lightspeedApiRequest.call(context, 'GET', '/leak'));
		expect(error.description).not.toContain(TEST_TOKEN);
		expect(error.description).not.toContain('abc.def');
		expect(JSON.stringify(lightspeedErrorDetails(error)?.lightspeedMessage)).not.toContain(TEST_TOKEN);
		expect(redactSecrets('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic [redacted]');
	});

	it('classifies without a status as unavailable', () => {
		expect(classifyLightspeedError(undefined, undefined)).toBe('LIGHTSPEED_UNAVAILABLE');
		expect(readHttpFailure(new Error('fetch failed')).networkCode).toBe('NETWORK_ERROR');
	});

	it('a refused renewal is LIGHTSPEED_DISCONNECTED whatever the status, and never retried', () => {
		expect(classifyLightspeedError(undefined, undefined, '/x', true)).toBe('LIGHTSPEED_DISCONNECTED');
		expect(classifyLightspeedError(500, { message: 'boom' }, '/x', true)).toBe('LIGHTSPEED_DISCONNECTED');
		const failure = readHttpFailure(new Error('The credential "Lightspeed" needs to be reconnected.'));
		expect(failure).toMatchObject({ disconnected: true, networkCode: undefined });
		expect(isRetryable(failure)).toBe(false);
	});

	it.each<[string, unknown, boolean]>([
		["n8n's reconnect error (failure cause credential-invalid)", Object.assign(new Error('Refresh failed'), { failure: { cause: 'credential-invalid' } }), true],
		["n8n's reconnect message", new Error('The credential "Lightspeed (test)" needs to be reconnected.'), true],
		["n8n's client when Connect was never pressed", new Error('Unable to sign without access token'), true],
		['an invalid_grant body deeper in the cause chain', Object.assign(new Error('outer'), { cause: { body: { error: 'invalid_grant' } } }), true],
		['an ordinary 401', Object.assign(new Error('Request failed with status code 401'), { response: { status: 401, data: { error: 'invalid_token' } } }), false],
		['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), false],
	])('isReconnectError: %s → %s', (_label, error, expected) => {
		expect(isReconnectError(error)).toBe(expected);
	});
});
