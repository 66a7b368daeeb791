import { createHash } from 'crypto';

import { formatMinor, minorToJsonNumber, MoneyError, parseAmountInput } from '../../../nodes/shared/money';
import { orderReference } from '../../../nodes/shared/orders';
import { buildPaymentReference, MAX_REFERENCE_LENGTH, paymentReferences, referenceTag } from '../../../nodes/shared/paymentReference';

describe('minorToJsonNumber (request bodies)', () => {
	it.each([
		[1, '0.01'],
		[30, '0.3'],
		[2006, '20.06'],
		[123456789, '1234567.89'],
		[0, '0'],
	])('%p minor units serialise as %s', (minor, json) => {
		expect(JSON.stringify(minorToJsonNumber(minor))).toBe(json);
	});

	it('round-trips every cent value up to 1000.00 exactly', () => {
		for (let minor = 0; minor <= 100000; minor++) {
			expect(parseAmountInput(String(minorToJsonNumber(minor)), 'amount', { allowZero: true })).toBe(minor);
		}
	});

	it('refuses amounts beyond safe integers, naming the field', () => {
		expect(() => parseAmountInput('99999999999999999999', 'amount')).toThrow(MoneyError);
		expect(() => parseAmountInput('99999999999999999999', 'amount')).toThrow('amount is too large');
		expect(formatMinor(-1)).toBe('-0.01');
	});
});

describe('payment references (buildPaymentReference)', () => {
	it('is QD-<paymentId>-<attempt> for a plain id, the same every time', () => {
		expect(buildPaymentReference('p_1', 1)).toBe('QD-p_1-1');
		expect(buildPaymentReference('p_1', 2)).toBe('QD-p_1-2');
		expect(buildPaymentReference('A'.repeat(40), 999)).toBe(`QD-${'A'.repeat(40)}-999`);
		expect(buildPaymentReference('A'.repeat(40), 999).length).toBeLessThanOrEqual(MAX_REFERENCE_LENGTH);
	});

	it('hashes an id with other characters or over 40 characters (QDH-), so the prefixes never collide', () => {
		for (const id of ['p-1', 'A'.repeat(41), 'pay #1/2', 'é']) {
			const reference = buildPaymentReference(id, 3);
			expect(reference).toMatch(/^QDH-[0-9a-f]{32}-3$/);
			expect(reference.length).toBeLessThanOrEqual(MAX_REFERENCE_LENGTH);
			expect(buildPaymentReference(id, 3)).toBe(reference);
		}
		expect(buildPaymentReference('p-1', 1)).not.toBe(buildPaymentReference('p-2', 1));
		expect(buildPaymentReference('p-1', 1)).not.toBe(buildPaymentReference('p-1', 2));
	});

	it('refuses an empty id and attempts outside 1..999', () => {
		expect(() => buildPaymentReference('', 1)).toThrow('paymentId is required');
		for (const attempt of [0, 1000, 1.5, Number.NaN]) expect(() => buildPaymentReference('p_1', attempt)).toThrow(/attempt/);
	});

	it('lists every reference a payment may have been sent under', () => {
		expect(paymentReferences('p_1', 3)).toEqual(['QD-p_1-1', 'QD-p_1-2', 'QD-p_1-3']);
		expect(paymentReferences('p_1', 0)).toEqual([]);
	});
});

describe("payment references of a restaurant (its tag: two restaurants may use the same payment id)", () => {
	const A = 'demo-bistro';
	const B = 'rua-augusta';
	const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

	it("the tag is the first 8 hex digits of the SHA-256 of the integration id", () => {
		expect(referenceTag(A)).toBe(sha(A).slice(0, 8));
		expect(referenceTag(A)).toMatch(/^[0-9a-f]{8}$/);
		expect(referenceTag(A)).not.toBe(referenceTag(B));
	});

	it('is Q<tag>-<paymentId>-<attempt> for a plain id, QH<tag>-<24 hex>-<attempt> otherwise, the same every time', () => {
		const tag = referenceTag(A);
		expect(buildPaymentReference('p_1', 1, A)).toBe(`Q${tag}-p_1-1`);
		expect(buildPaymentReference('p_1', 2, A)).toBe(`Q${tag}-p_1-2`);
		expect(buildPaymentReference('p-1', 3, A)).toBe(`QH${tag}-${sha('p-1').slice(0, 24)}-3`);
		expect(buildPaymentReference('p_1', 1, A)).toBe(buildPaymentReference('p_1', 1, A));
	});

	it('two restaurants get different references for the same payment id and attempt, and neither is the one without a restaurant', () => {
		for (const id of ['p_1', 'p-1', 'A'.repeat(36), 'A'.repeat(37), 'pay #1/2']) {
			for (const attempt of [1, 2, 999]) {
				const ofA = buildPaymentReference(id, attempt, A);
				const ofB = buildPaymentReference(id, attempt, B);
				expect([id, attempt, ofA === ofB]).toEqual([id, attempt, false]);
				expect(ofA).not.toBe(buildPaymentReference(id, attempt));
				expect(ofB).not.toBe(buildPaymentReference(id, attempt));
			}
		}
	});

	it('the longest plain id (36 characters) with attempt 999 is exactly 50 characters; 37 characters take the hashed form', () => {
		const tag = referenceTag(A);
		const longest = buildPaymentReference('A'.repeat(36), 999, A);
		expect(longest).toBe(`Q${tag}-${'A'.repeat(36)}-999`);
		expect(longest).toHaveLength(MAX_REFERENCE_LENGTH);
		const hashed = buildPaymentReference('A'.repeat(37), 999, A);
		expect(hashed).toBe(`QH${tag}-${sha('A'.repeat(37)).slice(0, 24)}-999`);
		expect(hashed.length).toBeLessThanOrEqual(MAX_REFERENCE_LENGTH);
		// 37 to 40 characters were plain without a restaurant
		expect(buildPaymentReference('A'.repeat(40), 1, A)).toMatch(new RegExp(`^QH${tag}-[0-9a-f]{24}-1$`));
		for (const id of ['x', 'A'.repeat(36), 'A'.repeat(37), 'é'.repeat(200), 'pay #1/2']) {
			expect(buildPaymentReference(id, 999, A).length).toBeLessThanOrEqual(MAX_REFERENCE_LENGTH);
		}
	});

	it('no two of the four forms meet (ids near every limit, several attempts and restaurants)', () => {
		const seen = new Map<string, string>();
		const ids = ['p_1', 'p-1', 'QD', 'H', 'A'.repeat(36), 'A'.repeat(37), 'A'.repeat(40), 'A'.repeat(41), `${referenceTag(A)}`, 'é'];
		for (const integrationId of [undefined, A, B]) {
			for (const id of ids) {
				for (const attempt of [1, 2, 12, 999]) {
					const reference = buildPaymentReference(id, attempt, integrationId);
					const key = `${integrationId ?? '-'} ${id} ${attempt}`;
					expect([key, seen.get(reference)]).toEqual([key, undefined]);
					seen.set(reference, key);
				}
			}
		}
	});

	it('without an integration id the older forms stay exactly as they were', () => {
		for (const none of [undefined, '']) {
			expect(buildPaymentReference('p_1', 1, none)).toBe('QD-p_1-1');
			expect(buildPaymentReference('A'.repeat(40), 999, none)).toBe(`QD-${'A'.repeat(40)}-999`);
			expect(buildPaymentReference('p-1', 2, none)).toBe(`QDH-${sha('p-1').slice(0, 32)}-2`);
		}
	});

	it("a restaurant's list holds its own references, then the older ones a check may still show", () => {
		const own = [1, 2, 3].map((attempt) => buildPaymentReference('p_1', attempt, A));
		const older = [1, 2, 3].map((attempt) => buildPaymentReference('p_1', attempt));
		expect(paymentReferences('p_1', 3, A)).toEqual([...own, ...older]);
		expect(paymentReferences('p_1', 3, A)).toContain('QD-p_1-1');
		expect(paymentReferences('p-1', 1, A)).toEqual([buildPaymentReference('p-1', 1, A), buildPaymentReference('p-1', 1)]);
		// never another restaurant's
		expect(paymentReferences('p_1', 3, A)).not.toContain(buildPaymentReference('p_1', 1, B));
		expect(paymentReferences('p_1', 0, A)).toEqual([]);
	});
});

describe('order references never meet', () => {
	it('an order id that ends like a retry is hashed, so it cannot be the retry of another order', () => {
		expect(orderReference('abc', 2)).toBe('abc-R2');
		expect(orderReference('abc-R2', 1)).not.toBe('abc-R2');
		expect(orderReference('abc-R2', 1)).toMatch(/^QOH-[0-9a-f]{32}$/);
		expect(orderReference('abc-R2', 2)).toMatch(/^QOH-[0-9a-f]{32}-R2$/);
		expect(orderReference('abc-Rx', 1)).toBe('abc-Rx');
	});
});

describe('order references (orderReference, at most 48 characters)', () => {
	it('is the order id itself for attempt 1 when it fits, and <orderId>-R<n> for a retry', () => {
		expect(orderReference('o-1', 1)).toBe('o-1');
		expect(orderReference('o-1', 2)).toBe('o-1-R2');
		expect(orderReference('o.1:x_y', 12)).toBe('o.1:x_y-R12');
		expect(orderReference('A'.repeat(48), 1)).toBe('A'.repeat(48));
	});

	it('hashes (QOH-) an id whose attempt would not fit 48 characters or that has other characters, deterministically', () => {
		const long = orderReference('A'.repeat(49), 1);
		expect(long).toMatch(/^QOH-[0-9a-f]{32}$/);
		expect(long.length).toBeLessThanOrEqual(48);
		// 48 characters fit alone, not with -R2
		expect(orderReference('A'.repeat(48), 2)).toMatch(/^QOH-[0-9a-f]{32}-R2$/);
		expect(orderReference('A'.repeat(45), 2)).toBe(`${'A'.repeat(45)}-R2`);
		expect(orderReference('A'.repeat(46), 2)).toMatch(/^QOH-/);
		expect(orderReference('order #1/2', 1)).toBe(orderReference('order #1/2', 1));
		expect(orderReference('order #1/2', 1)).not.toBe(orderReference('order #1/3', 1));
		expect(orderReference('order #1/2', 3)).toBe(`${orderReference('order #1/2', 1)}-R3`);
		expect(() => orderReference('', 1)).toThrow('orderId is required');
	});
});
