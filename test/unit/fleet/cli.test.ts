/**
 * The merchant command's edges: argument parsing and help, the one-line failure reasons and exit
 * codes, the API client (retries on 429/5xx, pagination, fields n8n refuses, errors that name the
 * call and never the key), and how Diagnose is printed.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { callFleet, value } from './support/fleet';

const KEY = 'n8n_api_0123456789abcdefSECRETKEY';
type Run = { code: number; stdout: string; stderr: string };
type Attempt = { value?: unknown; error?: string; status?: number; n8nMessage?: string };

describe('merchant command line', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merchant-cli-'));
	const bad = path.join(dir, 'bad.yaml');
	const good = path.join(dir, 'good.yaml');
	const badFleet = path.join(dir, 'fleet.yaml');
	const keyFile = path.join(dir, 'key');
	let runs: Record<string, Run>;

	beforeAll(() => {
		fs.writeFileSync(bad, 'integrationId: "no spaces please"\nname: Pizza\n');
		fs.writeFileSync(good, 'integrationId: pizza\nname: Pizza\nlightspeed: {environment: trial, clientId: c, clientSecret: s}\nbusinessLocationId: 1\ncardPaymentMethod: CARD\nnotificationEmails: a@b.example\nsmtpCredential: SMTP\n');
		fs.writeFileSync(badFleet, 'sweepSeconds: 0\n');
		fs.writeFileSync(keyFile, `${KEY}\n`);
		const cases: Record<string, [string[], Record<string, string>?]> = {
			none: [[]],
			helpMain: [['--help']],
			helpAdd: [['add', '--help']],
			helpWord: [['help', 'upgrade']],
			unknownCommand: [['lis']],
			unknownOption: [['list', '--bogus']],
			flagOfAnother: [['add', good, '--all']],
			missingFile: [['add'], { N8N_API_KEY: KEY }],
			twoIds: [['activate', 'a', 'b'], { N8N_API_KEY: KEY }],
			upgradeBoth: [['upgrade', 'pizza', '--all'], { N8N_API_KEY: KEY }],
			upgradeNeither: [['upgrade'], { N8N_API_KEY: KEY }],
			noKey: [['list']],
			noKeyFile: [['list', '--api-key-file', path.join(dir, 'absent')]],
			valueMissing: [['list', '--n8n-url']],
			badUrl: [['list', '--n8n-url', 'ftp://n8n'], { N8N_API_KEY: KEY }],
			badFile: [['add', bad, '--api-key-file', keyFile, '--n8n-url', 'http://127.0.0.1:9']],
			badFleet: [['add', good, '--fleet', badFleet], { N8N_API_KEY: KEY }],
		};
		const results = callFleet(Object.values(cases).map(([argv, env]) => ({ module: 'scenarios', fn: 'cli', args: [argv, env ?? {}] })));
		runs = Object.fromEntries(Object.keys(cases).map((k, i) => [k, value<Run>(results[i])]));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('prints the usage (exit 2 without a command, 0 when asked)', () => {
		expect(runs.none.code).toBe(2);
		expect(runs.none.stdout).toMatch(/add <merchant file>[\s\S]*activate <integrationId>[\s\S]*upgrade --all[\s\S]*list[\s\S]*remove <integrationId>/);
		expect(runs.helpMain.code).toBe(0);
		expect(runs.helpAdd).toMatchObject({ code: 0 });
		expect(runs.helpAdd.stdout).toMatch(/Usage: npm run merchant -- add <merchant file>[\s\S]*notificationEmails[\s\S]*--api-key-file/);
		expect(runs.helpWord.stdout).toMatch(/--dry-run/);
	});

	it.each([
		['unknownCommand', /unknown command "lis"/],
		['unknownOption', /unknown option --bogus for list/],
		['flagOfAnother', /unknown option --all for add/],
		['missingFile', /add needs a merchant file/],
		['twoIds', /activate takes a single argument \(an integration id\), got: a b/],
		['upgradeBoth', /an integration id or --all, not both/],
		['upgradeNeither', /upgrade needs an integration id \(or --all\)/],
		['noKey', /no n8n API key: set N8N_API_KEY or pass --api-key-file/],
		['noKeyFile', /cannot read the API key file .*absent: no such file/],
		['valueMissing', /--n8n-url needs a value/],
		['badUrl', /--n8n-url "ftp:\/\/n8n" is not an http\(s\) URL/],
	])('refuses %s with exit 2 and a one-line reason', (name, reason) => {
		const run = runs[name];
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^merchant: /);
		expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
		expect(run.stderr).toMatch(reason);
	});

	it('checks the merchant file before it calls n8n (n8n here is unreachable)', () => {
		expect(runs.badFile.code).toBe(2);
		expect(runs.badFile.stderr).toMatch(/^merchant: the merchant file .*bad\.yaml has \d+ problems \(nothing was changed in n8n\):/);
		expect(runs.badFile.stderr).toMatch(/\n {2}integrationId: must be 1-40 letters/);
		expect(runs.badFile.stderr).toMatch(/\n {2}lightspeed: is required/);
		expect(runs.badFile.stderr).not.toMatch(/n8n running|ECONNREFUSED/);
	});

	it('checks the fleet settings file', () => {
		expect(runs.badFleet.code).toBe(2);
		expect(runs.badFleet.stderr).toMatch(/fleet settings file .* has 1 problem\(s\):\n {2}sweepSeconds: must be a whole number from 1/);
	});

	it('never prints the API key', () => {
		for (const run of Object.values(runs)) expect(run.stdout + run.stderr).not.toContain(KEY);
	});
});

describe('n8n public API client', () => {
	let r: Record<string, unknown>;
	beforeAll(() => {
		r = value<Record<string, unknown>>(callFleet([{ module: 'scenarios', fn: 'apiClient' }])[0]);
	});

	it('names the call, the HTTP status and n8n\'s message — never the key (even when n8n echoes it)', () => {
		const e = r.unauthorized as Attempt;
		expect(e.error).toBe('GET /workflows?excludePinnedData=true&limit=250 → HTTP 401: unauthorized: bad key <api key>');
		expect(e.status).toBe(401);
		expect(r.sentKeyHeader).toBe(true);
		expect(r.firstUrl).toBe('http://n8n.test/api/v1/workflows?excludePinnedData=true&limit=250');
		expect(r.shown).not.toContain(KEY);
	});

	it('retries 429 (after Retry-After) and 5xx, then succeeds', () => {
		expect((r.retried as Attempt).value).toEqual([{ id: 'w1' }]);
		expect(r.retriedCalls).toBe(3);
		expect((r.sleeps as number[]).slice(0, 2)).toEqual([2000, 1000]);
	});

	it('follows nextCursor through every page', () => {
		expect((r.paged as Attempt).value).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
		expect(r.pagedUrls).toEqual(['?limit=250', '?limit=250&cursor=CUR1', '?limit=250&cursor=CUR2']);
	});

	it('does not repeat a create after a 500 (it may have happened), but does after a 503', () => {
		expect((r.postNotRetried as Attempt).error).toBe('POST /workflows → HTTP 500: boom');
		expect(r.postCalls).toBe(1);
		expect((r.post503 as Attempt).value).toEqual({ id: 'new' });
	});

	it('sends only the fields n8n takes when creating a workflow (no id, meta, active, tags)', () => {
		expect(Object.keys(r.postBody as object).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
		expect(Object.keys(r.post503Body as object).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
	});

	it('says n8n is not reachable after retrying a read', () => {
		expect((r.down as Attempt).error).toMatch(/^GET \/workflows\/w1\?excludePinnedData=true failed: ECONNREFUSED .* is n8n running at http:\/\/n8n\.test\?$/);
		expect(r.downCalls).toBe(5);
	});

	it('answers null for a credential that does not exist, and passes 400s through', () => {
		expect((r.missingCredential as Attempt).value).toBeNull();
		expect((r.badRequest as Attempt).error).toBe('POST /workflows → HTTP 400: request/body/id is read-only');
	});

	it("sends row filters in the API's filter format", () => {
		expect(r.rowQuery).toEqual({
			filter: JSON.stringify({ type: 'and', filters: [{ columnName: 'integrationId', condition: 'eq', value: 'pizza' }, { columnName: 'status', condition: 'eq', value: 'failed' }] }),
			sortBy: 'createdAt:desc',
			limit: '1',
		});
	});

	it('refuses to start without a key', () => {
		expect((r.noKey as Attempt).error).toMatch(/no n8n API key/);
	});
});

describe('Diagnose output', () => {
	it('prints each check on its line, with the fix of a failing one, and a verdict', () => {
		const d = value<{ text: string; verdict: string; ok: string; none: string }>(callFleet([{ module: 'scenarios', fn: 'diagnosis' }])[0]);
		expect(d.text).toContain('    ✓ connection: Connected\n');
		expect(d.text).toContain('    ✗ paymentMethods: QDCARD not found\n        fix: Choose the card method again\n');
		expect(d.text).toContain('    ! staff: No staff chosen\n');
		expect(d.text).toContain('✗ Diagnose did not answer: HTTP 404');
		expect(d.verdict).toBe('paymentMethods');
		expect(d.ok).toBe('ok');
		expect(d.none).toMatch(/^no answer/);
	});
});
