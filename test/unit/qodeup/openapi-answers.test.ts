/**
 * Every answer the code gives Qodeup, built with the real functions and nodes, validated against
 * openapi/qodeup-integration.yml for its route and status — the way the e2e suite checks live
 * answers (test/e2e/helpers/contract.js: route by the signed path, then method, then status, then
 * the application/json schema, with draft-07 Ajv) and with the 2020-12 validator too. When the
 * code and the document drift apart (a new field, a new status, a renamed code), this fails.
 *
 * Sources of the answers, as the templates wire them (scripts/templates/wf/requests.mjs):
 * - "Check Request" (Qodeup node) → its rejected item → Respond to Qodeup "Answer Item";
 * - Lightspeed Table → Get Many (continue on fail) → Respond "First Incoming Item" (200/502);
 * - Lightspeed Payment → Apply / Order → Send, and ledger rows → Respond "Payment / Order (Ledger Row)";
 * - ledger rows / error items → answerForRow / answerFromItem;
 * - Qodeup Callback → Send (the `webhooks` of the document).
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import nock from 'nock';
import path from 'path';
import { parse } from 'yaml';

import { LightspeedKSeries } from '../../../nodes/LightspeedKSeries/LightspeedKSeries.node';
import { errorItemJson } from '../../../nodes/LightspeedKSeries/actions/router';
import { clearFloorplanCache } from '../../../nodes/LightspeedKSeries/helpers/api';
import { settledColumns } from '../../../nodes/LightspeedKSeries/helpers/ledgerPayment';
import { buildLightspeedError } from '../../../nodes/LightspeedKSeries/transport';
import type { HttpFailure } from '../../../nodes/LightspeedKSeries/transport';
import { nextAttemptColumns } from '../../../nodes/Qodeup/actions/retry/prepare.operation';
import { Qodeup } from '../../../nodes/Qodeup/Qodeup.node';
import { forgetAllCredentials } from '../../../nodes/Qodeup/shared/credentialMemo';
import { answerForRow, answerFromAnswerItem, answerFromItem } from '../../../nodes/Qodeup/respond/buildResponse';
import type { Answer } from '../../../nodes/Qodeup/respond/buildResponse';
import { signedPath } from '../../../nodes/Qodeup/shared/request/routes';
import type { QodeupResource } from '../../../nodes/Qodeup/shared/request/routes';
import { MISCONFIGURED_ANSWER, acceptedItem, rejectionAnswer, verifyQodeupRequest } from '../../../nodes/Qodeup/shared/request/verify';
import { explainFailure, isFailureCode } from '../../../nodes/shared/failureReasons';
import { ledgerColumns } from '../../../nodes/shared/ledgers';
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { canonicalOrder, orderReference, orderRepeatAnswer, orderSubmitAnswer, orderView } from '../../../nodes/shared/orders';
import type { OrderRequest } from '../../../nodes/shared/orders';
import { buildPaymentReference, referenceTag } from '../../../nodes/shared/paymentReference';
import { canonicalRequest, paymentConflictAnswer, paymentSubmitAnswer, paymentView } from '../../../nodes/shared/payments';
import type { PaymentRequest } from '../../../nodes/shared/payments';
import { floorplans, LOCATION_ID, snapshot } from '../../helpers/lightspeedFixtures';
import { createExecuteFunctions, TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { createQodeupExecuteFunctions } from '../../helpers/qodeupContext';
import { QODEUP_SECRET, qodeupHeaders } from '../../helpers/qodeupSigning';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The document, consumed as the e2e suite consumes it

const DOC_PATH = path.resolve(__dirname, '..', '..', '..', 'openapi', 'qodeup-integration.yml');
const doc = parse(readFileSync(DOC_PATH, 'utf8')) as Json;

const ajv2020 = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv2020);
ajv2020.addSchema(doc, 'qodeup');
const ajv07 = new Ajv({ strict: false, allErrors: true });
addFormats(ajv07);
ajv07.addSchema({ $id: 'qodeup.json', components: doc.components });

function at(pointer: string[]): unknown {
	return pointer.reduce<unknown>((current, part) => (current as Json | undefined)?.[part], doc);
}
const refPointer = (ref: string) => ref.replace(/^#\//, '').split('/');
/** Follows $refs; returns the object and the pointer it was found at. */
function follow(pointer: string[]): { value: Json; pointer: string[] } {
	let current = { value: at(pointer) as Json, pointer };
	while (current.value && typeof current.value.$ref === 'string') {
		const next = refPointer(current.value.$ref);
		current = { value: at(next) as Json, pointer: next };
	}
	return current;
}
const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

const compiled = new Map<string, { v2020: ReturnType<typeof ajv2020.compile>; v07: ReturnType<typeof ajv07.compile> }>();
function validators(pointer: string[]) {
	const key = pointer.join('\u0000');
	if (!compiled.has(key)) {
		const rebased = JSON.parse(JSON.stringify(at(pointer)).replace(/"\$ref":"#\//g, '"$ref":"qodeup.json#/')) as Json;
		compiled.set(key, {
			v2020: ajv2020.compile({ $ref: `qodeup#/${pointer.map(escapePointer).join('/')}` }),
			v07: ajv07.compile(rebased),
		});
	}
	return compiled.get(key)!;
}

function problemsAt(pointer: string[], body: unknown): string[] {
	const { v2020, v07 } = validators(pointer);
	const problems: string[] = [];
	if (!v2020(body)) problems.push(...(v2020.errors ?? []).map((e) => `2020 ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`));
	if (!v07(body)) problems.push(...(v07.errors ?? []).map((e) => `07 ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`));
	return problems;
}

const routes = Object.entries(doc.paths as Json).map(([template, item]) => ({
	template,
	pattern: new RegExp(`^${template.replace(/^\//, '').replace(/\{[^}]+\}/g, '[^/]+')}$`),
	item: item as Json,
}));

/** Which documented answers (and which oneOf alternative of each) a real answer reached. */
const coverage = new Map<string, Set<string>>();

/** Expects `answer` to be what the document declares for this request. */
function expectDocumented(method: string, path: string, answer: { statusCode: unknown; body: unknown }) {
	const route = routes.find((candidate) => candidate.pattern.test(path));
	expect([path, route?.template]).not.toEqual([path, undefined]);
	const operation = route!.item[method.toLowerCase()] as Json | undefined;
	expect([method, route!.template, operation === undefined]).toEqual([method, route!.template, false]);
	const status = String(answer.statusCode);
	const responsePointer = ['paths', route!.template, method.toLowerCase(), 'responses', status];
	const response = follow(responsePointer);
	expect([`${method} ${route!.template}`, status, response.value === undefined]).toEqual([`${method} ${route!.template}`, status, false]);
	const schemaPointer = [...response.pointer, 'content', 'application/json', 'schema'];
	expect([`${method} ${route!.template} ${status}`, problemsAt(schemaPointer, answer.body), answer.body]).toEqual([
		`${method} ${route!.template} ${status}`,
		[],
		answer.body,
	]);
	const key = `${method} ${route!.template} ${status}`;
	const hits = coverage.get(key) ?? new Set<string>();
	const schema = follow(schemaPointer);
	const branches = (schema.value.oneOf ?? []) as unknown[];
	if (!branches.length) hits.add('*');
	branches.forEach((_branch, index) => {
		if (validators([...schema.pointer, 'oneOf', String(index)]).v2020(answer.body)) hits.add(String(index));
	});
	coverage.set(key, hits);
}

function expectCallback(webhook: string, body: unknown) {
	const pointer = ['webhooks', webhook, 'post', 'requestBody', 'content', 'application/json', 'schema'];
	expect([webhook, problemsAt(pointer, body), body]).toEqual([webhook, [], body]);
	coverage.set(`webhook ${webhook}`, new Set(['*']));
}

// ---------------------------------------------------------------------------------------------
// Shared fixtures

const INTEGRATION = 'demo-bistro';
const P = (rel: string) => `qodeup/${INTEGRATION}/${rel}`;
/** The references demo-bistro's payments and orders carry (its tag in them). */
const TAG = referenceTag(INTEGRATION);
const payRef = (paymentId: string, attempt = 1) => buildPaymentReference(paymentId, attempt, INTEGRATION);
const orderRef = (orderId: string, attempt = 1) => orderReference(orderId, attempt, INTEGRATION);
const UPDATED_AT = '2026-11-27T18:05:03.120Z';
const NOW = Date.parse(UPDATED_AT);
const lightspeedNode = new LightspeedKSeries();
const qodeupNode = new Qodeup();
const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

/** Tests declared and run in this file: the coverage check needs all of them (not a -t subset). */
let declaredTests = 0;
let executedTests = 0;
const test = (name: string, fn: () => unknown) => {
	declaredTests++;
	it(name, fn as jest.ProvidesCallback);
};
const testEach = <T extends readonly unknown[]>(rows: readonly T[]) => {
	declaredTests += rows.length;
	return it.each(rows as T[]);
};

beforeAll(() => nock.disableNetConnect());
beforeEach(() => clearFloorplanCache());
afterEach(() => {
	executedTests++;
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

/** Runs the Lightspeed node and returns every output. */
async function runLightspeed(params: Record<string, unknown>, options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) {
	const { context } = createExecuteFunctions({ params, description: lightspeedNode.description, ...options });
	return await lightspeedNode.execute.call(context);
}

/** What "First Incoming Item" of "Answer: tables" sends (template: 200, 502, LIGHTSPEED_UNAVAILABLE). */
const tablesAnswer = (item: IDataObject | undefined) => answerFromItem(item, 200, 502, 'LIGHTSPEED_UNAVAILABLE');

/** A Lightspeed error as the Lightspeed node's "continue on fail" item carries it. */
function lightspeedErrorItem(failure: Partial<HttpFailure>, path = '/o/op/1/order/table/getCheck'): IDataObject {
	const { context } = createExecuteFunctions();
	const error = buildLightspeedError(context, { headers: {}, body: undefined, rawMessage: '', ...failure }, 'GET', path, 1, 0);
	return errorItemJson(error);
}

// ---------------------------------------------------------------------------------------------
// Ledger rows

function payment(over: Partial<PaymentRequest> = {}): PaymentRequest {
	return { paymentId: 'p_1', tableNumber: 12, checkId: null, amount: '20.00', tipAmount: '1.50', method: 'card', ...over };
}

/** The row after "find or create" + "claim" (the request recorded, nothing else yet). */
function claimedPayment(request: PaymentRequest, extra: IDataObject = {}): LedgerRow {
	return {
		id: 7,
		createdAt: '2026-11-27T18:05:00.100Z',
		updatedAt: '2026-11-27T18:05:00.120Z',
		integrationId: INTEGRATION,
		paymentId: request.paymentId,
		status: 'received',
		request: canonicalRequest(request),
		attempt: 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		remaining: '',
		...extra,
	};
}

/** The columns Payment → Apply fills once it knows the check (ledgerPayment's base columns). */
function paymentColumns(request: PaymentRequest, check = { checkId: 'A65315.21', tableNumber: '12' }, attempt = 1): IDataObject {
	return {
		integrationId: INTEGRATION,
		paymentId: request.paymentId,
		attempt,
		reference: payRef(request.paymentId, attempt),
		amount: request.amount,
		tipAmount: request.tipAmount,
		method: request.method,
		tableNumber: check.tableNumber,
		checkId: check.checkId,
		businessLocationId: String(LOCATION_ID),
	};
}

/** A row as n8n's Data table gives it back after an update with these columns. */
function recorded(row: LedgerRow, columns: IDataObject): LedgerRow {
	return { ...row, ...ledgerColumns('payments', columns), updatedAt: UPDATED_AT };
}

function order(over: Partial<OrderRequest> = {}): OrderRequest {
	return {
		orderId: 'o-1',
		mode: 'eat-in',
		tableNumber: 12,
		checkId: null,
		items: [{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: '40570261078301' }] }],
		customer: { firstName: 'Ana', lastName: 'Lopes', email: 'ana@example.com', phone: '+32470123456' },
		note: '',
		payment: null,
		...over,
	};
}

function claimedOrder(request: OrderRequest, extra: IDataObject = {}): LedgerRow {
	return {
		id: 3,
		createdAt: '2026-11-27T18:10:00.100Z',
		updatedAt: '2026-11-27T18:10:00.120Z',
		integrationId: INTEGRATION,
		orderId: request.orderId,
		status: 'received',
		request: canonicalOrder(request),
		attempt: 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		...extra,
	};
}

// ---------------------------------------------------------------------------------------------

describe('OpenAPI answers: the Check Request answers (Qodeup node → Respond to Qodeup "Answer Item")', () => {
	/** Runs "Check Request" on what n8n's Webhook node hands it; returns [accepted, rejected]. */
	async function check(resource: QodeupResource, request: { body?: string; headers?: Record<string, string>; params?: Record<string, string>; integrationId?: string; secret?: string }) {
		const method = resource === 'payments' || resource === 'orders' ? 'POST' : 'GET';
		const params = request.params ?? {};
		const body = request.body ?? '';
		const raw = Buffer.from(body);
		const item: INodeExecutionData = {
			json: { headers: request.headers ?? qodeupHeaders(method, signedPath(resource, INTEGRATION, params), body), params, query: {}, body: {} },
			...(method === 'POST' ? { binary: { data: { data: raw.toString('base64'), mimeType: 'application/json', fileSize: String(raw.length) } } } : {}),
		};
		forgetAllCredentials(); // the credential is remembered for a minute: each case reads its own
		const { context } = createQodeupExecuteFunctions({
			params: { resource: 'request', operation: 'check', integrationId: request.integrationId ?? INTEGRATION, route: resource },
			credentials: request.secret === undefined ? {} : { signingSecret: request.secret },
			items: [item],
		});
		(context.helpers as unknown as Record<string, unknown>).getBinaryDataBuffer = async () => raw;
		const [accepted, rejected] = await qodeupNode.execute.call(context as IExecuteFunctions);
		return { accepted: accepted.map((entry) => entry.json), rejected: rejected.map((entry) => answerFromAnswerItem(entry.json)) };
	}

	testEach<[string, QodeupResource, string, Parameters<typeof check>[1], number]>([
		['401 unsigned payment', 'payments', 'payments', { body: '{"paymentId":"p_1"}', headers: { 'content-type': 'application/json' } }, 401],
		['401 payment signed with another secret', 'payments', 'payments', { body: '{}', headers: qodeupHeaders('POST', P('payments'), '{}', { secret: 'x'.repeat(40) }) }, 401],
		['401 stale table list', 'tables', 'tables', { headers: qodeupHeaders('GET', P('tables'), '', { timestamp: Math.floor(Date.now() / 1000) - 301 }) }, 401],
		['401 one table', 'table', 'tables/3', { params: { tableNumber: '3' }, headers: {} }, 401],
		['401 payment status', 'paymentStatus', 'payments/p_1', { params: { paymentId: 'p_1' }, headers: {} }, 401],
		['401 order', 'orders', 'orders', { body: '{}', headers: {} }, 401],
		['401 order status', 'orderStatus', 'orders/o-1', { params: { orderId: 'o-1' }, headers: {} }, 401],
		['400 payment body that is not JSON', 'payments', 'payments', { body: '{"paymentId":' }, 400],
		['400 order body that is not JSON (sent as text)', 'orders', 'orders', { body: 'not json' }, 400],
		['413 payment', 'payments', 'payments', { body: `{"x":"${'x'.repeat(70000)}"}` }, 413],
		['413 order', 'orders', 'orders', { body: `{"x":"${'x'.repeat(70000)}"}` }, 413],
		['422 payment body', 'payments', 'payments', { body: '{"paymentId":"p 1","amount":"1.001","method":"cash"}' }, 422],
		['422 order phone', 'orders', 'orders', { body: JSON.stringify({ orderId: 'o-1', mode: 'to-go', items: [{ sku: 'A', quantity: 1 }], customer: { firstName: 'A', phone: '0470 12 34 56' } }) }, 422],
		['422 table number in the URL', 'table', 'tables/abc', { params: { tableNumber: 'abc' } }, 422],
		['422 payment id in the URL', 'paymentStatus', 'payments/p%201', { params: { paymentId: 'p 1' } }, 422],
		['422 order id in the URL', 'orderStatus', 'orders/o%2F1', { params: { orderId: 'o/1' } }, 422],
		['500 misconfigured (short secret)', 'payments', 'payments', { body: '{}', secret: 'short' }, 500],
		['500 misconfigured (table list)', 'tables', 'tables', { secret: 'short' }, 500],
	])('%s', async (_name, resource, rel, request, status) => {
		const { accepted, rejected } = await check(resource, request);
		expect(accepted).toEqual([]);
		expect(rejected).toHaveLength(1);
		expect(rejected[0].statusCode).toBe(status);
		expectDocumented(resource === 'payments' || resource === 'orders' ? 'POST' : 'GET', P(rel), rejected[0]);
	});

	test('names customer.phone when it cannot be made E.164, and normalises it when it can', async () => {
		const body = (phone: string) => JSON.stringify({ orderId: 'o-1', mode: 'to-go', items: [{ sku: 'A', quantity: 1 }], customer: { firstName: 'A', phone } });
		const refused = await check('orders', { body: body('0470 12 34 56') });
		expect((refused.rejected[0].body as { fields: Array<{ field: string }> }).fields.map((entry) => entry.field)).toEqual(['customer.phone']);
		const accepted = await check('orders', { body: body('0039 (333) 123.45-67') });
		expect((accepted.accepted[0].order as IDataObject).customer).toMatchObject({ phone: '+393331234567' });
	});

	test('the misconfiguration answer of the verifier is the documented 500', async () => {
		const verdict = await verifyQodeupRequest({
			resource: 'payments',
			integrationId: 'not valid!',
			method: 'POST',
			headers: {},
			params: {},
			rawBody: Buffer.from('{}'),
			credentialId: undefined,
			readCredential: async () => ({ signingSecret: QODEUP_SECRET }),
		});
		expect(verdict.kind).toBe('misconfigured');
		expectDocumented('POST', P('payments'), answerFromAnswerItem(MISCONFIGURED_ANSWER));
		expectDocumented('GET', P('orders/o-1'), answerFromAnswerItem(MISCONFIGURED_ANSWER));
		expectDocumented('GET', P('payments/p_1'), answerFromAnswerItem(MISCONFIGURED_ANSWER));
		expectDocumented('GET', P('tables/3'), answerFromAnswerItem(MISCONFIGURED_ANSWER));
		expectDocumented('POST', P('orders'), answerFromAnswerItem(MISCONFIGURED_ANSWER));
		const rejected = await verifyQodeupRequest({
			resource: 'tables',
			integrationId: INTEGRATION,
			method: 'GET',
			headers: {},
			params: {},
			rawBody: Buffer.alloc(0),
			credentialId: undefined,
			readCredential: async () => ({ signingSecret: QODEUP_SECRET }),
		});
		expect(rejected.kind).toBe('reject');
		if (rejected.kind === 'reject') expectDocumented('GET', P('tables'), answerFromAnswerItem(rejectionAnswer(rejected.rejection)));
	});
});

describe('OpenAPI answers: the table answers (Lightspeed Table → Get Many, Respond "First Incoming Item")', () => {
	const openChecks = [
		snapshot({ checkId: 'A65315.22', tableNumber: 3, currentAmount: '30.00', paidAmount: '5.00', payments: [{ reference: payRef('p_7'), amount: '5.00' }] }),
		snapshot({ checkId: 'A65315.23', tableNumber: 3, currentAmount: 10, paidAmount: 0 }),
		snapshot({ checkId: 'A65315.24', tableNumber: 77, currentAmount: '4.00' }),
	];
	const tableParams = { resource: 'table', operation: 'getMany', businessLocationId: LOCATION_ID, floorplanCacheSeconds: 300 };
	const lightspeedReads = () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).reply(200, floorplans);
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, openChecks);
	};

	test('200: every table (floor plans and tables only a check knows), each with its open checks', async () => {
		lightspeedReads();
		const [[item]] = await runLightspeed({ ...tableParams, tableNumber: '', output: 'single' }, { continueOnFail: true });
		const answer = tablesAnswer(item.json);
		expect(answer.statusCode).toBe(200);
		expect((answer.body as { tables: Array<{ tableNumber: number }> }).tables.map((table) => table.tableNumber)).toEqual([1, 3, 9, 77]);
		expectDocumented('GET', P('tables'), answer);
	});

	test('200: one table with all its checks; 404 TABLE_NOT_FOUND for a table that is nowhere', async () => {
		lightspeedReads();
		const [items] = await runLightspeed({ ...tableParams, tableNumber: '3', output: 'perTable' }, { continueOnFail: true });
		const answer = tablesAnswer(items[0].json);
		expect(answer.body).toMatchObject({ tableNumber: 3, openCheckCount: 2, remaining: '35.00' });
		expectDocumented('GET', P('tables/3'), answer);

		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, openChecks); // floor plans are cached
		const [[missing]] = await runLightspeed({ ...tableParams, tableNumber: '99', output: 'perTable' }, { continueOnFail: true });
		const notFound = tablesAnswer(missing.json);
		expect(notFound).toEqual({ statusCode: 404, body: { error: 'TABLE_NOT_FOUND', message: 'Table 99 does not exist at this location' } });
		expectDocumented('GET', P('tables/99'), notFound);
	});

	test('a table with no open check is 200 with nothing to pay', async () => {
		lightspeedReads();
		const [[item]] = await runLightspeed({ ...tableParams, tableNumber: '9', output: 'perTable' }, { continueOnFail: true });
		const answer = tablesAnswer(item.json);
		expect(answer.body).toMatchObject({ tableNumber: 9, openCheckCount: 0, remaining: '0.00', openChecks: [] });
		expectDocumented('GET', P('tables/9'), answer);
	});

	test('Lightspeed failing through the node (continue on fail): 502 {error, message} only', async () => {
		api().get(`/o/op/data/${LOCATION_ID}/floorplans`).query(true).reply(403, { message: 'Access denied' });
		api().get('/o/op/1/order/table/getCheck').query(true).reply(200, []);
		const [[item]] = await runLightspeed({ ...tableParams, tableNumber: '', output: 'single' }, { continueOnFail: true });
		const answer = tablesAnswer(item.json);
		expect(answer.statusCode).toBe(502);
		expect(Object.keys(answer.body as IDataObject).sort()).toEqual(['error', 'message']);
		expect((answer.body as IDataObject).error).toBe('ACCESS_DENIED');
		expectDocumented('GET', P('tables'), answer);
	});

	testEach<[string, Partial<HttpFailure>, number, string]>([
		['unreachable', { networkCode: 'ECONNRESET', rawMessage: 'socket hang up' }, 502, 'LIGHTSPEED_UNAVAILABLE'],
		['server error', { status: 500, body: { message: 'boom' } }, 502, 'LIGHTSPEED_UNAVAILABLE'],
		['rate limited', { status: 429, body: { message: 'slow down' } }, 502, 'RATE_LIMITED'],
		['bad request', { status: 400, body: { message: 'bad' } }, 502, 'INVALID_REQUEST'],
		['connection lost (refresh refused)', { status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' }, disconnected: true }, 503, 'LIGHTSPEED_DISCONNECTED'],
		['access not accepted after a refresh', { status: 401, body: {} }, 503, 'LIGHTSPEED_DISCONNECTED'],
		// a bare 404 on the all-checks read is not "account not found" (fdb131b): 502 NOT_FOUND
		['checks read answered a bare "not found"', { status: 404, body: { message: 'Not Found' } }, 502, 'NOT_FOUND'],
		['checks read answered "account not found"', { status: 404, body: { message: 'Account not found' } }, 404, 'ACCOUNT_NOT_FOUND'],
	])('Lightspeed %s: the documented status and code on both table routes', (_name, failure, status, code) => {
		const answer = tablesAnswer(lightspeedErrorItem(failure));
		expect(answer.statusCode).toBe(status);
		expect((answer.body as IDataObject).error).toBe(code);
		expect(Object.keys(answer.body as IDataObject).sort()).toEqual(['error', 'message']);
		expectDocumented('GET', P('tables'), answer);
		expectDocumented('GET', P('tables/3'), answer);
	});

	test('an error that is not Lightspeed\'s gets the node\'s default code, 502', () => {
		const { context } = createExecuteFunctions();
		const answer = tablesAnswer(errorItemJson(new NodeOperationError(context.getNode(), 'Table Number must be a whole number')));
		expect(answer).toEqual({ statusCode: 502, body: { error: 'LIGHTSPEED_UNAVAILABLE', message: 'Table Number must be a whole number' } });
		expectDocumented('GET', P('tables/3'), answer);
	});
});

describe('OpenAPI answers: the payment answers (POST payments, GET payments/{paymentId})', () => {
	const applyParams = (paymentId: string) => ({
		resource: 'payment',
		operation: 'apply',
		paymentId,
		businessLocationId: LOCATION_ID,
		restaurant: { cardPaymentMethod: 'QDCARD', voucherPaymentMethod: 'QDVOUCHER' },
		endpointId: 'QODEUP-DEMO',
		options: { taskTtlMs: 120000 },
	});

	/** Payment → Apply on the claimed row, then the answer the template sends for the output it took. */
	async function apply(request: PaymentRequest, params: Record<string, unknown> = {}): Promise<{ output: number; answer: Answer; row: LedgerRow }> {
		const claimed = claimedPayment(request);
		const outputs = await runLightspeed({ ...applyParams(request.paymentId), ...params }, { items: [{ json: claimed }] });
		const output = outputs.findIndex((items) => items.length > 0);
		const columns = outputs[output][0].json;
		// 0 "Sent or Settled": answered from the node's item; 1 "Refused": recorded, then answered
		// from the updated row; 2 "Outcome Unknown": answered from the node's item
		const row = output === 1 ? recorded(claimed, columns) : (columns as LedgerRow);
		return { output, answer: answerForRow('paymentSubmission', row, undefined), row: recorded(claimed, columns) };
	}

	const pay = () => api().post('/o/op/1/pay');
	const tableChecks = (...checks: Array<Record<string, unknown>>) => api().get('/o/op/1/order/table/getCheck').query(true).reply(200, checks);

	test('202 pending: sent to the register (the restaurant\'s plain reference for p_1, its hashed one for p-1); the status says pending', async () => {
		for (const paymentId of ['p_1', 'p-1']) {
			tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12, currentAmount: '40.00' }));
			pay().reply(200, {});
			const { output, answer, row } = await apply(payment({ paymentId }));
			expect(output).toBe(0);
			expect(answer).toEqual({ statusCode: 202, body: { paymentId, status: 'pending', reference: payRef(paymentId) } });
			expect((answer.body as IDataObject).reference).toMatch(paymentId === 'p_1' ? new RegExp(`^Q${TAG}-p_1-1$`) : new RegExp(`^QH${TAG}-[0-9a-f]{24}-1$`));
			expectDocumented('POST', P('payments'), answer);
			const status = answerForRow('paymentStatus', row, undefined);
			expect(status.body).toMatchObject({ status: 'pending', tableNumber: 12, checkId: 'A65315.21', amount: '20.00', tipAmount: '1.50', attempt: 1 });
			expect(status.body).not.toHaveProperty('remaining');
			expectDocumented('GET', P(`payments/${paymentId}`), status);
		}
	});

	test('202 applied: already on the check (this reference) — never sent again', async () => {
		tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12, currentAmount: '40.00', paidAmount: '20.00', payments: [{ reference: payRef('p_1'), amount: '20.00' }] }));
		const { answer, row } = await apply(payment());
		expect(answer).toEqual({ statusCode: 202, body: { paymentId: 'p_1', status: 'applied', reference: payRef('p_1') } });
		expectDocumented('POST', P('payments'), answer);
		expectDocumented('GET', P('payments/p_1'), answerForRow('paymentStatus', row, undefined));
	});

	test('202 pending when Lightspeed cannot be reached (recovery sends it later)', async () => {
		api().get('/o/op/1/order/table/getCheck').query(true).times(4).reply(503, { message: 'down' });
		const { output, answer } = await apply(payment({ paymentId: 'p_5' }));
		expect(output).toBe(2);
		expect(answer).toEqual({ statusCode: 202, body: { paymentId: 'p_5', status: 'pending', reference: payRef('p_5') } });
		expectDocumented('POST', P('payments'), answer);
	});

	test('202 failed: the payment API is off, access is lost, no payment method chosen (the restaurant is emailed)', async () => {
		tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12, currentAmount: '40.00' }));
		pay().reply(400, { message: 'Payment API is not enabled for this business location' });
		const off = await apply(payment({ paymentId: 'p_6' }));
		expect(off.answer.statusCode).toBe(202);
		expect(off.answer.body).toMatchObject({ status: 'failed', error: 'PAYMENT_API_DISABLED', reference: payRef('p_6') });
		expect(off.row.emailStatus).toBe('pending');
		expectDocumented('POST', P('payments'), off.answer);
		expectDocumented('GET', P('payments/p_6'), answerForRow('paymentStatus', off.row, undefined));

		api().get('/o/op/1/order/table/getCheck').query(true).reply(401, {});
		const denied = await apply(payment({ paymentId: 'p_7' }));
		expect(denied.answer.body).toMatchObject({ status: 'failed', error: 'AUTHENTICATION_FAILED' });
		expectDocumented('POST', P('payments'), denied.answer);

		tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12, currentAmount: '40.00' }));
		const noMethod = await apply(payment({ paymentId: 'p_8' }), { restaurant: {} });
		expect(noMethod.answer.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/^(SETTINGS_INCOMPLETE|PAYMENT_METHOD_NOT_FOUND)$/) });
		expectDocumented('POST', P('payments'), noMethod.answer);
	});

	test('202 failed from the ledger rows the templates record (lost connection, register timeout, no outcome)', () => {
		const request = payment({ paymentId: 'p_9' });
		const claimed = claimedPayment(request);
		for (const [code, message] of [
			['LIGHTSPEED_DISCONNECTED', 'Reading the check: Session not active'],
			['PAYMENT_METHOD_NOT_FOUND', 'No Lightspeed payment method is chosen for card payments in this restaurant\'s settings.'],
			['NO_OUTCOME', 'No outcome from Lightspeed 2 minutes after the payment was sent, and check A65315.21 does not show it.'],
		] as const) {
			const columns = settledColumns(paymentColumns(request), 'failed', code, message, NOW);
			for (const row of [ledgerColumns('payments', columns) as LedgerRow, recorded(claimed, columns)]) {
				const answer = answerForRow('paymentSubmission', row, undefined);
				expect(answer).toEqual({ statusCode: 202, body: { paymentId: 'p_9', status: 'failed', reference: payRef('p_9'), error: code, message } });
				expectDocumented('POST', P('payments'), answer);
			}
			expectDocumented('GET', P('payments/p_9'), answerForRow('paymentStatus', recorded(claimed, columns), undefined));
		}
		// the register's own failure, recorded by the notifications workflow (errorCode + reason)
		const byNotification = { ...recorded(claimed, { ...paymentColumns(request), status: 'sent' }), status: 'failed', errorCode: 'POS_TIMEOUT', errorText: 'Not processed before validity ended', emailStatus: 'pending' };
		expectDocumented('POST', P('payments'), paymentSubmitAnswer(byNotification));
		expect(paymentView(byNotification)).toMatchObject({ status: 'failed', error: 'POS_TIMEOUT', message: 'Not processed before validity ended' });
		expectDocumented('GET', P('payments/p_9'), { statusCode: 200, body: paymentView(byNotification) });
		// a failure without words gets ours
		const silent = { ...byNotification, errorText: '' };
		expect(paymentView(silent).message).toBe(explainFailure('POS_TIMEOUT').why);
		expectDocumented('GET', P('payments/p_9'), { statusCode: 200, body: paymentView(silent) });
	});

	test('404 refused: no open check on the table, no such check, the check closed — nothing sent', async () => {
		tableChecks();
		const none = await apply(payment({ paymentId: 'p_10' }));
		expect(none.output).toBe(1);
		expect(none.answer).toEqual({
			statusCode: 404,
			body: { paymentId: 'p_10', status: 'refused', reference: payRef('p_10'), error: 'ACCOUNT_NOT_FOUND', message: 'There is no open check on table 12.' },
		});
		expectDocumented('POST', P('payments'), none.answer);
		expectDocumented('GET', P('payments/p_10'), answerForRow('paymentStatus', none.row, undefined));

		api().get('/o/op/1/order/accounts/A65315.99').query(true).reply(404, { message: 'Account not found' });
		const unknown = await apply(payment({ paymentId: 'p_11', tableNumber: null, checkId: 'A65315.99' }));
		expect(unknown.answer.statusCode).toBe(404);
		expectDocumented('POST', P('payments'), unknown.answer);

		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ checkId: 'A65315.21', tableNumber: 12, closeDate: '2026-11-27T18:00:00.000+0000' }));
		const closed = await apply(payment({ paymentId: 'p_12', tableNumber: null, checkId: 'A65315.21' }));
		expect(closed.answer.body).toMatchObject({ error: 'ACCOUNT_ALREADY_CLOSED' });
		expect(closed.answer.statusCode).toBe(404);
		expectDocumented('POST', P('payments'), closed.answer);
		expectDocumented('GET', P('payments/p_12'), answerForRow('paymentStatus', closed.row, undefined));
	});

	test('409 refused: more than what is left (with remaining), several open checks — nothing sent', async () => {
		tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12, currentAmount: '18.00' }));
		const tooMuch = await apply(payment({ paymentId: 'p_13' }));
		expect(tooMuch.answer).toEqual({
			statusCode: 409,
			body: {
				paymentId: 'p_13',
				status: 'refused',
				reference: payRef('p_13'),
				error: 'AMOUNT_EXCEEDS_REMAINING',
				message: 'The amount 20.00 is more than the 18.00 left on check A65315.21.',
				remaining: '18.00',
			},
		});
		expectDocumented('POST', P('payments'), tooMuch.answer);
		const status = answerForRow('paymentStatus', tooMuch.row, undefined);
		expect(status.body).toMatchObject({ status: 'refused', remaining: '18.00', tableNumber: 12 });
		expectDocumented('GET', P('payments/p_13'), status);

		tableChecks(snapshot({ checkId: 'A65315.21', tableNumber: 12 }), snapshot({ checkId: 'A65315.22', tableNumber: 12 }));
		const several = await apply(payment({ paymentId: 'p_14' }));
		expect(several.answer.statusCode).toBe(409);
		expect(several.answer.body).toMatchObject({ error: 'MULTIPLE_OPEN_CHECKS' });
		expect(several.answer.body).not.toHaveProperty('remaining');
		expectDocumented('POST', P('payments'), several.answer);
		expectDocumented('GET', P('payments/p_14'), answerForRow('paymentStatus', several.row, undefined));
	});

	test('a repeat: the same payment gets its current state; other details get 409 PAYMENT_ID_REUSED', async () => {
		const first = payment();
		const applied = recorded(claimedPayment(first), settledColumns(paymentColumns(first), 'applied', null, 'The payment is on check A65315.21.', NOW));
		// the "Check Request" item of the repeat, as the template passes it
		const item = async (body: IDataObject) => {
			const raw = JSON.stringify(body);
			const verdict = await verifyQodeupRequest({
				resource: 'payments',
				integrationId: INTEGRATION,
				method: 'POST',
				headers: qodeupHeaders('POST', P('payments'), raw),
				params: {},
				rawBody: Buffer.from(raw),
				credentialId: undefined,
				readCredential: async () => ({ signingSecret: QODEUP_SECRET }),
			});
			if (verdict.kind !== 'accept') throw new Error(verdict.kind);
			return acceptedItem(verdict.resource, verdict.integrationId, verdict.decision);
		};
		const same = answerForRow('paymentSubmission', applied, await item({ paymentId: 'p_1', tableNumber: 12, amount: 20, tipAmount: '1.5', method: 'card' }));
		expect(same).toEqual({ statusCode: 202, body: { paymentId: 'p_1', status: 'applied', reference: payRef('p_1') } });
		expectDocumented('POST', P('payments'), same);

		const other = answerForRow('paymentSubmission', applied, await item({ paymentId: 'p_1', checkId: 'A65315.21', amount: '10.00', method: 'voucher' }));
		expect(other.statusCode).toBe(409);
		expect(other.body).toMatchObject({
			error: 'PAYMENT_ID_REUSED',
			fields: ['amount', 'tipAmount', 'method', 'tableNumber', 'checkId'],
			firstPayment: { status: 'applied', amount: '20.00', tableNumber: 12, checkId: 'A65315.21', reference: payRef('p_1') },
		});
		expectDocumented('POST', P('payments'), other);

		// against a first payment in every state, including a retried one and a refused one
		const retried = { ...applied, ...nextAttemptColumns('payment', { ...applied, status: 'failed' }, NOW) };
		for (const row of [claimedPayment(first), applied, retried, recorded(claimedPayment(first), settledColumns(paymentColumns(first), 'refused', 'ACCOUNT_NOT_FOUND', 'There is no open check on table 12.', NOW))]) {
			const answer = paymentConflictAnswer(row, ['amount']);
			expectDocumented('POST', P('payments'), answer);
		}
	});

	test('a retried payment: status retried with attempt 2 and the next reference; the repeat of the request says pending', () => {
		const request = payment({ paymentId: 'p-1' });
		const failed = recorded(claimedPayment(request), settledColumns(paymentColumns(request), 'failed', 'POS_TIMEOUT', 'Not processed before validity ended', NOW));
		const retried = { ...failed, ...nextAttemptColumns('payment', failed, NOW) };
		const status = answerForRow('paymentStatus', retried, undefined);
		expect(status.body).toMatchObject({ status: 'retried', attempt: 2, reference: payRef('p-1', 2) });
		expect(status.body).not.toHaveProperty('error');
		expectDocumented('GET', P('payments/p-1'), status);
		const answer = paymentSubmitAnswer(retried);
		expect(answer.body).toMatchObject({ status: 'pending', reference: payRef('p-1', 2) });
		expectDocumented('POST', P('payments'), answer);
	});

	test('404 PAYMENT_NOT_FOUND for an unknown id; 503 LEDGER_FULL when n8n refuses to store it', () => {
		const missing = answerForRow('paymentStatus', {}, undefined);
		expect(missing.statusCode).toBe(404);
		expectDocumented('GET', P('payments/nope'), missing);
		expectDocumented('GET', P('payments/nope'), answerForRow('paymentStatus', undefined, undefined));
		const full = answerFromItem({ error: 'Data table size limit exceeded (50 MB)' }, 202, 502, 'LIGHTSPEED_UNAVAILABLE');
		expect(full).toMatchObject({ statusCode: 503, body: { error: 'LEDGER_FULL' } });
		expectDocumented('POST', P('payments'), full);
		// any other Data table failure is named as such, never as Lightspeed's
		const unavailable = answerFromItem({ error: 'Data table with name "qodeupLskPaymentLedger" not found' }, 202, 503, 'LEDGER_UNAVAILABLE');
		expect(unavailable).toMatchObject({ statusCode: 503, body: { error: 'LEDGER_UNAVAILABLE' } });
		expectDocumented('POST', P('payments'), unavailable);
	});
});

describe('OpenAPI answers: the order answers (POST orders, GET orders/{orderId})', () => {
	const sendParams = {
		resource: 'order',
		operation: 'send',
		businessLocationId: LOCATION_ID,
		restaurant: { cardPaymentMethod: 'QDCARD', voucherPaymentMethod: 'QDVOUCHER' },
		endpointId: 'QODEUP-DEMO',
		options: { maxTimeToAttemptMs: 120000 },
	};

	/** Order → Send on the claimed row; "Sent or Settled" and "Outcome Unknown" are both answered from the node's item. */
	async function send(request: OrderRequest, params: Record<string, unknown> = {}) {
		const claimed = claimedOrder(request);
		const outputs = await runLightspeed({ ...sendParams, ...params }, { items: [{ json: claimed }] });
		const output = outputs.findIndex((items) => items.length > 0);
		const columns = outputs[output][0].json;
		return { output, answer: answerForRow('orderSubmission', columns, undefined), row: { ...claimed, ...ledgerColumns('orders', columns), updatedAt: UPDATED_AT } as LedgerRow };
	}

	test('202 pending: sent (to a table, onto a check, to go); the status has the reference', async () => {
		for (const request of [order(), order({ orderId: 'o-2', tableNumber: null, checkId: 'A65315.21' }), order({ orderId: 'o-3', mode: 'to-go', tableNumber: null, payment: { amount: '12.60', tipAmount: '1.00', method: 'card' } })]) {
			api().post(request.mode === 'to-go' ? '/o/op/1/order/toGo' : '/o/op/1/order/local').reply(200, {});
			const { output, answer, row } = await send(request);
			expect(output).toBe(0);
			expect(answer.statusCode).toBe(202);
			expect(answer.body).toMatchObject({ orderId: request.orderId, status: 'pending' });
			expectDocumented('POST', P('orders'), answer);
			const status = answerForRow('orderStatus', row, undefined);
			expect(status.body).toMatchObject({ status: 'pending', reference: orderRef(request.orderId), mode: request.mode, attempt: 1 });
			expectDocumented('GET', P(`orders/${request.orderId}`), status);
		}
	});

	test('202 failed: Lightspeed refused it (an unknown SKU) or no payment method is set; 202 pending when unreachable', async () => {
		api().post('/o/op/1/order/local').reply(400, { message: 'Item with sku FOO not found' });
		const refused = await send(order({ orderId: 'o-4', items: [{ sku: 'FOO', quantity: 1, modifiers: [] }] }));
		// (recorded as INVALID_REQUEST today: the send does not classify Lightspeed's words)
		expect(refused.answer.body).toMatchObject({ status: 'failed', error: expect.any(String), message: expect.any(String) });
		expectDocumented('POST', P('orders'), refused.answer);
		const status = answerForRow('orderStatus', refused.row, undefined);
		expect(status.body).toMatchObject({ status: 'failed', reason: expect.stringContaining('FOO') });
		expectDocumented('GET', P('orders/o-4'), status);

		const { answer: noMethod } = await send(order({ orderId: 'o-5', mode: 'to-go', tableNumber: null, payment: { amount: '5.00', tipAmount: '0.00', method: 'voucher' } }), { restaurant: {} });
		expect(noMethod.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/^(SETTINGS_INCOMPLETE|PAYMENT_METHOD_NOT_FOUND)$/) });
		expectDocumented('POST', P('orders'), noMethod);

		api().post('/o/op/1/order/local').times(4).reply(502, { message: 'bad gateway' });
		const unreachable = await send(order({ orderId: 'o-6' }));
		expect(unreachable.output).toBe(1);
		expect(unreachable.answer).toEqual({ statusCode: 202, body: { orderId: 'o-6', status: 'pending' } });
		expectDocumented('POST', P('orders'), unreachable.answer);
	});

	test('every ledger status as the answer to a repeat and as the status', () => {
		const request = order();
		const sent = { ...claimedOrder(request), status: 'sent', reference: orderRef('o-1'), mode: 'eat-in', tableNumber: '12', itemCount: 1, businessLocationId: String(LOCATION_ID), sentAtMs: NOW };
		const rows: LedgerRow[] = [
			claimedOrder(request),
			sent,
			{ ...sent, status: 'accepted', accountId: 'A65315.30' },
			{ ...sent, status: 'closed', accountId: 'A65315.30' },
			{ ...sent, status: 'failed', errorCode: 'POS_TIMEOUT', errorText: 'Order not delivered before validity ended', emailStatus: 'pending' },
			{ ...sent, status: 'failed', errorCode: 'LIGHTSPEED_DISCONNECTED', errorText: '', emailStatus: 'pending' },
			{ ...sent, status: 'failed', errorCode: 'NO_OUTCOME', errorText: 'Lightspeed took the order but never said whether a register accepted it.', emailStatus: 'pending' },
			{ ...sent, status: 'failed', errorCode: 'ORDER_REFUSED', errorText: 'Kitchen closed', emailStatus: 'pending' },
		];
		for (const row of rows) {
			const same = orderRepeatAnswer(row, request);
			expect(same).toEqual(orderSubmitAnswer(row));
			expectDocumented('POST', P('orders'), same);
			expectDocumented('GET', P('orders/o-1'), answerForRow('orderStatus', row, undefined));
			const differing = orderRepeatAnswer(row, { ...request, note: 'Extra sauce', customer: { ...request.customer, phone: '+393331234567' } });
			expect(differing.statusCode).toBe(409);
			expect(differing.body).toMatchObject({ error: 'ORDER_ID_REUSED', fields: ['customer', 'note'] });
			expectDocumented('POST', P('orders'), differing);
		}
		expect(orderSubmitAnswer(rows[2]).body).toEqual({ orderId: 'o-1', status: 'accepted', checkId: 'A65315.30' });
	});

	test('a retried order: attempt 2 under QO<tag>-<orderId>-R2', () => {
		const request = order({ orderId: 'o-3', mode: 'to-go', tableNumber: null });
		const failed = { ...claimedOrder(request), status: 'failed', reference: orderRef('o-3'), errorCode: 'POS_TIMEOUT', errorText: 'timed out' };
		const retried = { ...failed, ...nextAttemptColumns('order', failed, NOW) };
		const status = orderView(retried);
		expect(status).toMatchObject({ status: 'pending', attempt: 2, reference: orderRef('o-3', 2), tableNumber: null, mode: 'to-go' });
		expect(status.reference).toBe(`QO${TAG}-o-3-R2`);
		expectDocumented('GET', P('orders/o-3'), { statusCode: 200, body: status });
		expectDocumented('POST', P('orders'), orderSubmitAnswer(retried));
	});

	test('404 ORDER_NOT_FOUND for an unknown id; 503 LEDGER_FULL when n8n refuses to store it', () => {
		const missing = answerForRow('orderStatus', {}, undefined);
		expect(missing).toEqual({ statusCode: 404, body: { error: 'ORDER_NOT_FOUND', message: 'No order with this ID was received for this restaurant' } });
		expectDocumented('GET', P('orders/nope'), missing);
		const full = answerFromItem({ error: 'Data table size limit exceeded' }, 202, 502, 'LIGHTSPEED_UNAVAILABLE');
		expectDocumented('POST', P('orders'), full);
		expectDocumented('POST', P('orders'), answerFromItem({ error: 'connection refused' }, 202, 503, 'LEDGER_UNAVAILABLE'));
	});
});

describe('OpenAPI answers: the callbacks (Qodeup Callback → Send), against `webhooks`', () => {
	const CALLBACK = 'https://api.qodeup.example/integrations/lightspeed/callback';

	async function sendCallback(payloadFrom: string, rows: IDataObject[], extra: Record<string, unknown> = {}) {
		nock('https://api.qodeup.example').post('/integrations/lightspeed/callback').times(rows.length).reply(200, { ok: true });
		const { context, sent } = createQodeupExecuteFunctions({
			params: { resource: 'callback', operation: 'send', payloadFrom, ...extra },
			credentials: { callbackUrl: CALLBACK },
			items: rows.map((json) => ({ json })),
		});
		await qodeupNode.execute.call(context);
		return sent.map((request) => JSON.parse(request.body as string) as { event: string; data: unknown });
	}

	test('payment.<status> with exactly the payment status', async () => {
		const request = payment();
		const claimed = claimedPayment(request);
		const rows = [
			recorded(claimed, settledColumns(paymentColumns(request), 'applied', null, 'The payment is on check A65315.21.', NOW)),
			recorded(claimed, settledColumns(paymentColumns(request), 'failed', 'POS_TIMEOUT', 'Not processed before validity ended', NOW)),
			recorded(claimed, settledColumns(paymentColumns(request), 'refused', 'AMOUNT_EXCEEDS_REMAINING', 'too much', NOW, { remaining: '3.00' })),
			recorded(claimed, { ...paymentColumns(request), status: 'sent' }),
		];
		const bodies = await sendCallback('paymentRow', rows);
		expect(bodies.map((body) => body.event)).toEqual(['payment.applied', 'payment.failed', 'payment.refused', 'payment.pending']);
		bodies.forEach((body, index) => {
			expect(body.data).toEqual(paymentView(rows[index]));
			expectCallback('paymentEvent', body);
		});
	});

	test('order.<status> with exactly the order status', async () => {
		const sent = { ...claimedOrder(order()), status: 'sent', reference: orderRef('o-1'), mode: 'eat-in', tableNumber: '12' };
		const rows = [{ ...sent, status: 'accepted', accountId: 'A65315.30' }, { ...sent, status: 'failed', errorCode: 'SKU_NOT_FOUND', errorText: 'sku FOO' }, { ...sent, status: 'closed' }];
		const bodies = await sendCallback('orderRow', rows);
		expect(bodies.map((body) => body.event)).toEqual(['order.accepted', 'order.failed', 'order.closed']);
		bodies.forEach((body) => expectCallback('orderEvent', body));
	});

	test('check.updated / check.closed with {integrationId, check}', async () => {
		api().get('/o/op/1/order/accounts/A65315.21').query(true).reply(200, snapshot({ checkId: 'A65315.21', tableNumber: 3, payments: [{ reference: payRef('p_1'), amount: '4.00' }] }));
		api().get('/o/op/1/order/accounts/A65315.22').query(true).reply(200, snapshot({ checkId: 'A65315.22', tableNumber: 5, closeDate: '2026-11-27T19:00:00.000+0000' }));
		const checks: IDataObject[] = [];
		for (const checkId of ['A65315.21', 'A65315.22']) {
			const [[item]] = await runLightspeed({ resource: 'check', operation: 'get', businessLocationId: LOCATION_ID, checkId });
			checks.push(item.json);
		}
		const bodies = await sendCallback('check', checks, { integrationId: INTEGRATION });
		expect(bodies.map((body) => body.event)).toEqual(['check.updated', 'check.closed']);
		bodies.forEach((body) => expectCallback('checkEvent', body));
	});
});

describe('OpenAPI answers: the document names the codes the code has', () => {
	test('FailureCode lists exactly the failure codes of nodes/shared/failureReasons.ts', () => {
		const source = readFileSync(path.resolve(__dirname, '..', '..', '..', 'nodes', 'shared', 'failureReasons.ts'), 'utf8');
		const union = /export type FailureCode =([\s\S]*?);/.exec(source)![1];
		const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]).sort();
		const documented = ((doc.components as Json).schemas as Json).FailureCode as { enum: string[] };
		expect([...documented.enum].sort()).toEqual(codes);
		for (const code of documented.enum) expect([code, isFailureCode(code)]).toEqual([code, true]);
	});

	test('the refusal codes of each status are the ones failureReasons gives that status', () => {
		const schemas = (doc.components as Json).schemas as Record<string, { properties: { error: { enum: string[] } } }>;
		for (const code of schemas.PaymentNotPlaced.properties.error.enum) expect([code, explainFailure(code).answerStatus]).toEqual([code, 404]);
		for (const code of schemas.PaymentRefused.properties.error.enum) expect([code, explainFailure(code).answerStatus]).toEqual([code, 409]);
	});
});

it('OpenAPI answers: every answer the document declares (except n8n\'s own) was reached by a real answer', () => {
	if (executedTests < declaredTests) return; // a -t subset ran: nothing to conclude
	const missing: string[] = [];
	for (const { template, item } of routes) {
		for (const [method, operation] of Object.entries(item)) {
			if (method === 'parameters' || method === 'head') continue;
			for (const status of Object.keys((operation as Json).responses as Json)) {
				const key = `${method.toUpperCase()} ${template} ${status}`;
				const response = follow(['paths', template, method, 'responses', status]);
				const schemaPointer = [...response.pointer, 'content', 'application/json', 'schema'];
				const schema = follow(schemaPointer);
				const isN8n = (pointer: string[]) => /^N8n/.test(pointer[pointer.length - 1]);
				const branches = (schema.value.oneOf ?? []) as Json[];
				if (!branches.length) {
					if (!isN8n(schema.pointer) && !coverage.get(key)?.has('*')) missing.push(key);
					continue;
				}
				branches.forEach((branch, index) => {
					const target = typeof branch.$ref === 'string' ? refPointer(branch.$ref) : [];
					if (!isN8n(target) && !coverage.get(key)?.has(String(index))) missing.push(`${key} oneOf[${index}] ${target.at(-1) ?? ''}`);
				});
			}
		}
	}
	for (const webhook of Object.keys(doc.webhooks as Json)) if (!coverage.has(`webhook ${webhook}`)) missing.push(`webhook ${webhook}`);
	expect(missing).toEqual([]);
});
