'use strict';
// Connection info the e2e globalSetup wrote (.run/e2e/stack.json): URLs, ports, owner login and
// session cookie, Qodeup integration id + signing secret, credential ids, workflows, tables.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
let cached;

function stackInfo() {
	if (cached) return cached;
	const file = process.env.QODEUP_E2E_STACK_FILE || path.join(ROOT, '.run', 'e2e', 'stack.json');
	if (!fs.existsSync(file)) throw new Error(`${file} not found: run the suite with its config (npm run test:e2e), whose globalSetup starts the stack`);
	cached = JSON.parse(fs.readFileSync(file, 'utf8'));
	return cached;
}

/** The workflow JSON of a shipped template or fixture, by id (as imported). */
function workflowJson(id) {
	const w = stackInfo().workflows.find((x) => x.id === id);
	if (!w) throw new Error(`workflow ${id} was not imported`);
	return JSON.parse(fs.readFileSync(path.join(ROOT, w.file), 'utf8'));
}

module.exports = { ROOT, stackInfo, workflowJson };
