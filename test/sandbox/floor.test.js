'use strict';
// The floor page (the demo's "iPad") in a real headless Chromium: tables with their open
// checks, and live updates when a payment lands, without reloading the page.
// Chromium is Debian's `chromium` package at /usr/bin/chromium; CI installs it. If it is
// missing this test FAILS (it is never skipped).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { start, receiver, registerEndpoint, payBody } = require('./helpers');

const CHROMIUM = '/usr/bin/chromium';

let t;
let hook;
let context;
let profile;
let page;

// A browser on a busy 2-core machine: the default 5 s per test is too tight.
jest.setTimeout(120000);

// One browser (fresh profile) for the file; a sandbox and a page per test.
beforeAll(async () => {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (CI installs it). This test is never skipped.`);
	}
	profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-floor-'));
	context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}, 60000);
afterAll(async () => {
	if (context) await context.close();
	if (profile) fs.rmSync(profile, { recursive: true, force: true });
});
beforeEach(async () => {
	hook = await receiver();
	t = await start({ posDelayMs: 100 });
});
afterEach(async () => {
	if (page) await page.close();
	page = null;
	await t.close();
	await hook.close();
});

async function openFloor() {
	if (!context) throw new Error('the browser did not start (see beforeAll)');
	page = await context.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${t.url}/floor`);
	await page.waitForSelector('[data-table="3"] [data-check="A70001.1"]');
	return { page, errors };
}

test('shows every table with its open checks, lines and amounts', async () => {
	const { page, errors } = await openFloor();
	expect(await page.title()).toContain('Floor');
	expect(await page.locator('#title').textContent()).toBe('Qodeup Demo Bistro — floor');
	expect(await page.locator('[data-floorplan] [data-table]').count()).toBe(14);
	expect(await page.locator('[data-table="5"] [data-check]').evaluateAll((els) => els.map((e) => e.dataset.check))).toEqual(['A70001.2', 'A70001.3']);
	expect(await page.locator('[data-table="3"] [data-field="current"]').textContent()).toBe('€35.20');
	expect(await page.locator('[data-table="3"] li.line').allTextContents()).toEqual(['2 × Burger — €29.00', '2 × Cola — €6.20']);
	expect(await page.locator('[data-table="4"]').textContent()).toContain('free');
	await page.click('[data-location="45454565682156"]');
	await page.waitForFunction(() => document.querySelectorAll('[data-floorplan] [data-table]').length === 6);
	expect(await page.locator('[data-check]').count()).toBe(0);
	expect(errors).toEqual([]);
});

test('updates live: a payment, its webhooks, a new check and a message appear without reload', async () => {
	await registerEndpoint(t, hook);
	const { page, errors } = await openFloor();
	await page.evaluate(() => { window.__notReloaded = true; });
	const body = payBody({ iKaccountIdentifier: 'A70001.1', paymentAmount: '35.20', thirdPartyPaymentReference: 'QD-floor-1' });
	expect((await t.api('POST', '/o/op/1/pay', { body })).status).toBe(200);
	// Fully paid: the check leaves table 3 and shows under closed checks; webhooks are listed.
	await page.waitForSelector('[data-closed-check="A70001.1"]', { timeout: 20000 });
	expect(await page.locator('[data-table="3"] [data-check]').count()).toBe(0);
	await page.waitForFunction(() => [...document.querySelectorAll('#webhooks li')].some((li) => /PAYMENT SUCCESS/.test(li.textContent) && /delivered/.test(li.textContent)), null, { timeout: 20000 });
	expect(await page.locator('#webhooks').textContent()).toContain('QD-floor-1');

	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.2', paymentAmount: '5.00', thirdPartyPaymentReference: 'QD-floor-2' }) });
	await page.waitForSelector('[data-check="A70001.2"] li.payment[data-reference="QD-floor-2"]', { timeout: 20000 });
	expect(await page.locator('[data-check="A70001.2"] [data-field="remaining"]').textContent()).toBe('due €16.20');

	await t.admin('POST', '/checks', { tableNumber: 12, lines: [{ sku: 'WATER', quantity: 1 }] });
	await page.waitForSelector('[data-table="12"] [data-check]', { timeout: 20000 });
	await t.api('POST', '/o/op/1/printMsg?businessLocationId=45454565682155', { body: { message: 'Table 3 paid via Qodeup' } });
	await page.waitForFunction(() => document.querySelector('#messages').textContent.includes('Table 3 paid via Qodeup'), null, { timeout: 20000 });
	await t.admin('POST', '/faults', { posOffline: true });
	await page.waitForFunction(() => document.querySelector('#faults').textContent.includes('posOffline'), null, { timeout: 20000 });
	expect(await page.evaluate(() => window.__notReloaded)).toBe(true);
	expect(errors).toEqual([]);
});
