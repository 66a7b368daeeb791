/**
 * The Qodeup-facing OpenAPI document (openapi/qodeup-integration.yml): it parses, every
 * example (requests, answers, callbacks) matches its own schema — with the 2020-12 validator
 * and with the draft-07 one the e2e suite checks live answers with — every schema is used and
 * every alternative of an answer has an example, examples carry the references the code really
 * builds, the request validation agrees with the schemas, and the front door is described as it
 * is (each route: its method plus HEAD, no 405). The answers the code builds are checked
 * against the document in test/unit/qodeup/openapi-answers.test.ts.
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

import { orderReference } from '../../nodes/shared/orders';
import { buildPaymentReference, referenceTag } from '../../nodes/shared/paymentReference';
import { handleQodeupRequest } from '../../nodes/Qodeup/shared/request/handleRequest';
import type { QodeupRejection } from '../../nodes/Qodeup/shared/request/handleRequest';
import { ROUTES, signedPath } from '../../nodes/Qodeup/shared/request/routes';
import type { QodeupResource } from '../../nodes/Qodeup/shared/request/routes';
import { validateOrderBody, validatePaymentBody } from '../../nodes/Qodeup/shared/request/validation';
import { QODEUP_SECRET, qodeupHeaders } from '../helpers/qodeupSigning';

type Json = Record<string, unknown>;

const DOC_PATH = path.resolve(__dirname, '..', '..', 'openapi', 'qodeup-integration.yml');
const doc = parse(readFileSync(DOC_PATH, 'utf8')) as Json;
const components = doc.components as Json;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, multipleOfPrecision: 9 });
addFormats(ajv);
ajv.addSchema(doc, 'qodeup');

// What test/e2e/helpers/contract.js does: draft-07 Ajv, components registered as one document.
const ajv07 = new Ajv({ strict: false, allErrors: true });
addFormats(ajv07);
ajv07.addSchema({ $id: 'qodeup.json', components: doc.components });

function at(pointer: string[]): unknown {
	return pointer.reduce<unknown>((current, part) => (current as Json | undefined)?.[part], doc);
}

function escapePointer(part: string): string {
	return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function validatorFor(pointer: string[]) {
	return ajv.compile({ $ref: `qodeup#/${pointer.map(escapePointer).join('/')}` });
}

const validators07 = new Map<string, ReturnType<typeof ajv07.compile>>();
function validator07For(pointer: string[]) {
	const key = pointer.join('\u0000');
	if (!validators07.has(key)) {
		const schema = JSON.parse(JSON.stringify(at(pointer)).replace(/"\$ref":"#\//g, '"$ref":"qodeup.json#/')) as Json;
		validators07.set(key, ajv07.compile(schema));
	}
	return validators07.get(key)!;
}

function resolve(value: unknown): Json {
	let current = value as Json;
	while (current && typeof current.$ref === 'string') {
		current = at((current.$ref as string).replace(/^#\//, '').split('/')) as Json;
	}
	return current;
}

const TABLES = '/qodeup/{integrationId}/tables';
const TABLE = '/qodeup/{integrationId}/tables/{tableNumber}';
const PAYMENTS = '/qodeup/{integrationId}/payments';
const PAYMENT_STATUS = '/qodeup/{integrationId}/payments/{paymentId}';
const ORDERS = '/qodeup/{integrationId}/orders';
const ORDER_STATUS = '/qodeup/{integrationId}/orders/{orderId}';
const ROUTE_OF: Array<[QodeupResource, string]> = [
	['tables', TABLES],
	['table', TABLE],
	['payments', PAYMENTS],
	['paymentStatus', PAYMENT_STATUS],
	['orders', ORDERS],
	['orderStatus', ORDER_STATUS],
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface MediaCase {
	where: string;
	/** Pointer of the media type object (its `schema` is what the examples must match). */
	mediaPointer: string[];
	media: Json;
}

/** Every JSON media type of a request, answer or callback, with its pointer. */
function mediaTypes(): MediaCase[] {
	const cases: MediaCase[] = [];
	const visitOperation = (where: string, base: string[], op: Json) => {
		const body = op.requestBody as Json | undefined;
		if (body) {
			const pointer = [...base, 'requestBody', 'content', 'application/json'];
			cases.push({ where: `${where} request`, mediaPointer: pointer, media: at(pointer) as Json });
		}
		for (const [status, response] of Object.entries((op.responses ?? {}) as Json)) {
			const pointer = (response as Json).$ref
				? ((response as Json).$ref as string).replace(/^#\//, '').split('/')
				: [...base, 'responses', status];
			const media = (resolve(response).content as Json | undefined)?.['application/json'] as Json | undefined;
			if (media) cases.push({ where: `${where} ${status}`, mediaPointer: [...pointer, 'content', 'application/json'], media });
		}
	};
	for (const [section, prefix] of [
		['paths', ''],
		['webhooks', 'webhook '],
	] as const) {
		for (const [route, item] of Object.entries(doc[section] as Json)) {
			for (const [method, operation] of Object.entries(item as Json)) {
				if (!METHODS.includes(method)) continue;
				visitOperation(`${prefix}${method.toUpperCase()} ${route}`, [section, route, method], operation as Json);
			}
		}
	}
	return cases;
}

interface ExampleCase {
	where: string;
	schemaPointer: string[];
	value: unknown;
}

function examplesOf(cases: MediaCase[]): ExampleCase[] {
	return cases.flatMap(({ where, mediaPointer, media }) =>
		Object.entries((media.examples ?? {}) as Json).map(([name, example]) => ({
			where: `${where} ${name}`,
			schemaPointer: [...mediaPointer, 'schema'],
			value: resolve(example).value,
		})),
	);
}

/** Names of the component schemas reachable from `value` through $ref. */
function reachableSchemas(value: unknown, seen = new Set<string>()): Set<string> {
	if (Array.isArray(value)) value.forEach((entry) => reachableSchemas(entry, seen));
	else if (value && typeof value === 'object') {
		for (const [key, child] of Object.entries(value)) {
			if (key === '$ref' && typeof child === 'string') {
				const match = /^#\/components\/schemas\/(.+)$/.exec(child);
				if (match && !seen.has(match[1])) {
					seen.add(match[1]);
					reachableSchemas((components.schemas as Json)[match[1]], seen);
				} else if (!match) reachableSchemas(at(child.replace(/^#\//, '').split('/')), seen);
			} else reachableSchemas(child, seen);
		}
	}
	return seen;
}

const media = mediaTypes();
const examples = examplesOf(media);

describe('openapi/qodeup-integration.yml', () => {
	it('is an OpenAPI 3.1 document with the six routes and the signing headers', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths as Json).sort()).toEqual(ROUTE_OF.map(([, route]) => route).sort());
		const schemes = components.securitySchemes as Json;
		expect((schemes.qodeupTimestamp as Json).name).toBe('X-Qodeup-Timestamp');
		expect((schemes.qodeupSignature as Json).name).toBe('X-Qodeup-Signature');
	});

	it('has no dangling $ref', () => {
		const refs: string[] = [];
		const walk = (value: unknown) => {
			if (Array.isArray(value)) value.forEach(walk);
			else if (value && typeof value === 'object') {
				for (const [key, child] of Object.entries(value)) {
					if (key === '$ref' && typeof child === 'string') refs.push(child);
					else walk(child);
				}
			}
		};
		walk(doc);
		expect(refs.length).toBeGreaterThan(20);
		for (const ref of refs) expect([ref, at(ref.replace(/^#\//, '').split('/'))]).not.toEqual([ref, undefined]);
	});

	it('documents each route with the method the workflows register, plus HEAD (unsigned, 200, no body)', () => {
		for (const [resource, route] of ROUTE_OF) {
			const item = (doc.paths as Json)[route] as Json;
			expect([route, Object.keys(item).filter((key) => METHODS.includes(key)).sort()]).toEqual([
				route,
				[ROUTES[resource].method.toLowerCase(), 'head'].sort(),
			]);
			const head = item.head as Json;
			expect(head.security).toEqual([]);
			expect(Object.keys(head.responses as Json)).toEqual(['200']);
			expect(((head.responses as Json)['200'] as Json).content).toBeUndefined();
		}
	});

	it('has no 405 and no MethodNotAllowed any more (a wrong method gets n8n\'s 404)', () => {
		for (const item of Object.values(doc.paths as Json)) {
			for (const [method, operation] of Object.entries(item as Json)) {
				if (METHODS.includes(method)) expect(Object.keys(((operation as Json).responses ?? {}) as Json)).not.toContain('405');
			}
		}
		expect(JSON.stringify(doc)).not.toMatch(/MethodNotAllowed|METHOD_NOT_ALLOWED/);
		expect((doc.info as Json).description).toMatch(/This webhook is not registered for <METHOD> requests/);
	});

	it('declares on every signed operation the answers every request can get (401, 500, n8n\'s 404 and 422)', () => {
		for (const [, route] of ROUTE_OF) {
			const item = (doc.paths as Json)[route] as Json;
			for (const [method, operation] of Object.entries(item)) {
				if (!METHODS.includes(method) || method === 'head') continue;
				const responses = (operation as Json).responses as Json;
				for (const status of ['401', '404', '422', '500']) expect([route, status, responses[status]]).not.toEqual([route, status, undefined]);
			}
		}
	});

	it('has examples for requests, answers and callbacks', () => {
		expect(examples.length).toBeGreaterThanOrEqual(60);
		expect(examples.filter((example) => example.where.startsWith('webhook')).length).toBeGreaterThanOrEqual(3);
	});

	it.each(examples.map((example) => [example.where, example] as const))('example %s matches its schema', (_where, example) => {
		const validate = validatorFor(example.schemaPointer);
		const ok = validate(example.value);
		expect(validate.errors ?? []).toEqual([]);
		expect(ok).toBe(true);
		// and with the draft-07 validator the e2e suite uses on live answers
		const validate07 = validator07For(example.schemaPointer);
		expect([validate07(example.value), validate07.errors ?? []]).toEqual([true, []]);
	});

	it('uses every component schema (no leftovers)', () => {
		const used = reachableSchemas({ paths: doc.paths, webhooks: doc.webhooks });
		expect(Object.keys(components.schemas as Json).filter((name) => !used.has(name))).toEqual([]);
	});

	it('gives every alternative of every answer at least one example', () => {
		const missing: string[] = [];
		for (const { where, mediaPointer, media: mediaType } of media) {
			if (where.endsWith('request')) continue;
			const schema = resolve(mediaType.schema);
			const exampleValues = Object.values((mediaType.examples ?? {}) as Json).map((example) => resolve(example).value);
			if (!exampleValues.length) missing.push(`${where}: no example`);
			const schemaRef = (mediaType.schema as Json).$ref as string | undefined;
			const schemaPointer = schemaRef ? schemaRef.replace(/^#\//, '').split('/') : [...mediaPointer, 'schema'];
			((schema.oneOf ?? []) as unknown[]).forEach((_branch, index) => {
				const branch = validatorFor([...schemaPointer, 'oneOf', String(index)]);
				if (!exampleValues.some((value) => branch(value))) missing.push(`${where}: oneOf[${index}]`);
			});
		}
		expect(missing).toEqual([]);
	});

	it('shows references in the formats the code builds for its example restaurant (Q<tag>-/QH<tag>- for payments, QO<tag>-<orderId>[-R<n>] for orders)', () => {
		// the examples are those of the restaurant the document takes as its example (demo-bistro)
		const integrationId = ((components.parameters as Json).IntegrationId as Json).example as string;
		expect(integrationId).toBe('demo-bistro');
		const tag = referenceTag(integrationId);
		const seen: string[] = [];
		const walk = (value: unknown, parent?: Json) => {
			if (Array.isArray(value)) value.forEach((entry) => walk(entry, parent));
			else if (value && typeof value === 'object') {
				const object = value as Json;
				const paymentId = (object.paymentId ?? parent?.paymentId) as string | undefined;
				if (typeof object.reference === 'string' && typeof paymentId === 'string' && (object.status !== undefined || object.paymentId)) {
					expect([paymentId, object.reference]).toEqual([paymentId, buildPaymentReference(paymentId, Number(object.attempt ?? 1), integrationId)]);
					seen.push(object.reference);
				}
				if (typeof object.reference === 'string' && typeof object.orderId === 'string') {
					expect([object.orderId, object.reference]).toEqual([object.orderId, orderReference(object.orderId, Number(object.attempt ?? 1), integrationId)]);
					seen.push(object.reference);
				}
				for (const child of Object.values(object)) walk(child, object);
			}
		};
		walk(examples.filter((example) => !example.where.endsWith('request') && !/request /.test(example.where)).map((example) => example.value));
		expect(seen.some((reference) => reference.startsWith(`QH${tag}-`))).toBe(true);
		expect(seen.some((reference) => new RegExp(`^Q${tag}-p_\\d+-1$`).test(reference))).toBe(true);
		expect(seen).toContain(orderReference('o-3', 2, integrationId));
	});
});

describe('OpenAPI: the request validation and the document agree on request bodies', () => {
	const cases: Array<[string, string, (body: unknown) => { ok: boolean; problems?: Array<{ field: string }> }]> = [
		['payment', PAYMENTS, validatePaymentBody],
		['order', ORDERS, validateOrderBody],
	];
	for (const [name, route, validateBody] of cases) {
		const pointer = ['paths', route, 'post', 'requestBody', 'content', 'application/json'];
		const mediaType = at(pointer) as Json;
		const schemaValidator = validatorFor([...pointer, 'schema']);
		const valid = Object.entries(mediaType.examples as Json).map(([key, example]) => [key, (example as Json).value] as const);
		const invalid = Object.entries(at(['paths', route, 'post', 'x-invalid-examples']) as Json).map(
			([key, example]) => [key, (example as Json).value, (example as Json).field as string] as const,
		);

		it.each(valid)(`accepts the valid ${name} example %s`, (_key, value) => {
			expect(schemaValidator(value)).toBe(true);
			expect(validateBody(value)).toMatchObject({ ok: true });
		});

		it.each(invalid)(`refuses the invalid ${name} example %s, naming the field`, (_key, value, field) => {
			expect(schemaValidator(value)).toBe(false);
			const result = validateBody(value);
			expect(result.ok).toBe(false);
			expect(result.problems?.map((problem) => problem.field)).toContain(field);
		});
	}

	it('normalises the example phones to E.164 as the description says', () => {
		const phones = Object.values(at(['paths', ORDERS, 'post', 'requestBody', 'content', 'application/json', 'examples']) as Json).map((example) => {
			const result = validateOrderBody((example as Json).value);
			return result.ok ? result.value.customer.phone : undefined;
		});
		expect(phones).toEqual(['+32470123456', '+393331234567', '+14155550132']);
		expect(String(at(['paths', ORDERS, 'post', 'description']))).toContain('`0039 333 123-4567` → `+393331234567`');
	});
});

describe('OpenAPI: the Check Request answers match the documented responses', () => {
	function reject(resource: QodeupResource, options: { body?: string; headers?: Record<string, string>; params?: Record<string, string> }) {
		const method = ROUTES[resource].method;
		const body = options.body ?? '';
		const params = options.params ?? {};
		const decision = handleQodeupRequest({
			resource,
			integrationId: 'demo-bistro',
			secret: QODEUP_SECRET,
			method,
			headers: options.headers ?? qodeupHeaders(method, signedPath(resource, 'demo-bistro', params), body),
			params,
			rawBody: Buffer.from(body),
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		expect(decision.kind).toBe('reject');
		return decision as QodeupRejection;
	}

	it.each<[string, () => QodeupRejection, string, string]>([
		['401 payments', () => reject('payments', { body: '{}', headers: {} }), PAYMENTS, 'post'],
		['401 tables', () => reject('tables', { headers: {} }), TABLES, 'get'],
		['400', () => reject('payments', { body: '{"a":' }), PAYMENTS, 'post'],
		['413', () => reject('orders', { body: `{"x":"${'x'.repeat(70000)}"}` }), ORDERS, 'post'],
		['422 body', () => reject('payments', { body: '{"amount":"1.001"}' }), PAYMENTS, 'post'],
		['422 phone', () => reject('orders', { body: '{"orderId":"o-1","mode":"to-go","items":[{"sku":"A","quantity":1}],"customer":{"firstName":"A","phone":"0470 12 34 56"}}' }), ORDERS, 'post'],
		['422 table path', () => reject('table', { params: { tableNumber: 'x' } }), TABLE, 'get'],
		['422 order path', () => reject('orderStatus', { params: { orderId: 'o 1' } }), ORDER_STATUS, 'get'],
	])('%s', (_name, make, route, method) => {
		const decision = make();
		const pointer = ['paths', route, method, 'responses', String(decision.status)];
		const response = at(pointer) as Json | undefined;
		expect(response).toBeDefined();
		const schemaPointer = response!.$ref
			? [...(response!.$ref as string).replace(/^#\//, '').split('/'), 'content', 'application/json', 'schema']
			: [...pointer, 'content', 'application/json', 'schema'];
		const validate = validatorFor(schemaPointer);
		expect(validate(decision.body)).toBe(true);
		expect(validate.errors ?? []).toEqual([]);
	});
});
