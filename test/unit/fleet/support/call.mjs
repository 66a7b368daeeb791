// Runs functions of scripts/fleet (ES modules) for the jest tests, which cannot import them:
// stdin = [{module, fn, args}], stdout = [{value} | {error}] (JSON). `module` is a file of
// scripts/fleet without ".mjs", or "scenarios" (./scenarios.mjs: cases that need more than JSON in,
// JSON out — fake fetch, temp files).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FLEET = path.resolve(HERE, '../../../../scripts/fleet');

const input = await new Promise((resolve) => {
	let text = '';
	process.stdin.on('data', (d) => (text += d));
	process.stdin.on('end', () => resolve(text));
});
const calls = JSON.parse(input);
const results = [];
for (const { module, fn, args = [] } of calls) {
	const file = module === 'scenarios' ? path.join(HERE, 'scenarios.mjs') : path.join(FLEET, `${module}.mjs`);
	try {
		const mod = await import(pathToFileURL(file).href);
		if (typeof mod[fn] !== 'function') throw new Error(`${module}.mjs exports no function ${fn}`);
		results.push({ value: await mod[fn](...args) });
	} catch (err) {
		results.push({ error: String(err?.message ?? err) });
	}
}
process.stdout.write(JSON.stringify(results, (_, v) => (v instanceof Set ? [...v] : v)));
