'use strict';
// The Qodeup contract (openapi/qodeup-integration.yml) checked on every answer the e2e suite
// gets: the status must be one the route declares, and a JSON body must match its schema.
// helpers/qodeup.js runs this on every request, so every scenario checks the contract.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const SPEC_FILE = path.resolve(__dirname, '../../../openapi/qodeup-integration.yml');
let compiled;

function load() {
	if (compiled) return compiled;
	const spec = YAML.parse(fs.readFileSync(SPEC_FILE, 'utf8'));
	const ajv = new Ajv({ strict: false, allErrors: true });
	addFormats(ajv);
	ajv.addSchema({ $id: 'qodeup.json', components: spec.components });
	const routes = Object.entries(spec.paths).map(([template, item]) => ({
		template,
		pattern: new RegExp(`^${template.replace(/^\//, '').replace(/\{[^}]+\}/g, '[^/]+')}$`),
		item,
	}));
	compiled = { spec, ajv, routes, validators: new Map() };
	return compiled;
}

/** Rewrites local refs (#/components/…) to the registered document. */
function rebase(schema) {
	return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"qodeup.json#/'));
}

function resolve(spec, value) {
	let current = value;
	while (current && current.$ref) {
		current = current.$ref
			.replace(/^#\//, '')
			.split('/')
			.reduce((node, key) => node[key], spec);
	}
	return current;
}

/**
 * Problems of one answer against the contract ([] = conforms). `signedPath` is the path below
 * /webhook/ (e.g. qodeup/demo-bistro/payments/p-1).
 */
function contractProblems(method, signedPath, response) {
	if (process.env.QODEUP_E2E_CONTRACT === 'off') return []; // while the document is being rewritten
	const { spec, ajv, routes, validators } = load();
	const route = routes.find((r) => r.pattern.test(signedPath));
	if (!route) return [`no route in the contract for ${signedPath}`];
	const operation = route.item[method.toLowerCase()];
	if (!operation) return [`${method} ${route.template} is not in the contract`];
	const declared = resolve(spec, operation.responses[String(response.status)]);
	if (!declared) return [`${method} ${route.template} answered ${response.status}, which the contract does not declare (${Object.keys(operation.responses).join(', ')})`];
	const media = declared.content?.['application/json'];
	if (!media?.schema) return [];
	if (response.json === undefined) return [`${method} ${route.template} ${response.status}: the contract declares a JSON body, got ${JSON.stringify(String(response.text).slice(0, 120))}`];
	const key = `${route.template} ${method} ${response.status}`;
	if (!validators.has(key)) validators.set(key, ajv.compile(rebase(media.schema)));
	const validate = validators.get(key);
	if (validate(response.json)) return [];
	return validate.errors.map((e) => `${method} ${route.template} ${response.status}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

module.exports = { contractProblems, SPEC_FILE };
