/**
 * Validators for request bodies we send to Lightspeed, built from the committed extract of the
 * official K-Series OpenAPI documents: test/contract/lightspeed-openapi/*.json (paths,
 * operations, parameters, bodies, responses and component schemas, with the prose removed).
 * The extract is made from Lightspeed's published files by
 * scripts/specs/extract-lightspeed-contract.mjs (`--check` tells whether it is current); the
 * tests read only the extract, so they need nothing beside the clone.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Where the published YAML files live when they are at hand (only the extractor reads them). */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
/** The committed extract the tests validate against. */
export const LIGHTSPEED_SPEC_DIR = path.resolve(REPO_ROOT, 'test', 'contract', 'lightspeed-openapi');

/** Spec name → Lightspeed's published file; its extract is the same name with `.json`. */
export const SPEC_FILES = {
	orderAndPay: 'lightspeed-order-and-pay-api-openapi.yml',
	webhook: 'lightspeed-order-and-pay-webhook-api-openapi.yml',
	financial: 'lightspeed-financial-api-openapi.yml',
	staff: 'lightspeed-staff-api-openapi.yml',
} as const;

export type SpecName = keyof typeof SPEC_FILES;

export function extractFile(name: SpecName): string {
	return path.join(LIGHTSPEED_SPEC_DIR, SPEC_FILES[name].replace(/\.yml$/, '.json'));
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const cache = new Map<SpecName, JsonObject>();

export function loadSpec(name: SpecName): JsonObject {
	const hit = cache.get(name);
	if (hit) return hit;
	const doc = JSON.parse(readFileSync(extractFile(name), 'utf8')) as JsonObject;
	cache.set(name, doc);
	return doc;
}

let ajv: Ajv2020 | undefined;

function getAjv(): Ajv2020 {
	if (ajv) return ajv;
	ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
	addFormats(ajv);
	const integer = (value: number) => Number.isInteger(value);
	ajv.addFormat('int32', { type: 'number', validate: (value: number) => integer(value) && Math.abs(value) <= 2 ** 31 });
	ajv.addFormat('int64', { type: 'number', validate: integer });
	ajv.addFormat('float', { type: 'number', validate: () => true });
	ajv.addFormat('double', { type: 'number', validate: () => true });
	for (const name of Object.keys(SPEC_FILES) as SpecName[]) ajv.addSchema(loadSpec(name), `lsk-${name}`);
	return ajv;
}

function pointer(parts: string[]): string {
	return parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** The named request bodies the node and the trigger send, with where their schema lives. */
export const BODY_SCHEMAS = {
	/** POST /o/op/1/pay */
	apeStandalonePayment: { spec: 'orderAndPay', ref: ['components', 'schemas', 'apeStandalonePayment'] },
	/** POST /o/op/1/order/local (inline schema, operationId apeLocalOrder) */
	apeLocalOrder: {
		spec: 'orderAndPay',
		ref: ['paths', '/o/op/1/order/local', 'post', 'requestBody', 'content', 'application/json', 'schema'],
	},
	/** POST /o/op/1/order/toGo */
	apeToGoOrder: {
		spec: 'orderAndPay',
		ref: ['paths', '/o/op/1/order/toGo', 'post', 'requestBody', 'content', 'application/json', 'schema'],
	},
	/** POST /o/op/1/printMsg */
	printMsg: {
		spec: 'orderAndPay',
		ref: ['paths', '/o/op/1/printMsg', 'post', 'requestBody', 'content', 'application/json', 'schema'],
	},
	/** PUT / POST /o/wh/1/webhook (webhookEndpointDto) */
	apeWebhookEndpoint: { spec: 'webhook', ref: ['components', 'schemas', 'apeWebhookEndpoint'] },
} as const satisfies Record<string, { spec: SpecName; ref: string[] }>;

export type BodySchemaName = keyof typeof BODY_SCHEMAS;

/** The raw schema object (with $refs unresolved) for a named body. */
export function bodySchema(name: BodySchemaName): JsonObject {
	const { spec, ref } = BODY_SCHEMAS[name];
	let current: unknown = loadSpec(spec);
	for (const part of ref) {
		if (!isObject(current)) throw new Error(`Spec path ${ref.join(' > ')} not found`);
		current = current[part];
	}
	if (!isObject(current)) throw new Error(`Spec path ${ref.join(' > ')} is not a schema`);
	return current;
}

const validators = new Map<BodySchemaName, ValidateFunction>();

export function bodyValidator(name: BodySchemaName): ValidateFunction {
	const hit = validators.get(name);
	if (hit) return hit;
	const { spec, ref } = BODY_SCHEMAS[name];
	const validate = getAjv().compile({ $ref: `lsk-${spec}#/${pointer(ref)}` });
	validators.set(name, validate);
	return validate;
}

/** Top-level keys the schema does not declare (the specs allow extra keys; we do not). */
export function undeclaredProperties(name: BodySchemaName, body: unknown): string[] {
	const schema = bodySchema(name);
	if (!isObject(body) || !isObject(schema.properties)) return [];
	return Object.keys(body).filter((key) => !(key in (schema.properties as JsonObject)));
}

export interface BodyCheck {
	valid: boolean;
	errors: ErrorObject[];
	undeclared: string[];
}

export function checkBody(name: BodySchemaName, body: unknown): BodyCheck {
	const validate = bodyValidator(name);
	const valid = validate(body) === true;
	const undeclared = undeclaredProperties(name, body);
	return { valid: valid && undeclared.length === 0, errors: validate.errors ? [...validate.errors] : [], undeclared };
}

/** Jest-friendly: throws with a readable message when the body breaks the contract. */
export function assertBodyMatchesContract(name: BodySchemaName, body: unknown): void {
	const result = checkBody(name, body);
	if (!result.valid) {
		const errors = result.errors.map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
		throw new Error(
			`Body does not match ${name}: ${errors}${result.undeclared.length ? ` undeclared: ${result.undeclared.join(', ')}` : ''}\n${JSON.stringify(body)}`,
		);
	}
}
