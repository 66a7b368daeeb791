'use strict';
// Discounts on order items, as the POS applies them: a known code takes its percentage or
// amount off the line; discountAmountOverride / discountPercentOverride need a manual discount
// code. A discount the POS cannot apply fails the whole order (ORDER FAILURE, reason below).
// Every reason starts with "Discount " so the package can tell this cause apart.

class DiscountError extends Error {}

const cannot = (code, why) => new DiscountError(`Discount ${code ? `${code} ` : ''}cannot be applied: ${why}`);

// Rounded half up, integers only: cents × basis points / 10000.
const percentOf = (cents, bp) => Math.floor((cents * bp * 2 + 10000) / 20000);

// items: the validated order items (money fields also as …Cents); priced: store.priceLines(items).
// Returns the priced lines with discountCents taken off amountCents; throws DiscountError.
function applyDiscounts(store, faults, items, priced) {
	return priced.map((line, i) => {
		const item = items[i] || {};
		const code = item.discountCode;
		const amountOverride = item.discountAmountOverrideCents;
		const percentOverride = item.discountPercentOverrideCents; // "12.5" % → 1250 basis points
		const override = amountOverride !== undefined || percentOverride !== undefined;
		if (code === undefined || code === null || code === '') {
			if (override) throw cannot(null, 'an override needs a manual discount code');
			return line;
		}
		const discount = store.discounts.get(code);
		if (!discount) throw new DiscountError(`Discount not found for code ${code}`);
		if (faults.discountInactive(code)) throw cannot(code, 'it is not active');
		if (amountOverride !== undefined && percentOverride !== undefined) {
			throw cannot(code, 'only one of discountAmountOverride or discountPercentOverride can be set');
		}
		if (override && !discount.manual) throw cannot(code, 'it is not a manual discount');
		if (!override && discount.manual) throw cannot(code, 'a manual discount needs discountAmountOverride or discountPercentOverride');
		const gross = line.amountCents;
		let off;
		if (amountOverride !== undefined) off = amountOverride;
		else if (percentOverride !== undefined) off = percentOverride > 10000 ? gross + 1 : percentOf(gross, percentOverride);
		else if (discount.percentBp !== undefined) off = percentOf(gross, discount.percentBp);
		else off = discount.amountCents;
		if (off < 0 || off > gross) throw cannot(code, 'it is larger than the item amount');
		return { ...line, discountCode: code, discountCents: off, amountCents: gross - off };
	});
}

module.exports = { applyDiscounts, DiscountError };
