#!/usr/bin/env node
// Writes the committed extract of Lightspeed's published K-Series OpenAPI documents that the
// contract and sandbox tests validate against: test/contract/lightspeed-openapi/*.json.
//
//   node scripts/specs/extract-lightspeed-contract.mjs           regenerate the extract
//   node scripts/specs/extract-lightspeed-contract.mjs --check   compare, exit 1 when stale
//
// The published YAML files are read from $LSK_SPECS_DIR, else ../shared/specs/lightspeed-kseries
// (relative to the repository root); they are not part of the repository. Without them,
// --check prints one line saying so and exits 0; regenerating fails.
//
// What the extract keeps: paths, webhooks, methods, operation ids, parameters (name, in,
// required, schema), request bodies, responses (status codes, media types, schemas), security
// requirements, and the component schemas/parameters, with every $ref kept as written (each
// target is kept too). What it drops: every prose field (description, summary, title,
// example, examples, externalDocs, tags and their texts, info other than the version, scope
// texts) and every x-* vendor extension. None of the dropped keys changes what a JSON-Schema
// validator accepts. A key the walker does not know stops the extraction, so a new keyword
// in a future copy is decided on, never passed through or dropped unnoticed.
//
// Deterministic: object keys sorted, arrays in source order, two-space JSON, trailing newline.
// Uses only Node built-ins and `yaml` (a devDependency, imported only when the files are there).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT_DIR = path.join(ROOT, 'test', 'contract', 'lightspeed-openapi');
export const SPECS_DIR = process.env.LSK_SPECS_DIR
	? path.resolve(process.env.LSK_SPECS_DIR)
	: path.resolve(ROOT, '..', 'shared', 'specs', 'lightspeed-kseries');

/** Spec name (as the tests call it) → published file. The extract of X.yml is X.json. */
export const SPEC_FILES = {
	orderAndPay: 'lightspeed-order-and-pay-api-openapi.yml',
	webhook: 'lightspeed-order-and-pay-webhook-api-openapi.yml',
	financial: 'lightspeed-financial-api-openapi.yml',
	staff: 'lightspeed-staff-api-openapi.yml',
};
export const extractName = (file) => file.replace(/\.ya?ml$/, '.json');
const INDEX = 'index.json';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Annotations (prose or sample data): dropped wherever they appear in their context.
const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', '$comment']);
const isVendor = (key) => key.startsWith('x-');

// JSON-Schema / OpenAPI schema keywords, by the kind of value they hold.
const SCHEMA_VALUE_KEYS = new Set([
	'$ref', 'type', 'format', 'enum', 'const', 'default', 'required', 'pattern', 'nullable', 'readOnly', 'writeOnly',
	'deprecated', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
	'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'contentEncoding', 'contentMediaType',
]);
const SCHEMA_ONE = new Set(['items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

class UnknownKey extends Error {}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function expectObject(value, where) {
	if (!isObject(value)) throw new UnknownKey(`${where}: expected an object, got ${JSON.stringify(value)?.slice(0, 40)}`);
	return value;
}

/** Walks an object with a per-key handler table; prose and x-* keys are dropped, unknown keys throw. */
function pick(value, where, handlers) {
	const out = {};
	for (const [key, v] of Object.entries(expectObject(value, where))) {
		if (PROSE.has(key) || isVendor(key)) continue;
		const handler = handlers[key];
		if (handler === undefined) throw new UnknownKey(`${where}: unknown key "${key}"`);
		if (handler === null) continue; // known, deliberately not kept
		out[key] = handler(v, `${where}/${key}`);
	}
	return out;
}

const keep = (v) => structuredClone(v);
const mapOf = (fn) => (value, where) => {
	const out = {};
	for (const [key, v] of Object.entries(expectObject(value, where))) out[key] = fn(v, `${where}/${key}`);
	return out;
};
const listOf = (fn) => (value, where) => {
	if (!Array.isArray(value)) throw new UnknownKey(`${where}: expected a list`);
	return value.map((v, i) => fn(v, `${where}/${i}`));
};

function schema(value, where) {
	if (typeof value === 'boolean') return value;
	const out = {};
	for (const [key, v] of Object.entries(expectObject(value, where))) {
		if (PROSE.has(key) || isVendor(key) || key === 'xml') continue;
		const at = `${where}/${key}`;
		if (SCHEMA_VALUE_KEYS.has(key)) out[key] = keep(v);
		else if (SCHEMA_ONE.has(key)) out[key] = schema(v, at);
		else if (SCHEMA_LIST.has(key)) out[key] = listOf(schema)(v, at);
		else if (SCHEMA_MAP.has(key)) out[key] = mapOf(schema)(v, at);
		else if (key === 'additionalProperties') out[key] = schema(v, at);
		else if (key === 'discriminator') out[key] = pick(v, at, { propertyName: keep, mapping: keep });
		else throw new UnknownKey(`${at}: unknown schema keyword "${key}"`);
	}
	return out;
}

const mediaTypes = mapOf((v, where) => pick(v, where, { schema, encoding: keep }));

const header = (v, where) => pick(v, where, { $ref: keep, required: keep, deprecated: keep, schema, style: keep, explode: keep, content: mediaTypes });

const parameter = (v, where) =>
	pick(v, where, {
		$ref: keep, name: keep, in: keep, required: keep, deprecated: keep, allowEmptyValue: keep, style: keep,
		explode: keep, allowReserved: keep, schema, content: mediaTypes,
	});

const requestBody = (v, where) => pick(v, where, { $ref: keep, required: keep, content: mediaTypes });

const response = (v, where) => pick(v, where, { $ref: keep, headers: mapOf(header), content: mediaTypes, links: null });

const operation = (v, where) =>
	pick(v, where, {
		operationId: keep,
		parameters: listOf(parameter),
		requestBody,
		responses: mapOf(response),
		deprecated: keep,
		security: keep,
		tags: null, // tag names only group the reference pages
		servers: null,
		callbacks: null,
	});

function pathItem(v, where) {
	const handlers = { $ref: keep, parameters: listOf(parameter), servers: null };
	for (const method of METHODS) handlers[method] = operation;
	return pick(v, where, handlers);
}

const securityScheme = (v, where) =>
	pick(v, where, {
		type: keep, scheme: keep, bearerFormat: keep, name: keep, in: keep, openIdConnectUrl: keep,
		flows: mapOf((flow, at) =>
			pick(flow, at, {
				authorizationUrl: keep, tokenUrl: keep, refreshUrl: keep,
				// scope names are kept, their texts are not
				scopes: (scopes, s) => Object.fromEntries(Object.keys(expectObject(scopes, s)).map((name) => [name, ''])),
			}),
		),
	});

const components = (v, where) =>
	pick(v, where, {
		schemas: mapOf(schema),
		parameters: mapOf(parameter),
		requestBodies: mapOf(requestBody),
		responses: mapOf(response),
		headers: mapOf(header),
		securitySchemes: mapOf(securityScheme),
		examples: null,
		links: null,
		callbacks: null,
	});

/** The extract of one parsed OpenAPI document. */
export function extractDocument(doc) {
	return pick(doc, '#', {
		openapi: keep,
		info: (info, where) => pick(info, where, { version: keep, contact: null, license: null, termsOfService: null }),
		servers: listOf((server, where) => pick(server, where, { url: keep, variables: null })),
		paths: mapOf(pathItem),
		webhooks: mapOf(pathItem),
		components,
		security: keep,
		tags: null,
		jsonSchemaDialect: keep,
	});
}

/** Every `$ref` ("#/…") in the extract must point at something the extract kept. */
function assertRefsResolve(doc, file) {
	const missing = [];
	(function walk(node) {
		if (Array.isArray(node)) return node.forEach(walk);
		if (!isObject(node)) return;
		for (const [key, value] of Object.entries(node)) {
			if (key === '$ref' && typeof value === 'string') {
				if (!value.startsWith('#/')) missing.push(`${value} (not a local reference)`);
				else {
					const target = value
						.slice(2)
						.split('/')
						.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
						.reduce((n, part) => (isObject(n) ? n[part] : undefined), doc);
					if (target === undefined) missing.push(value);
				}
			} else walk(value);
		}
	})(doc);
	if (missing.length) throw new Error(`${file}: $ref targets missing from the extract: ${[...new Set(missing)].join(', ')}`);
}

/** Sorted keys at every level, arrays in order; two-space JSON with a trailing newline. */
export function stableJson(value) {
	const sort = (v) => {
		if (Array.isArray(v)) return v.map(sort);
		if (!isObject(v)) return v;
		return Object.fromEntries(
			Object.keys(v)
				.sort()
				.map((k) => [k, sort(v[k])]),
		);
	};
	return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Reads the published files and returns { fileName: text } of the whole extract. */
export async function buildExtract(specsDir = SPECS_DIR) {
	const { parse } = await import('yaml');
	const files = {};
	const index = {
		generatedBy: 'scripts/specs/extract-lightspeed-contract.mjs',
		specs: {},
	};
	const source = path.join(specsDir, 'SOURCE.md');
	if (fs.existsSync(source)) {
		const text = fs.readFileSync(source, 'utf8');
		const repo = /Repository:\s*`([^`]+)`/.exec(text);
		const commit = /Commit:\s*`([0-9a-f]{40})`/.exec(text);
		if (repo && commit) index.source = { repository: repo[1], commit: commit[1] };
	}
	for (const [name, file] of Object.entries(SPEC_FILES)) {
		const raw = fs.readFileSync(path.join(specsDir, file));
		const doc = parse(raw.toString('utf8'));
		let extract;
		try {
			extract = extractDocument(doc);
		} catch (err) {
			if (err instanceof UnknownKey) throw new Error(`${file}: ${err.message} — decide in extract-lightspeed-contract.mjs whether it is prose (drop) or a fact (keep)`);
			throw err;
		}
		assertRefsResolve(extract, file);
		files[extractName(file)] = stableJson(extract);
		index.specs[name] = {
			published: file,
			sha256: crypto.createHash('sha256').update(raw).digest('hex'),
			extract: extractName(file),
			paths: Object.keys(extract.paths || {}).length,
			operations: Object.values(extract.paths || {}).reduce((n, item) => n + METHODS.filter((m) => m in item).length, 0),
			webhooks: Object.keys(extract.webhooks || {}).length,
			schemas: Object.keys(extract.components?.schemas || {}).length,
		};
	}
	files[INDEX] = stableJson(index);
	return files;
}

/** JSON pointers where two JSON texts differ (the first `limit`, then how many more). */
function differences(expectedText, actualText, limit = 5) {
	let actual;
	try {
		actual = JSON.parse(actualText);
	} catch {
		return ['(not valid JSON)'];
	}
	const expected = JSON.parse(expectedText);
	const out = [];
	const esc = (k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
	(function walk(a, b, at) {
		if (isObject(a) && isObject(b)) {
			for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], `${at}/${esc(k)}`);
		} else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
			a.forEach((v, i) => walk(v, b[i], `${at}/${i}`));
		} else if (JSON.stringify(a) !== JSON.stringify(b)) {
			out.push(`${at || '/'} (${a === undefined ? 'not expected' : b === undefined ? 'missing' : 'changed'})`);
		}
	})(expected, actual, '');
	if (!out.length) return ['(formatting or key order only)'];
	return out.length > limit ? [...out.slice(0, limit), `and ${out.length - limit} more`] : out;
}

function listOutDir() {
	return fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR).filter((f) => f.endsWith('.json')).sort() : [];
}

async function main() {
	const check = process.argv.includes('--check');
	const rel = (p) => path.relative(process.cwd(), p) || '.';
	const missingSpecs = Object.values(SPEC_FILES).filter((file) => !fs.existsSync(path.join(SPECS_DIR, file)));
	if (missingSpecs.length) {
		const why = missingSpecs.length === Object.keys(SPEC_FILES).length ? `not found in ${SPECS_DIR}` : `incomplete in ${SPECS_DIR} (missing ${missingSpecs.join(', ')})`;
		if (check) {
			console.log(`lightspeed contract check skipped: the published OpenAPI files are ${why} (set LSK_SPECS_DIR to compare)`);
			return 0;
		}
		console.error(`Cannot extract: Lightspeed's published OpenAPI files are ${why}. Set LSK_SPECS_DIR.`);
		return 1;
	}
	const files = await buildExtract();
	if (check) {
		const problems = [];
		for (const [name, text] of Object.entries(files)) {
			const file = path.join(OUT_DIR, name);
			if (!fs.existsSync(file)) {
				problems.push(`${rel(file)}: missing`);
				continue;
			}
			const current = fs.readFileSync(file, 'utf8');
			if (current !== text) problems.push(`${rel(file)}: differs at ${differences(text, current).join(', ')}`);
		}
		for (const name of listOutDir()) if (!(name in files)) problems.push(`${rel(path.join(OUT_DIR, name))}: not produced by the extractor`);
		if (problems.length) {
			console.error(`The committed Lightspeed contract extract is stale (compared with ${SPECS_DIR}):`);
			for (const line of problems) console.error(`  ${line}`);
			console.error('Regenerate it with: node scripts/specs/extract-lightspeed-contract.mjs, review the diff and commit it.');
			return 1;
		}
		console.log(`lightspeed contract extract is up to date (${Object.keys(files).length} files in ${rel(OUT_DIR)}, compared with ${SPECS_DIR})`);
		return 0;
	}
	fs.mkdirSync(OUT_DIR, { recursive: true });
	for (const name of listOutDir()) if (!(name in files)) fs.rmSync(path.join(OUT_DIR, name));
	for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(OUT_DIR, name), text);
	console.log(`wrote ${Object.keys(files).length} files to ${rel(OUT_DIR)} from ${SPECS_DIR}`);
	return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().then(
		(code) => process.exit(code),
		(err) => {
			console.error(err.message);
			process.exit(1);
		},
	);
}
