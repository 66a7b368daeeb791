/**
 * The page behind a retry link (nodes/shared/notices/retryPage.ts) and the token in it
 * (nodes/shared/tokens.ts): opening the link (GET/HEAD) shows what a retry would do and acts on
 * nothing; only the page's POST acts, once; unknown, expired and used links say so.
 */
import type { IDataObject } from 'n8n-workflow';

import { explainFailure, explainOrderFailure } from '../../../nodes/shared/failureReasons';
import { renderRetryPage, retryLinkState } from '../../../nodes/shared/notices/retryPage';
import type { RetryPageInput } from '../../../nodes/shared/notices/retryPage';
import { newRetryToken, RETRY_TOKEN_PATTERN } from '../../../nodes/shared/tokens';
import { orderRow, paymentRow, T0 } from '../../helpers/qodeupLedger';

const NOW = T0 + 3_600_000;
const TOKEN = newRetryToken();

const failedPayment = (columns: IDataObject = {}) =>
	paymentRow(
		{},
		{ status: 'failed', columns: { errorCode: 'POS_TIMEOUT', retryToken: TOKEN, retryExpiresAtMs: NOW + 86_400_000, settledAtMs: T0, ...columns } },
	);

function page(row: RetryPageInput['row'], over: Partial<RetryPageInput> = {}) {
	return renderRetryPage({
		kind: 'payment',
		row,
		token: TOKEN,
		mode: 'show',
		restaurantName: 'Demo Bistro',
		timezone: 'Europe/Brussels',
		instanceZone: 'UTC',
		currency: 'EUR',
		now: NOW,
		...over,
	});
}
const ENTITIES: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&#96;': '`', '&lt;': '<', '&gt;': '>', '&amp;': '&' };
/** What a person reads on the page. */
const textOf = (html: string) =>
	html
		.replace(/<[^>]+>/g, ' ')
		.replace(/&(quot|#39|#96|lt|gt|amp);/g, (entity) => ENTITIES[entity])
		.replace(/\s+/g, ' ');

describe('retry tokens', () => {
	it('are 128 random bits in URL-safe base64, never the same twice', () => {
		const tokens = Array.from({ length: 200 }, () => newRetryToken());
		for (const token of tokens) expect(token).toMatch(RETRY_TOKEN_PATTERN);
		expect(new Set(tokens).size).toBe(tokens.length);
		expect(Buffer.from(tokens[0], 'base64url')).toHaveLength(16);
	});

	it('the pattern refuses anything else', () => {
		for (const bad of ['', 'short', `${TOKEN}x`, `${TOKEN.slice(0, 21)}+`, `${TOKEN.slice(0, 21)}/`, `${TOKEN.slice(0, 21)}=`]) {
			expect(RETRY_TOKEN_PATTERN.test(bad)).toBe(false);
		}
	});
});

describe('retryLinkState', () => {
	it.each<[string, IDataObject | undefined, string]>([
		['a failed row with its token', {}, 'ready'],
		['no row', undefined, 'unknown'],
		['a row without a token', { retryToken: '' }, 'unknown'],
		['a used link (even if expired too)', { retryUsedAtMs: NOW - 1, retryExpiresAtMs: NOW - 1 }, 'used'],
		['an expired link', { retryExpiresAtMs: NOW }, 'expired'],
		['a link without expiry', { retryExpiresAtMs: null }, 'ready'],
		['a payment booked meanwhile', { status: 'applied' }, 'nothingToDo'],
		['a payment being sent', { status: 'sent' }, 'nothingToDo'],
	])('%s → %s', (_name, change, state) => {
		expect(retryLinkState(change === undefined ? undefined : { ...failedPayment(), ...change }, NOW)).toBe(state);
	});
});

describe('the page for GET (opening the link)', () => {
	it('ready: what failed, why, the fix, and a "Retry now" form posting the token — it changes nothing', () => {
		const shown = page(failedPayment());
		const explanation = explainFailure('POS_TIMEOUT');
		expect(shown).toMatchObject({ state: 'ready', statusCode: 200 });
		const text = textOf(shown.html);
		expect(text).toContain('Retry Payment p_1?');
		expect(text).toContain('Amount 20.00 EUR');
		expect(text).toContain('Tip 1.50 EUR');
		expect(text).toContain('Failed 27 November 2026 at 19:05 (Europe/Brussels)');
		expect(text).toContain(explanation.why);
		expect(text).toContain(`Fix first: ${explanation.fix}`);
		expect(text).toContain('Opening this page changed nothing');
		expect(shown.html).toContain(`<form method="post" action="" style=`);
		expect(shown.html).toContain(`<input type="hidden" name="t" value="${TOKEN}">`);
		expect(shown.html).toContain('>Retry now</button>');
		expect(shown.html).not.toMatch(/<script|<a /);
	});

	it('an order: its items and the order wording', () => {
		const row = orderRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', retryToken: TOKEN, settledAtMs: T0 } });
		const shown = page(row, { kind: 'order' });
		expect(shown.state).toBe('ready');
		const text = textOf(shown.html);
		expect(text).toContain('Retry Order o-1?');
		expect(text).toContain('Items 2 × BURGER, 1 × COLA');
		expect(text).toContain(explainOrderFailure('POS_TIMEOUT').why);
	});

	it('unknown (changed, cut short or replaced by a newer email): 404, no form', () => {
		for (const row of [undefined, { ...failedPayment(), retryToken: '' }]) {
			const shown = page(row);
			expect(shown).toMatchObject({ state: 'unknown', statusCode: 404 });
			expect(textOf(shown.html)).toContain('This link is not valid');
			expect(textOf(shown.html)).toContain('Use the link from the most recent email');
			expect(shown.html).not.toContain('<form');
		}
	});

	it('expired: 410 with the expiry in the restaurant\'s time, no form', () => {
		const shown = page(failedPayment({ retryExpiresAtMs: T0 }));
		expect(shown).toMatchObject({ state: 'expired', statusCode: 410 });
		expect(textOf(shown.html)).toContain('The link expired on 27 November 2026 at 19:05 (Europe/Brussels)');
		expect(shown.html).not.toContain('<form');
	});

	it('used: when it was pressed and what became of the payment, no form', () => {
		const shown = page(failedPayment({ status: 'sent', retryUsedAtMs: T0 }));
		expect(shown).toMatchObject({ state: 'used', statusCode: 200 });
		const text = textOf(shown.html);
		expect(text).toContain('"Retry now" was pressed on 27 November 2026 at 19:05 (Europe/Brussels); a link works once.');
		expect(text).toContain('Now: The payment was sent to Lightspeed again.');
		expect(shown.html).not.toContain('<form');
	});

	it('nothing to do: the payment is booked', () => {
		const shown = page(failedPayment({ status: 'applied' }));
		expect(shown).toMatchObject({ state: 'nothingToDo', statusCode: 200 });
		expect(textOf(shown.html)).toContain('The payment is on the register. It is booked; nothing was sent twice.');
		expect(shown.html).not.toContain('<form');
	});

	it('without the location\'s zone the time is n8n\'s, and the page says so', () => {
		expect(textOf(page(failedPayment(), { timezone: '' }).html)).toContain("(UTC, n8n's time zone: Lightspeed did not give the location's)");
	});

	it('escapes every value', () => {
		const evil = '<img src=x onerror=alert(1)>';
		const shown = page(failedPayment({ paymentId: evil, errorCode: evil, checkId: evil }), { restaurantName: evil, token: `"><script>` });
		expect(shown.html).not.toContain('<img');
		expect(shown.html).not.toContain('<script');
	});
});

describe('the page after the POST (what the retry did)', () => {
	it.each<[string, string, boolean]>([
		['sent', 'The payment was sent to Lightspeed again', true],
		['applied', 'The payment is on the register', true],
		['received', 'Lightspeed could not be reached just now', false],
		['failed', `The payment failed again: ${explainFailure('POS_TIMEOUT').title}`, false],
	])('status %s: "%s"', (status, title, good) => {
		const shown = page(failedPayment({ status, retryUsedAtMs: NOW }), { mode: 'acted' });
		expect(shown).toMatchObject({ state: 'done', statusCode: 200 });
		expect(shown.html).toContain(`<title>${title}</title>`);
		expect(shown.html).toContain(good ? 'color:#0f7b3f' : 'color:#b00020');
		expect(shown.html).not.toContain('<form');
	});

	it('an order accepted or closed is on the register', () => {
		for (const status of ['accepted', 'closed']) {
			expect(page(orderRow({}, { status }), { kind: 'order', mode: 'acted' }).html).toContain('<title>The order is on the register</title>');
		}
	});

	it('a second press that found nothing to claim: already used, nothing sent twice', () => {
		const shown = page(undefined, { mode: 'acted' });
		expect(shown).toMatchObject({ state: 'used', statusCode: 200 });
		expect(textOf(shown.html)).toContain('nothing was sent twice');
	});
});
