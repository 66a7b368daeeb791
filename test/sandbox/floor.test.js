'use strict';
// The floor page (the demo's "iPad") in a real headless Chromium: tables with their open
// checks, live updates when a payment lands (without reloading the page), the location
// chooser, the failure switches (checked through GET /_admin/faults), and long references
// that must not overflow their table card. Screenshots go to /tmp/sandbox-floor-*.png.
// Chromium is Debian's `chromium` package at /usr/bin/chromium; CI installs it. If it is
// missing this test FAILS (it is never skipped).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { start, receiver, registerEndpoint, payBody, waitFor, CENTRE, ALFAMA, SOHO, CAMDEN } = require('./helpers');

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

async function openFloor(query = '', ready = '[data-table="3"] [data-check="A70001.1"]') {
	if (!context) throw new Error('the browser did not start (see beforeAll)');
	page = await context.newPage();
	await page.setViewportSize({ width: 1280, height: 900 });
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${t.url}/floor${query}`);
	await page.waitForSelector(ready);
	return { page, errors };
}

const faultsNow = async () => (await t.admin('GET', '/faults')).body;
const waitForFaults = (pred, what) => waitFor(async () => pred(await faultsNow()), { what });
const switchState = (id) => page.locator(`[data-switch="${id}"] [data-field="state"]`).textContent();
async function waitForSwitch(id, on) {
	await page.waitForFunction(([sel, want]) => {
		const box = document.querySelector(sel);
		return box && box.checked === want;
	}, [`[data-switch="${id}"] input[type=checkbox]`, on], { timeout: 20000 });
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

test('failure switches act on the shown location, show their state, and "clear all faults" clears them', async () => {
	const { page, errors } = await openFloor();
	expect(await page.locator('[data-switch]').evaluateAll((els) => els.map((e) => e.dataset.switch))).toEqual(['paymentApiOff', 'cardRemoved', 'staffInactive', 'posOffline', 'http500']);
	expect(await switchState('paymentApiOff')).toBe('off');

	await page.click('[data-switch="paymentApiOff"] input');
	await waitForFaults((f) => f.paymentApiDisabled.includes(CENTRE), 'paymentApiDisabled [Centre]');
	await waitForSwitch('paymentApiOff', true);
	expect(await switchState('paymentApiOff')).toBe('ON');
	expect((await t.api('POST', '/o/op/1/pay', { body: payBody() })).status).toBe(403);

	await page.click('[data-switch="cardRemoved"] input');
	await waitForFaults((f) => f.removedPaymentMethods.includes('QDCARD'), 'QDCARD removed');
	await page.click('[data-switch="staffInactive"] input');
	await waitForFaults((f) => f.inactiveStaff.includes(42), 'staff 42 inactive');
	await page.click('[data-switch="posOffline"] input');
	await waitForFaults((f) => Array.isArray(f.posOffline) && f.posOffline.includes(CENTRE), 'posOffline [Centre]');
	// type the count and switch on in one turn of the page: a live re-render in between would
	// replace the field (the page re-renders on every change the sandbox pushes)
	await page.evaluate(() => {
		const count = document.querySelector('[data-switch="http500"] [data-field="count"]');
		count.value = '2';
		count.dispatchEvent(new Event('change'));
		document.querySelector('[data-switch="http500"] input[type=checkbox]').click();
	});
	await waitForFaults((f) => f.http500 === 2, 'http500 2');
	await page.waitForFunction(() => document.querySelector('[data-switch="http500"]').textContent.includes('2 call(s) left'), null, { timeout: 20000 });
	expect((await t.api('GET', '/o/op/data/businesses')).status).toBe(500);
	await page.waitForFunction(() => document.querySelector('[data-switch="http500"]').textContent.includes('1 call(s) left'), null, { timeout: 20000 });

	// Another location: its own card method and staff, the Centre switches do not show there.
	await page.click(`[data-location="${ALFAMA}"]`);
	await page.waitForFunction(() => document.querySelector('#title').textContent === 'Qodeup Tasca Lisboa — floor', null, { timeout: 20000 });
	await waitForSwitch('paymentApiOff', false);
	expect(await page.locator('[data-switch="cardRemoved"] label').textContent()).toContain('TLCARD');
	await waitForSwitch('cardRemoved', false);
	await page.click('[data-switch="cardRemoved"] input');
	await waitForFaults((f) => f.removedPaymentMethods.includes('TLCARD') && f.removedPaymentMethods.includes('QDCARD'), 'TLCARD removed too');
	await page.click('[data-switch="staffInactive"] input');
	await waitForFaults((f) => f.inactiveStaff.includes(52) && f.inactiveStaff.includes(42), 'staff 52 inactive too');
	await page.screenshot({ path: '/tmp/sandbox-floor-switches.png', fullPage: true });

	await page.click('[data-action="clear-faults"]');
	await waitForFaults((f) => !f.paymentApiDisabled.length && !f.removedPaymentMethods.length && !f.inactiveStaff.length && f.posOffline === false && f.http500 === 0, 'faults cleared');
	await waitForSwitch('cardRemoved', false);
	await waitForSwitch('http500', false);
	expect(await page.locator('#faults').textContent()).toBe('');
	expect(errors).toEqual([]);
});

test('long payment and order references are cut inside their table card (full value on hover), never overflowing it', async () => {
	await registerEndpoint(t, hook);
	const longRef = 'QDH-0123456789abcdef0123456789abcdef-1';
	const { page, errors } = await openFloor();
	await t.api('POST', '/o/op/1/pay', { body: payBody({ iKaccountIdentifier: 'A70001.1', paymentAmount: '5.00', thirdPartyPaymentReference: longRef }) });
	const orderRef = 'ORD-0123456789abcdef0123456789abcdef0123456789ab'; // 48 characters
	await t.api('POST', '/o/op/1/order/local', { body: { businessLocationId: CENTRE, thirdPartyReference: orderRef, endpointId: 'QODEUP-TEST', customerInfo: { firstName: 'Ana' }, tableNumber: '4', items: [{ sku: 'COLA', quantity: 1 }] } });
	await page.waitForSelector(`[data-table="3"] li.payment[data-reference="${longRef}"]`, { timeout: 20000 });
	await page.waitForSelector('[data-table="4"] [data-field="orderReference"]', { timeout: 20000 });
	const measure = await page.evaluate((refText) => {
		const li = document.querySelector(`li.payment[data-reference="${refText}"]`);
		const span = li.querySelector('.ref');
		const card = (sel) => {
			const e = document.querySelector(sel);
			return { scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right };
		};
		const order = document.querySelector('[data-table="4"] [data-field="orderReference"]');
		return {
			title: span.title, text: span.textContent, cut: span.scrollWidth > span.clientWidth,
			spanRight: span.getBoundingClientRect().right, card3: card('[data-table="3"]'), card4: card('[data-table="4"]'),
			orderTitle: order.title, orderRight: order.getBoundingClientRect().right,
			page: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth },
		};
	}, longRef);
	expect(measure.title).toBe(longRef);
	expect(measure.text).toBe(longRef);
	expect(measure.card3.scroll).toBeLessThanOrEqual(measure.card3.client);
	expect(measure.card4.scroll).toBeLessThanOrEqual(measure.card4.client);
	expect(measure.spanRight).toBeLessThanOrEqual(measure.card3.right);
	expect(measure.orderTitle).toBe(orderRef);
	expect(measure.orderRight).toBeLessThanOrEqual(measure.card4.right);
	expect(measure.page.scroll).toBeLessThanOrEqual(measure.page.client);
	await page.screenshot({ path: '/tmp/sandbox-floor-long-reference.png', fullPage: true });
	expect(errors).toEqual([]);
});

test('choosing a location: Lisbon with an inactive table, London in pounds, Camden without a floor plan; ?location= opens one', async () => {
	await t.admin('POST', '/checks', { businessLocationId: SOHO, tableNumber: 2, lines: [{ sku: 'BURGER', quantity: 1 }] });
	await t.admin('POST', '/checks', { businessLocationId: CAMDEN, lines: [{ sku: 'COLA', quantity: 1 }] });
	const { page, errors } = await openFloor(`?location=${ALFAMA}`, '[data-floorplan="45454565690004"]');
	expect(await page.locator('#title').textContent()).toBe('Qodeup Tasca Lisboa — floor');
	expect(await page.locator('[data-floorplan] [data-table]').count()).toBe(15);
	expect(await page.locator('[data-table="10"]').getAttribute('class')).toContain('inactive');
	expect(await page.locator('[data-location]').evaluateAll((els) => els.map((e) => Number(e.dataset.location)))).toEqual([CENTRE, 45454565682156, ALFAMA, SOHO, CAMDEN]);
	await page.click(`[data-location="${SOHO}"]`);
	await page.waitForSelector('[data-table="2"] [data-check="A70004.1"]', { timeout: 20000 });
	expect(await page.locator('[data-table="2"] [data-field="current"]').textContent()).toBe('£14.50');
	expect(await page.locator('[data-switch="cardRemoved"] label').textContent()).toContain('LNCARD');
	await page.click(`[data-location="${CAMDEN}"]`);
	await page.waitForSelector('[data-field="no-floorplan"]', { timeout: 20000 });
	expect(await page.locator('[data-floorplan]').count()).toBe(0);
	expect(await page.locator('[data-check="A70005.1"]').count()).toBe(1);
	expect(new URL(page.url()).searchParams.get('location')).toBe(String(CAMDEN));
	await page.screenshot({ path: '/tmp/sandbox-floor-camden.png', fullPage: true });
	expect(errors).toEqual([]);
});
