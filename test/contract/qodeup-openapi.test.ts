/**
 * The Qodeup-facing OpenAPI document (openapi/qodeup-integration.yml): it parses, every
 * example matches its own schema, the trigger's validation agrees with the schemas on every
 * request example, and the answers the trigger writes itself match the documented responses.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

import { handleQodeupRequest } from '../../nodes/Qodeup/shared/request/handleRequest';
import type { QodeupRejection } from '../../nodes/Qodeup/shared/request/handleRequest';
import { ROUTES, signedPath } from '../../nodes/Qodeup/shared/request/routes';
import type { QodeupResource } from '../../nodes/Qodeup/shared/request/routes';
import { validateOrderBody, validatePaymentBody } from '../../nodes/Qodeup/shared/request/validation';
import { QODEUP_SECRET, qodeupHeaders } from '../helpers/qodeupSigning';

type Json = Record<string, unknown>;

const DOC_PATH = path.resolve(__dirname, '..', '..', 'openapi', 'qodeup-integration.yml');
const doc = parse(readFileSync(DOC_PATH, 'utf8')) as Json;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, multipleOfPrecision: 9 });
addFormats(ajv);
ajv.addSchema(doc, 'qodeup');

function at(pointer: string[]): unknown {
	return pointer.reduce<unknown>((current, part) => (current as Json | undefined)?.[part], doc);
}

function escapePointer(part: string): string {
	return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function validatorFor(pointer: string[]) {
	return ajv.compile({ $ref: `qodeup#/${pointer.map(escapePointer).join('/')}` });
}

function resolve(value: unknown): Json {
	let current = value as Json;
	while (current && typeof current.$ref === 'string') {
		current = at((current.$ref as string).replace(/^#\//, '').split('/')) as Json;
	}
	return current;
}

const PAYMENTS = '/qodeup/{integrationId}/payments';
const ORDERS = '/qodeup/{integrationId}/orders';

interface ExampleCase {
	where: string;
	schemaPointer: string[];
	value: unknown;
}

/** Every example under a media type, with the pointer of the schema it must match. */
function mediaExamples(): ExampleCase[] {
	const cases: ExampleCase[] = [];
	const visit = (media: Json, pointer: string[], where: string) => {
		const examples = (media.examples ?? {}) as Json;
		for (const [name, example] of Object.entries(examples)) {
			cases.push({ where: `${where} ${name}`, schemaPointer: [...pointer, 'schema'], value: resolve(example).value });
		}
	};
	const paths = doc.paths as Json;
	for (const [route, item] of Object.entries(paths)) {
		for (const [method, operation] of Object.entries(item as Json)) {
			if (method === 'parameters') continue;
			const op = operation as Json;
			const body = op.requestBody as Json | undefined;
			if (body) {
				visit(
					(body.content as Json)['application/json'] as Json,
					['paths', route, method, 'requestBody', 'content', 'application/json'],
					`${method.toUpperCase()} ${route} request`,
				);
			}
			for (const [status, response] of Object.entries((op.responses ?? {}) as Json)) {
				const pointer = (response as Json).$ref
					? ((response as Json).$ref as string).replace(/^#\//, '').split('/')
					: ['paths', route, method, 'responses', status];
				const resolved = resolve(response);
				const media = (resolved.content as Json | undefined)?.['application/json'] as Json | undefined;
				if (media) visit(media, [...pointer, 'content', 'application/json'], `${method.toUpperCase()} ${route} ${status}`);
			}
		}
	}
	return cases;
}

describe('openapi/qodeup-integration.yml', () => {
	it('is an OpenAPI 3.1 document with the five routes and the signing headers', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths as Json).sort()).toEqual(
			[
				'/qodeup/{integrationId}/orders',
				'/qodeup/{integrationId}/payments',
				'/qodeup/{integrationId}/payments/{paymentId}',
				'/qodeup/{integrationId}/tables',
				'/qodeup/{integrationId}/tables/{tableNumber}',
			].sort(),
		);
		const schemes = (doc.components as Json).securitySchemes as Json;
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

	it('documents each route with the method the trigger registers', () => {
		const routes: Array<[QodeupResource, string]> = [
			['tables', '/qodeup/{integrationId}/tables'],
			['table', '/qodeup/{integrationId}/tables/{tableNumber}'],
			['payments', PAYMENTS],
			['paymentStatus', '/qodeup/{integrationId}/payments/{paymentId}'],
			['orders', ORDERS],
		];
		for (const [resource, route] of routes) {
			expect(Object.keys((doc.paths as Json)[route] as Json).filter((key) => key !== 'parameters')).toEqual([
				ROUTES[resource].method.toLowerCase(),
			]);
		}
	});

	const examples = mediaExamples();
	it('has examples for requests and answers', () => {
		expect(examples.length).toBeGreaterThanOrEqual(20);
	});
	it.each(examples.map((example) => [example.where, example] as const))('example %s matches its schema', (_where, example) => {
		const validate = validatorFor(example.schemaPointer);
		const ok = validate(example.value);
		expect(validate.errors ?? []).toEqual([]);
		expect(ok).toBe(true);
	});
});

describe('the trigger and the document agree on request bodies', () => {
	const cases: Array<[string, string, (body: unknown) => { ok: boolean; problems?: Array<{ field: string }> }]> = [
		['payment', PAYMENTS, validatePaymentBody],
		['order', ORDERS, validateOrderBody],
	];
	for (const [name, route, validateBody] of cases) {
		const pointer = ['paths', route, 'post', 'requestBody', 'content', 'application/json'];
		const media = at(pointer) as Json;
		const schemaValidator = validatorFor([...pointer, 'schema']);
		const valid = Object.entries(media.examples as Json).map(([key, example]) => [key, (example as Json).value] as const);
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
});

describe("the trigger's own answers match the documented responses", () => {
	function reject(resource: QodeupResource, options: { method?: string; body?: string; headers?: Record<string, string>; params?: Record<string, string> }) {
		const method = options.method ?? ROUTES[resource].method;
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

	const responsePointer = (name: string) => ['components', 'responses', name, 'content', 'application/json', 'schema'];

	it.each<[string, () => QodeupRejection, number, string]>([
		['401', () => reject('payments', { body: '{}', headers: {} }), 401, 'Unauthorized'],
		['400', () => reject('payments', { body: '{"a":' }), 400, 'MalformedJson'],
		['405', () => reject('payments', { method: 'PUT' }), 405, 'MethodNotAllowed'],
		['413', () => reject('orders', { body: `{"x":"${'x'.repeat(70000)}"}` }), 413, 'PayloadTooLarge'],
		['422 body', () => reject('payments', { body: '{"amount":"1.001"}' }), 422, 'ValidationFailed'],
		['422 path', () => reject('table', { params: { tableNumber: 'x' } }), 422, 'ValidationFailed'],
	])('%s', (_name, make, status, response) => {
		const decision = make();
		expect(decision.status).toBe(status);
		const validate = validatorFor(responsePointer(response));
		expect(validate(decision.body)).toBe(true);
		expect(validate.errors ?? []).toEqual([]);
		expect(at(['paths', PAYMENTS, 'post', 'responses', String(status)])).toBeDefined();
	});
});
