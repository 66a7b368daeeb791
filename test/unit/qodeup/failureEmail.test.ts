import { composeFailureEmail, isRetryableFailure, parseEmailList } from '../../../nodes/Qodeup/actions/failureEmail';
import type { FailureEmail, FailureEmailInput } from '../../../nodes/Qodeup/actions/failureEmail';
import { escapeHtml } from '../../../nodes/Qodeup/actions/escapeHtml';
import { Qodeup } from '../../../nodes/Qodeup/Qodeup.node';
import { explainFailure } from '../../../nodes/shared/failureReasons';
import type { FailureCode } from '../../../nodes/shared/failureReasons';
import { createQodeupExecuteFunctions } from '../../helpers/qodeupContext';

const RETRY_URL = 'https://n8n.example.com/webhook/qodeup-retry/demo-bistro?t=abc.def';

const input: FailureEmailInput = {
	integrationName: 'Demo Bistro',
	notificationEmails: 'manager@bistro.example, owner@bistro.example',
	paymentId: 'p-1',
	tableNumber: '12',
	checkId: 'A65315.21',
	amount: '20.00',
	tipAmount: '1.5',
	method: 'card',
	currency: 'EUR',
	occurredAt: '2026-11-27T18:05:00Z',
	errorCode: 'POS_TIMEOUT',
	reason: 'Not processed before validity ended',
	retryUrl: RETRY_URL,
	timeZone: 'Europe/Brussels',
};

function compose(change: Partial<FailureEmailInput> = {}): FailureEmail {
	const result = composeFailureEmail({ ...input, ...change });
	if (!result.ok) throw new Error(result.message);
	return result.email;
}

describe('failure email', () => {
	it('addresses every valid recipient and writes subject, text and HTML', () => {
		const email = compose();
		expect(email.to).toEqual(['manager@bistro.example', 'owner@bistro.example']);
		expect(email.toHeader).toBe('manager@bistro.example, owner@bistro.example');
		expect(email.subject).toBe(
			'[Demo Bistro] Payment not booked on table 12 (20.00 EUR): The register (iPad) did not take the payment in time',
		);
		expect(email.text).toContain('Amount: 20.00 EUR');
		expect(email.text).toContain('Tip: 1.50 EUR');
		expect(email.text).toContain('Method: Card');
		expect(email.text).toContain('Time: 27 November 2026 at 19:05 (Europe/Brussels)');
		expect(email.text).toContain(`Retry payment (works once, fix the cause first): ${RETRY_URL}`);
		expect(email.html).toContain('<strong>12</strong>');
		expect(email.html).toContain('<strong>20.00 EUR</strong>');
		expect(email.html).toContain('<strong>1.50 EUR</strong>');
		expect(email.html).toContain('27 November 2026 at 19:05 (Europe/Brussels)');
		expect(email.html).toContain(`href="${escapeHtml(RETRY_URL)}"`);
		expect(email.html).toMatch(/>Retry payment<\/a>/);
		expect(email).toMatchObject({ errorCode: 'POS_TIMEOUT', retryable: true, retryButton: true, invalidAddresses: [] });
	});

	const codes: FailureCode[] = [
		'PAYMENT_API_DISABLED',
		'STAFF_NOT_FOUND',
		'MISSING_STAFF',
		'PAYMENT_METHOD_NOT_FOUND',
		'NATIVE_PAYMENT_NOT_SUPPORTED',
		'POS_TIMEOUT',
		'OVERPAID',
		'ACCOUNT_ALREADY_CLOSED',
		'ACCOUNT_NOT_FOUND',
		'AMOUNT_EXCEEDS_REMAINING',
		'MULTIPLE_OPEN_CHECKS',
		'REFERENCE_ALREADY_USED',
		'AUTHENTICATION_FAILED',
		'ACCESS_DENIED',
		'RATE_LIMITED',
		'LIGHTSPEED_UNAVAILABLE',
		'INVALID_REQUEST',
		'UNKNOWN',
	];
	it.each(codes)('explains %s in plain words, with a button only when retrying can help', (code) => {
		const email = compose({ errorCode: code });
		const explanation = explainFailure(code);
		for (const part of [explanation.title, explanation.why, explanation.fix]) {
			expect(email.html).toContain(escapeHtml(part));
			expect(email.text).toContain(part);
		}
		const notRetryable = [
			'ACCOUNT_ALREADY_CLOSED',
			'ACCOUNT_NOT_FOUND',
			'AMOUNT_EXCEEDS_REMAINING',
			'MULTIPLE_OPEN_CHECKS',
			'REFERENCE_ALREADY_USED',
		].includes(code);
		expect(email.retryButton).toBe(!notRetryable);
		expect(email.html.includes('>Retry payment</a>')).toBe(!notRetryable);
		expect(email.html.includes(RETRY_URL.split('?')[0])).toBe(!notRetryable);
		expect(email.text.includes(RETRY_URL)).toBe(!notRetryable);
		if (notRetryable) expect(email.text).toContain('Retrying cannot help here');
		expect(isRetryableFailure(code)).toBe(!notRetryable);
	});

	it('treats an unknown code as UNKNOWN', () => {
		expect(compose({ errorCode: 'SOMETHING_NEW' })).toMatchObject({ errorCode: 'UNKNOWN', retryButton: true });
	});

	it('shows no button without a retry URL, or with a non-http URL', () => {
		expect(compose({ retryUrl: '' }).retryButton).toBe(false);
		const evil = compose({ retryUrl: 'javascript:alert(1)' });
		expect(evil.retryButton).toBe(false);
		expect(evil.html).not.toContain('javascript:');
		expect(evil.html).not.toContain('<a ');
	});

	it('escapes every value in the HTML', () => {
		const evil = '<script>alert("x")</script>\'`&';
		const email = compose({
			integrationName: evil,
			paymentId: `p${evil}`,
			tableNumber: evil,
			checkId: evil,
			amount: evil,
			tipAmount: evil,
			method: evil,
			currency: '<b>€',
			occurredAt: evil,
			errorCode: evil,
			reason: evil,
			retryUrl: `https://n8n.example.com/x?t="><script>alert(1)</script>`,
			timeZone: evil,
		});
		expect(email.html).not.toMatch(/<script/i);
		expect(email.html).not.toContain('<b>');
		expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&#96;&amp;');
		// No value may close the href attribute.
		const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
		expect(hrefs).toHaveLength(1);
		expect(hrefs[0]).not.toMatch(/[<>"]/);
		// Stripped of the expected markup, no raw angle bracket or quote from a value remains.
		const textOnly = email.html.replace(/<[a-z!/][^<>]*>/gi, '');
		expect(textOnly).not.toMatch(/[<>"]/);
	});

	it('keeps the subject on one line', () => {
		const email = compose({ integrationName: 'Bistro\r\nBcc: attacker@example.com', tableNumber: '1\n2' });
		expect(email.subject).not.toMatch(/[\r\n]/);
		expect(email.subject.startsWith('[Bistro Bcc: attacker@example.com]')).toBe(true);
	});

	it('names the check or the payment when there is no table', () => {
		expect(compose({ tableNumber: '' }).subject).toContain('on check A65315.21');
		expect(compose({ tableNumber: '', checkId: '' }).subject).toContain('on payment p-1');
	});

	it('never includes tokens other than the retry link', () => {
		const email = compose({ reason: 'upstream said Authorization: Bearer eyJhbGciOi.secret.token' });
		expect(email.html).not.toContain('eyJhbGciOi');
		expect(email.text).not.toContain('eyJhbGciOi');
		expect(email.text).toContain('Bearer [redacted]');
	});

	it('falls back to UTC for an unknown time zone and shows an unparseable time as given', () => {
		expect(compose({ timeZone: 'Mars/Olympus' }).text).toContain('27 November 2026 at 18:05 (UTC)');
		expect(compose({ occurredAt: 'yesterday' }).text).toContain('Time: yesterday');
	});

	it('validates the address list', () => {
		expect(parseEmailList('a@b.example; A@B.example,\n c@d.example , bad, x@y')).toEqual({
			valid: ['a@b.example', 'c@d.example'],
			invalid: ['bad', 'x@y'],
		});
		expect(parseEmailList(['a@b.example', 'c@d.example'])).toEqual({ valid: ['a@b.example', 'c@d.example'], invalid: [] });
		expect(compose({ notificationEmails: 'ok@bistro.example, not-an-address' })).toMatchObject({
			to: ['ok@bistro.example'],
			invalidAddresses: ['not-an-address'],
		});
		expect(composeFailureEmail({ ...input, notificationEmails: 'nope' })).toEqual({
			ok: false,
			message: 'No valid notification email address (refused: nope)',
		});
		expect(composeFailureEmail({ ...input, notificationEmails: '' })).toEqual({
			ok: false,
			message: 'No notification email address is set',
		});
	});
});

describe('Qodeup node: failureEmail.compose', () => {
	it('reads the parameters (defaults included) and outputs the email', async () => {
		const { context } = createQodeupExecuteFunctions({
			params: {
				resource: 'failureEmail',
				operation: 'compose',
				integrationName: 'Demo Bistro',
				notificationEmails: 'manager@bistro.example',
				paymentId: 'p-1',
				tableNumber: 12,
				amount: '20.00',
				occurredAt: '2026-11-27T18:05:00Z',
				errorCode: 'ACCOUNT_ALREADY_CLOSED',
				reason: 'Account closed',
				retryUrl: RETRY_URL,
			},
		});
		const [[item]] = await new Qodeup().execute.call(context);
		expect(item.json).toMatchObject({
			to: ['manager@bistro.example'],
			errorCode: 'ACCOUNT_ALREADY_CLOSED',
			retryable: false,
			retryButton: false,
		});
		expect(item.json.text).toContain('Tip: 0.00 EUR');
		expect(item.json.text).toContain('(Europe/Brussels)');
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});
