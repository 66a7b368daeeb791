'use strict';
// `npm run sandbox` = `node sandbox/cli.js`: flags, the printed URL, clean shutdown.

const path = require('path');
const { spawn } = require('child_process');
const { call } = require('./helpers');

const CLI = path.resolve(__dirname, '..', '..', 'sandbox', 'cli.js');

function run(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (err += d));
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
	const url = new Promise((resolve, reject) => {
		child.stdout.on('data', () => {
			const m = /^SANDBOX_URL=(\S+)$/m.exec(out);
			if (m) resolve(m[1]);
		});
		exited.then(() => reject(new Error(`cli exited before printing its URL:\n${out}\n${err}`)));
	});
	url.catch(() => {}); // only the tests that wait for a URL care about this rejection
	return { child, url, exited };
}

test('starts on 127.0.0.1 with --port, --pos-delay-ms and --token-ttl, and stops on SIGTERM', async () => {
	const { child, url, exited } = run(['--port', '0', '--pos-delay-ms', '25', '--token-ttl=90']);
	const base = await url;
	expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	const state = (await call(base, 'GET', '/_admin/state')).body;
	expect(state.config).toMatchObject({ posDelayMs: 25, accessTokenTtlSeconds: 90 });
	expect((await call(base, 'POST', '/_admin/tokens')).body.expires_in).toBe(90);
	expect((await call(base, 'GET', '/floor')).status).toBe(200);
	child.kill('SIGTERM');
	const { code, out } = await exited;
	expect(code).toBe(0);
	expect(out).toContain(`${base}/floor`);
	expect(out).toContain('sandbox-client / sandbox-secret');
	expect(out).toContain('sandbox-client-lisbon / sandbox-secret-lisbon  (business 454335872)');
	expect(out).toContain('sandbox-client-london / sandbox-secret-london  (business 454335873)');
});

test('refuses unknown options and bad values with exit code 2', async () => {
	const bad = await run(['--nope', '1']).exited;
	expect(bad.code).toBe(2);
	expect(bad.err).toContain('unknown option --nope');
	const nan = await run(['--pos-delay-ms', 'soon']).exited;
	expect(nan.code).toBe(2);
	expect(nan.err).toContain('--pos-delay-ms must be an integer');
});
