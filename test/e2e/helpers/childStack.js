'use strict';
// Starts a second stack (test/e2e/helpers/stackProcess.mjs) for one scenario, e.g. with other n8n
// settings, and stops it again. → { info, stop() }
const path = require('node:path');
const { spawn } = require('node:child_process');

function startChildStack(options, { timeoutMs = 240_000 } = {}) {
	const child = spawn(process.execPath, [path.join(__dirname, 'stackProcess.mjs'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
	let log = '';
	child.stderr.on('data', (chunk) => {
		log = (log + chunk).slice(-20_000);
	});
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', resolve);
			child.kill('SIGTERM');
		});
	return new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`the second stack did not start in ${timeoutMs} ms:\n${log}`));
		}, timeoutMs);
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const line = out.split('\n').find((l) => l.startsWith('READY '));
			if (line) {
				clearTimeout(timer);
				resolve({ info: JSON.parse(line.slice(6)), stop, log: () => log });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the second stack exited (${code}) before it was ready:\n${log}`));
		});
	});
}

module.exports = { startChildStack };
