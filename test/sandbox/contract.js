'use strict';
// Validators built from Lightspeed's published OpenAPI documents, read from their committed
// extract in test/contract/lightspeed-openapi/ (made by scripts/specs/extract-lightspeed-contract.mjs:
// the documents' paths, operations, bodies, responses and schemas without their prose).
//
// How the documents are adapted (and nothing else):
// - OpenAPI-only keywords are dropped (`example`, `discriminator`, `xml`, `externalDocs`) and
//   `nullable: true` becomes a JSON-Schema type union with "null".
// - Money: the schemas type the check amounts as `number`, but every official example sends
//   them as decimal strings ("8.05"), and so does the sandbox. Only those money fields
//   (apeAccountSnapshot currentAmount/paidAmount/serviceCharge, apeAccountLineItem
//   unitAmount/amountWithTax/amountLessTax/discountedAmount, apeAccountPaymentLine
//   amountPaid) are relaxed to number OR a string matching ^-?\d+\.\d{2}$.
// - The ORDER notification's status enum lacks CHECK_WAS_UPDATED although the official
//   examples and the webhook API ("always sent: Account CLOSED and CHECK_WAS_UPDATED") use
//   it; it is added to that enum.
// On top of schema validation, `undeclared()` lists fields the sandbox sends that the
// contract does not declare (the schemas are open, so ajv alone would not notice invented
// field names).

const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const repoRoot = path.resolve(__dirname, '..', '..');
const SPECS = path.resolve(repoRoot, 'test', 'contract', 'lightspeed-openapi');

// Spec name → Lightspeed's published file (the $id of its schemas); its extract is <name>.json.
const FILES = {
	orderAndPay: 'lightspeed-order-and-pay-api-openapi.yml',
	webhook: 'lightspeed-order-and-pay-webhook-api-openapi.yml',
	financial: 'lightspeed-financial-api-openapi.yml',
	staff: 'lightspeed-staff-api-openapi.yml',
};

const MONEY = {
	apeAccountSnapshot: ['currentAmount', 'paidAmount', 'serviceCharge'],
	apeAccountLineItem: ['unitAmount', 'amountWithTax', 'amountLessTax', 'discountedAmount'],
	apeAccountPaymentLine: ['amountPaid'],
};
const MONEY_STRING = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' }] };

// Fields the official examples use although the schemas do not declare them.
const EXAMPLE_ONLY_FIELDS = new Set(['grossUnitAmount', 'ikentooAccountId']);

const extractFile = (file) => file.replace(/\.yml$/, '.json');

function clean(node, id) {
	if (Array.isArray(node)) return node.map((n) => clean(n, id));
	if (!node || typeof node !== 'object') return node;
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		if (['example', 'discriminator', 'xml', 'externalDocs'].includes(k)) continue;
		if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = `${id}${v}`;
		else out[k] = clean(v, id);
	}
	if (out.nullable === true) {
		delete out.nullable;
		if (typeof out.type === 'string') out.type = [out.type, 'null'];
	}
	return out;
}

function load() {
	const docs = {};
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	for (const [name, file] of Object.entries(FILES)) {
		const doc = clean(JSON.parse(fs.readFileSync(path.join(SPECS, extractFile(file)), 'utf8')), file);
		const schemas = (doc.components && doc.components.schemas) || {};
		for (const [schema, fields] of Object.entries(MONEY)) {
			if (!schemas[schema]) continue;
			for (const f of fields) {
				if (schemas[schema].properties[f].type !== 'number') throw new Error(`${schema}.${f} is no longer a number in the spec`);
				schemas[schema].properties[f] = { ...MONEY_STRING };
			}
		}
		if (doc.webhooks && doc.webhooks['apeOrder notification']) {
			const s = doc.webhooks['apeOrder notification'].post.requestBody.content['application/json'].schema;
			s.allOf[1].properties.status.enum.push('CHECK_WAS_UPDATED');
		}
		// Only components are registered; path and webhook schemas are compiled on demand.
		ajv.addSchema({ $id: file, components: doc.components || {} });
		docs[name] = { doc, file };
	}
	return { ajv, docs };
}

let loaded;
function contract() {
	if (!loaded) loaded = load();
	return loaded;
}

function firstContentSchema(content) {
	const media = content['application/json'] || Object.values(content)[0];
	return media.schema;
}

function responseSchema(spec, method, apiPath, status) {
	const { doc } = contract().docs[spec];
	const op = doc.paths[apiPath] && doc.paths[apiPath][method.toLowerCase()];
	if (!op) throw new Error(`${spec}: no operation ${method} ${apiPath}`);
	const r = op.responses[String(status)];
	if (!r) throw new Error(`${spec}: ${method} ${apiPath} declares no ${status} response`);
	if (!r.content) return null; // e.g. a 200 without a body
	return firstContentSchema(r.content);
}

function webhookSchema(name) {
	const { doc } = contract().docs.orderAndPay;
	return firstContentSchema(doc.webhooks[name].post.requestBody.content);
}

function requestSchema(spec, method, apiPath) {
	const { doc } = contract().docs[spec];
	return firstContentSchema(doc.paths[apiPath][method.toLowerCase()].requestBody.content);
}

const compiled = new Map();
function validator(schema) {
	if (!compiled.has(schema)) compiled.set(schema, contract().ajv.compile(schema));
	return compiled.get(schema);
}

function resolveRef(ref) {
	const [file, pointer] = ref.split('#');
	const root = contract().ajv.getSchema(file).schema;
	return pointer.split('/').filter(Boolean).reduce((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

// Declared property schemas of an object schema (following $ref and allOf/anyOf/oneOf).
function declared(schema, acc = {}) {
	if (!schema || typeof schema !== 'object') return acc;
	if (schema.$ref) declared(resolveRef(schema.$ref), acc);
	for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] || []) declared(s, acc);
	for (const [name, s] of Object.entries(schema.properties || {})) (acc[name] = acc[name] || []).push(s);
	return acc;
}

function itemsOf(schema) {
	if (!schema) return [];
	if (schema.$ref) return itemsOf(resolveRef(schema.$ref));
	const out = schema.items ? [schema.items] : [];
	for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] || []) out.push(...itemsOf(s));
	return out;
}

// Fields present in `value` that the schema does not declare, as JSON paths.
function undeclared(value, schema, at = '$') {
	const out = [];
	if (Array.isArray(value)) {
		const items = itemsOf(schema);
		value.forEach((v, i) => items.forEach((s) => out.push(...undeclared(v, s, `${at}[${i}]`))));
		return [...new Set(out)];
	}
	if (!value || typeof value !== 'object') return out;
	const props = declared(schema);
	if (!Object.keys(props).length) return out; // a free-form object
	for (const [k, v] of Object.entries(value)) {
		if (!props[k]) {
			if (!EXAMPLE_ONLY_FIELDS.has(k)) out.push(`${at}.${k}`);
			continue;
		}
		for (const s of props[k]) out.push(...undeclared(v, s, `${at}.${k}`));
	}
	return [...new Set(out)];
}

// Throws a readable error when `value` breaks the schema or carries undeclared fields.
function assertConforms(value, schema, label) {
	const validate = validator(schema);
	const problems = [];
	if (!validate(value)) problems.push(...validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
	problems.push(...undeclared(value, schema).map((p) => `${p} is not declared in the contract`));
	if (problems.length) throw new Error(`${label} does not conform:\n  ${problems.join('\n  ')}\n${JSON.stringify(value, null, 1).slice(0, 3000)}`);
}

module.exports = { SPECS, FILES, extractFile, responseSchema, webhookSchema, requestSchema, assertConforms, validator };
