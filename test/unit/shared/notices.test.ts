/**
 * The emails of nodes/shared/notices: each names its cause in plain words with the fix for that
 * cause, shows times in the restaurant's time zone (or n8n's, saying so), escapes every value,
 * carries no secret or token except the retry link, and links only to a page (acting is a
 * button on that page). Also the HTML kit (html.ts) and the time text (time.ts).
 */
import { explainFailure, explainOrderFailure } from '../../../nodes/shared/failureReasons';
import type { FailureCode } from '../../../nodes/shared/failureReasons';
import {
	orderFailureEmail,
	orderSummary,
	parseEmailList,
	paymentFailureEmail,
	paymentResolvedEmail,
	reconnectEmail,
	reconnectedEmail,
	storageWarningEmail,
} from '../../../nodes/shared/notices/emails';
import type { Email, Restaurant } from '../../../nodes/shared/notices/emails';
import { escapeHtml, oneLine, redact, renderHtml, renderText, safeLink } from '../../../nodes/shared/notices/html';
import { describeLocalTime, isTimeZone } from '../../../nodes/shared/notices/time';
import { newRetryToken } from '../../../nodes/shared/tokens';
import { orderRow, paymentRow, T0 } from '../../helpers/qodeupLedger';

const restaurant: Restaurant = {
	integrationId: 'demo-bistro',
	name: 'Demo Bistro',
	notificationEmails: 'manager@bistro.example, owner@bistro.example',
	timezone: 'Europe/Brussels',
	currency: 'EUR',
};
const TOKEN = newRetryToken();
const RETRY_URL = `https://n8n.example.com/webhook/qodeup-retry/demo-bistro/payment?t=${TOKEN}`;
const BRUSSELS = '27 November 2026 at 19:05 (Europe/Brussels)';

function failedPayment(code: string, columns: Record<string, unknown> = {}) {
	return paymentRow(
		{ tableNumber: 12, amount: '20', tipAmount: '1.5' },
		{ status: 'failed', columns: { checkId: 'A65315.21', errorCode: code, errorText: 'Not processed before validity ended', retryToken: TOKEN, ...columns } },
	);
}
const paymentEmail = (code = 'POS_TIMEOUT', columns: Record<string, unknown> = {}, url: string | null = RETRY_URL, who: Partial<Restaurant> = {}) =>
	paymentFailureEmail({ ...restaurant, ...who }, failedPayment(code, columns), url, 'America/New_York');

/** The email without its retry link: what must hold no token at all. */
const withoutLink = (email: Email, link: string) => `${email.subject}\n${email.html}\n${email.text}`.split(escapeHtml(link)).join('').split(link).join('');

describe('payment failure email', () => {
	it('addresses every valid recipient and says what failed, when, why, the fix, with the link to the retry page', () => {
		const email = paymentEmail();
		const explanation = explainFailure('POS_TIMEOUT');
		expect(email.to).toEqual(['manager@bistro.example', 'owner@bistro.example']);
		expect(email.subject).toBe(`[Demo Bistro] Payment not booked on table 12 (20.00 EUR): ${explanation.title}`);
		for (const line of ['Table: 12', 'Check: A65315.21', 'Amount: 20.00 EUR', 'Tip: 1.50 EUR', 'Method: Card', `Time: ${BRUSSELS}`, 'Qodeup payment ID: p_1', 'Error code: POS_TIMEOUT']) {
			expect(email.text).toContain(line);
		}
		expect(email.text).toContain(`Open the payment to retry it: ${RETRY_URL}`);
		expect(email.text).toContain('Lightspeed said: Not processed before validity ended');
		expect(email.html).toContain('<strong>20.00 EUR</strong>');
		expect(email.html).toContain(`<strong>${BRUSSELS}</strong>`);
		expect(email.html).toContain(`href="${escapeHtml(RETRY_URL)}"`);
		expect(email.html).toContain('>Open the payment to retry it</a>');
		// the link only opens a page; the email says acting takes the button there
		expect(email.text).toMatch(/opening the link changes nothing, only that button sends the payment again \(once\)/);
	});

	const codes: FailureCode[] = [
		'PAYMENT_API_DISABLED',
		'STAFF_NOT_FOUND',
		'MISSING_STAFF',
		'PAYMENT_METHOD_NOT_FOUND',
		'SETTINGS_INCOMPLETE',
		'NATIVE_PAYMENT_NOT_SUPPORTED',
		'POS_TIMEOUT',
		'NO_OUTCOME',
		'OVERPAID',
		'ACCOUNT_ALREADY_CLOSED',
		'ACCOUNT_NOT_FOUND',
		'AMOUNT_EXCEEDS_REMAINING',
		'MULTIPLE_OPEN_CHECKS',
		'REFERENCE_ALREADY_USED',
		'LIGHTSPEED_DISCONNECTED',
		'AUTHENTICATION_FAILED',
		'ACCESS_DENIED',
		'RATE_LIMITED',
		'LIGHTSPEED_UNAVAILABLE',
		'INVALID_REQUEST',
		'UNKNOWN',
	];
	it.each(codes)('%s: names its cause (title, why, fix) and has the link only when a retry can help', (code) => {
		const email = paymentEmail(code);
		const explanation = explainFailure(code);
		expect(email.subject).toContain(explanation.title);
		for (const part of [explanation.title, explanation.why, explanation.fix]) {
			expect(email.html).toContain(escapeHtml(part));
			expect(email.text).toContain(part);
		}
		expect(email.text).toContain(`Error code: ${code}`);
		expect(email.html.includes(escapeHtml(RETRY_URL))).toBe(explanation.retryable);
		expect(email.text.includes(RETRY_URL)).toBe(explanation.retryable);
		if (!explanation.retryable) expect(email.text).toContain('Retrying cannot help here, so this email has no retry link.');
	});

	it('treats an unknown code as UNKNOWN', () => {
		expect(paymentEmail('SOMETHING_NEW').text).toContain('Error code: UNKNOWN');
	});

	it('shows no link without a retry URL, or with a non-http one', () => {
		expect(paymentEmail('POS_TIMEOUT', {}, null).text).toContain('No retry link could be made for this payment.');
		const evil = paymentEmail('POS_TIMEOUT', {}, 'javascript:alert(1)');
		expect(evil.html).not.toContain('javascript:');
		expect(evil.html).not.toContain('<a ');
	});

	it('escapes every value in the HTML', () => {
		const evil = '<script>alert("x")</script>\'`&';
		const email = paymentFailureEmail(
			{ ...restaurant, name: evil, currency: '<b>€', timezone: evil },
			paymentRow(
				{ paymentId: `p${evil}`, tableNumber: null, checkId: evil, amount: evil, tipAmount: evil, method: evil as never },
				{ status: 'failed', columns: { errorCode: evil, errorText: evil, tableNumber: evil } },
			),
			`https://n8n.example.com/x?t="><script>alert(1)</script>`,
			evil,
		);
		expect(email.html).not.toMatch(/<script/i);
		expect(email.html).not.toContain('<b>');
		expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;');
		const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
		expect(hrefs).toHaveLength(1);
		expect(hrefs[0]).not.toMatch(/[<>"]/);
		const textOnly = email.html.replace(/<[a-z!/][^<>]*>/gi, '');
		expect(textOnly).not.toMatch(/[<>"]/);
	});

	it('keeps the subject on one line', () => {
		const email = paymentEmail('POS_TIMEOUT', { tableNumber: '1\n2' }, RETRY_URL, { name: 'Bistro\r\nBcc: attacker@example.com' });
		expect(email.subject).not.toMatch(/[\r\n]/);
		expect(email.subject.startsWith('[Bistro Bcc: attacker@example.com]')).toBe(true);
	});

	it('names the check when there is no table, and "a table" when neither is known', () => {
		expect(paymentFailureEmail(restaurant, paymentRow({ tableNumber: null, checkId: 'A65315.21' }, { status: 'failed' }), null, 'UTC').subject).toContain(
			'on check A65315.21',
		);
		expect(paymentFailureEmail(restaurant, paymentRow({ tableNumber: null, checkId: null }, { status: 'failed' }), null, 'UTC').subject).toContain('on a table');
	});

	it('never carries a secret or a token, except the retry link (the row\'s token appears only inside it)', () => {
		const email = paymentEmail('UNKNOWN', {
			errorText: 'upstream said Authorization: Bearer eyJhbGciOi.secret.token; refresh_token=rt-SECRET-1 client_secret: cs-SECRET-2',
		});
		const all = `${email.html}\n${email.text}`;
		for (const secret of ['eyJhbGciOi', 'rt-SECRET-1', 'cs-SECRET-2']) expect(all).not.toContain(secret);
		expect(email.text).toContain('Bearer [redacted]');
		expect(email.text).toContain('refresh_token=[redacted]');
		expect(email.html).toContain(TOKEN); // in the link…
		expect(withoutLink(email, RETRY_URL)).not.toContain(TOKEN); // …and nowhere else
		expect(all).not.toContain('"request"');
	});

	it('shows the time in the restaurant\'s zone; without one, in n8n\'s zone saying so; UTC when neither is known', () => {
		expect(paymentEmail().text).toContain(`Time: ${BRUSSELS}`);
		expect(paymentEmail('POS_TIMEOUT', {}, RETRY_URL, { timezone: '' }).text).toContain(
			"Time: 27 November 2026 at 13:05 (America/New_York, n8n's time zone: Lightspeed did not give the location's)",
		);
		const neither = paymentFailureEmail({ ...restaurant, timezone: 'Mars/Olympus' }, failedPayment('POS_TIMEOUT'), RETRY_URL, 'Nowhere/Else');
		expect(neither.text).toContain("Time: 27 November 2026 at 18:05 (UTC, n8n's time zone: Lightspeed did not give the location's)");
	});

	it('goes to the valid addresses only', () => {
		expect(paymentEmail('POS_TIMEOUT', {}, RETRY_URL, { notificationEmails: 'ok@bistro.example, not-an-address' }).to).toEqual(['ok@bistro.example']);
		expect(paymentEmail('POS_TIMEOUT', {}, RETRY_URL, { notificationEmails: '' }).to).toEqual([]);
	});
});

describe('parseEmailList', () => {
	it('splits on , ; and new lines, drops repeats (any case) and sets the invalid apart', () => {
		expect(parseEmailList('a@b.example; A@B.example,\n c@d.example , bad, x@y')).toEqual({ valid: ['a@b.example', 'c@d.example'], invalid: ['bad', 'x@y'] });
		expect(parseEmailList(['a@b.example', 'c@d.example'])).toEqual({ valid: ['a@b.example', 'c@d.example'], invalid: [] });
		expect(parseEmailList(undefined)).toEqual({ valid: [], invalid: [] });
		expect(parseEmailList(`${'a'.repeat(250)}@b.example`).invalid).toHaveLength(1);
	});
});

describe('payment booked after all', () => {
	it('says the earlier failure is resolved and not to retry, without a retry link', () => {
		const row = paymentRow({}, { status: 'applied', columns: { settledAtMs: T0, retryToken: TOKEN, emailStatus: 'resolved' } });
		const email = paymentResolvedEmail(restaurant, row, 'UTC');
		expect(email.subject).toBe('[Demo Bistro] Payment on table 12 (20.00 EUR) was booked after all');
		expect(email.text).toContain('Do not retry it or book it by hand.');
		expect(email.text).toContain(`Confirmed: ${BRUSSELS}`);
		expect(email.html).not.toContain('href=');
		expect(email.html + email.text).not.toContain(TOKEN);
	});

	it('names the check when there is no table, and never an empty "check "', () => {
		const onCheck = paymentResolvedEmail(restaurant, paymentRow({ tableNumber: null, checkId: 'A65315.21' }, { status: 'applied' }), 'UTC');
		expect(onCheck.subject).toContain('Payment on check A65315.21 (20.00 EUR)');
		const nowhere = paymentResolvedEmail(restaurant, paymentRow({ tableNumber: null, checkId: null }, { status: 'applied' }), 'UTC');
		expect(nowhere.subject).toContain('Payment on a table (20.00 EUR)');
		const again = reconnectedEmail(restaurant, [{ row: paymentRow({ tableNumber: null, checkId: null }, { status: 'failed' }), kind: 'payment', retryUrl: null }]);
		expect(again.text).toContain('- Payment 20.00 EUR on a table (p_1)');
		for (const email of [nowhere, again]) expect(`${email.subject}\n${email.text}`).not.toMatch(/check \(|check $/m);
	});
});

describe('order failure email', () => {
	const ORDER_URL = `https://n8n.example.com/webhook/qodeup-retry/demo-bistro/order?t=${TOKEN}`;
	const failedOrder = (code: string, errorText: string, request = {}) =>
		orderRow({ ...request }, { status: 'failed', columns: { errorCode: code, errorText, retryToken: TOKEN } });

	it('names the cause Lightspeed gave, what was ordered, by whom, when, and the fix', () => {
		const email = orderFailureEmail(restaurant, failedOrder('SKU_NOT_FOUND', 'Item not found for SKU BURGER'), ORDER_URL, 'UTC');
		const explanation = explainOrderFailure('SKU_NOT_FOUND', 'Item not found for SKU BURGER');
		expect(email.subject).toBe(`[Demo Bistro] order for table 12 not taken by Lightspeed: ${explanation.title}`);
		for (const line of ['Order: eat-in, table 12', 'Items: 2 × BURGER, 1 × COLA', 'Guest: Ana Lopes', `Time: ${BRUSSELS}`, 'Qodeup order ID: o-1', 'Error code: SKU_NOT_FOUND']) {
			expect(email.text).toContain(line);
		}
		expect(email.text).toContain('SKU BURGER is not in Lightspeed');
		expect(email.text).toContain('Lightspeed said: Item not found for SKU BURGER');
		// a resend cannot help an unknown SKU: no link
		expect(email.text).not.toContain(ORDER_URL);
		expect(email.text).toContain('Retrying cannot help here');
		expect(email.html + email.text).not.toContain(TOKEN);
	});

	it.each<[string, boolean]>([
		['POS_TIMEOUT', true],
		['LIGHTSPEED_UNAVAILABLE', true],
		['LIGHTSPEED_DISCONNECTED', true],
		['TABLE_INACTIVE', false],
		['ORDER_PAYMENT_TOO_HIGH', false],
		['ORDER_REFUSED', false],
	])('%s: the retry link only where a plain resend can help (%p)', (code, link) => {
		const email = orderFailureEmail(restaurant, failedOrder(code, ''), ORDER_URL, 'UTC');
		expect(email.text.includes(`Open the order to retry it: ${ORDER_URL}`)).toBe(link);
		expect(email.text).toContain(explainOrderFailure(code).why);
	});

	it('a to-go order with a payment shows the amount paid with it', () => {
		const row = failedOrder('POS_TIMEOUT', 'Order not delivered to the POS before validity ended', {
			mode: 'to-go',
			tableNumber: null,
			payment: { amount: '9.5', tipAmount: '0.00', method: 'card' },
		});
		const email = orderFailureEmail(restaurant, row, ORDER_URL, 'UTC');
		expect(email.subject).toContain('to-go order not taken by Lightspeed: The register (iPad) did not take the order in time');
		expect(email.text).toContain('Paid with the order: 9.50 EUR');
		expect(orderSummary(row)).toMatchObject({ mode: 'to-go', tableNumber: '', paymentAmount: '9.5' });
	});
});

describe('reconnect and connected-again emails', () => {
	it('reconnect: names the lost connection, since when, what waits, and where to press Connect', () => {
		const email = reconnectEmail(restaurant, { payments: 2, orders: 1 }, 'https://n8n.example.com/home/credentials/cred-ls-1', T0, 'UTC');
		const explanation = explainFailure('LIGHTSPEED_DISCONNECTED');
		expect(email.subject).toBe('[Demo Bistro] Reconnect Lightspeed: 2 payments and 1 order waiting');
		expect(email.text).toContain(explanation.why);
		expect(email.text).toContain(explanation.fix);
		expect(email.text).toContain(`Since: ${BRUSSELS}`);
		expect(email.text).toContain('Open the Lightspeed credential in n8n: https://n8n.example.com/home/credentials/cred-ls-1');
		expect(email.text).toContain('You get this email once for this outage');
		expect(reconnectEmail(restaurant, { payments: 0, orders: 0 }, null, T0, 'UTC')).toMatchObject({
			subject: '[Demo Bistro] Reconnect Lightspeed: the connection is lost',
			html: expect.not.stringContaining('href='),
		});
	});

	it('connected again: each waiting payment and order with its own retry link', () => {
		const tokens = [newRetryToken(), newRetryToken()];
		const email = reconnectedEmail(restaurant, [
			{ row: paymentRow({ tableNumber: 12 }, { status: 'failed' }), kind: 'payment', retryUrl: `https://n8n.example.com/webhook/qodeup-retry/demo-bistro/payment?t=${tokens[0]}` },
			{ row: orderRow({ orderId: 'o-9' }, { status: 'failed' }), kind: 'order', retryUrl: `https://n8n.example.com/webhook/qodeup-retry/demo-bistro/order?t=${tokens[1]}` },
		]);
		expect(email.subject).toBe('[Demo Bistro] Lightspeed is connected again: 2 to retry');
		expect(email.text).toContain(`- Payment 20.00 EUR on table 12 (p_1): https://n8n.example.com/webhook/qodeup-retry/demo-bistro/payment?t=${tokens[0]}`);
		expect(email.text).toContain(`- Order o-9 (eat-in, table 12): https://n8n.example.com/webhook/qodeup-retry/demo-bistro/order?t=${tokens[1]}`);
		expect(email.text).toContain('opening a link changes nothing');
		expect([...email.html.matchAll(/href="/g)]).toHaveLength(2);
	});
});

describe('storage warning (operator)', () => {
	it('says how full the Data tables are and what to do; "full" at the limit', () => {
		const warning = storageWarningEmail('ops@fleet.example', 'Fleet A', 170 * 1048576, 200 * 1048576);
		expect(warning.to).toEqual(['ops@fleet.example']);
		expect(warning.subject).toBe('[Fleet A] n8n Data tables at 85% of their limit');
		expect(warning.text).toContain('about 170.0 MiB of the 200.0 MiB');
		expect(warning.text).toContain('N8N_DATA_TABLES_MAX_SIZE_BYTES');
		const full = storageWarningEmail('ops@fleet.example', 'Fleet A', 200 * 1048576, 200 * 1048576);
		expect(full.subject).toBe('[Fleet A] n8n Data tables are full');
		expect(full.text).toContain('Payments are being refused: the Data tables are full');
	});
});

describe('the HTML kit and the time text', () => {
	it('escapes the five HTML characters and the backtick, and nothing else', () => {
		expect(escapeHtml(`<a href="x" title='y'>\`&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&#96;&amp;&lt;/a&gt;');
		expect(escapeHtml(undefined)).toBe('');
		expect(escapeHtml(12)).toBe('12');
	});

	it('oneLine folds control characters and cuts long text', () => {
		expect(oneLine('a\r\nb\tc\u0000d', 100)).toBe('a b c d');
		expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
	});

	it('safeLink keeps only http(s)', () => {
		expect(safeLink('https://a.example/x?t=1')).toBe('https://a.example/x?t=1');
		expect(safeLink(' http://a.example ')).toBe('http://a.example/');
		for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.example', 'not a url', '', null, undefined]) expect(safeLink(bad)).toBeNull();
	});

	it('redact removes bearer and basic credentials and OAuth secrets', () => {
		expect(redact('Authorization: Basic dXNlcjpwYXNz and Bearer abc.def')).toBe('Authorization: Basic [redacted] and Bearer [redacted]');
		expect(redact('{"access_token":"AT1","refresh_token":"RT1","client_secret":"CS1"}')).toBe(
			'{"access_token":"[redacted]","refresh_token":"[redacted]","client_secret":"[redacted]"}',
		);
		expect(redact('Table 12 not found')).toBe('Table 12 not found');
	});

	it('a form posts (no JavaScript) and its text twin says nothing of its fields', () => {
		const doc = { title: 'T', tone: 'neutral' as const, blocks: [{ kind: 'form' as const, action: '', fields: { t: 'tok"en' }, label: 'Retry now' }], footer: 'f' };
		const html = renderHtml(doc);
		expect(html).toContain('<form method="post" action=""');
		expect(html).toContain('<input type="hidden" name="t" value="tok&quot;en">');
		expect(html).not.toContain('<script');
		expect(renderText(doc)).toBe('T\n\n(Retry now)\n\nf');
	});

	it('describeLocalTime: the zone named, the fallback said, an impossible time said', () => {
		expect(describeLocalTime(T0, 'Europe/Brussels', 'UTC')).toBe(BRUSSELS);
		expect(describeLocalTime(T0, '', 'America/New_York')).toBe("27 November 2026 at 13:05 (America/New_York, n8n's time zone: Lightspeed did not give the location's)");
		expect(describeLocalTime(Number.NaN, 'Europe/Brussels', 'UTC')).toBe('unknown time');
		expect(isTimeZone('Europe/Lisbon')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});
