'use strict';
// Builds the notifications Lightspeed sends: Order & Pay webhooks (ORDER / PAYMENT, shapes
// of the official webhook contract) to a registered endpoint, and Back Office Real-Time
// Notifications (OPEN / UPDATE / CLOSE, API doc §8.3) to the configured RTN URL.

const { snapshot, rtnAccount } = require('./render');

// The endpoint is looked up among those of the client whose token sent the payment or order.
function endpointTarget(store, clientId, endpointId) {
	const ep = store.endpoint(clientId, endpointId);
	if (!ep) return { target: null, endpointId, error: `endpoint ID not found for ${endpointId}` };
	return {
		target: {
			endpointId,
			url: ep.url,
			username: ep.withBasicAuth ? ep.username ?? '' : undefined,
			password: ep.withBasicAuth ? ep.password ?? '' : undefined,
		},
		endpoint: ep,
	};
}

function accountFields(store, check, endpoint) {
	const out = {};
	if (endpoint && endpoint.provideAccount) {
		out.account = snapshot(store, check, { transactions: !!endpoint.expandTransactions, payments: !!endpoint.expandPayments });
	}
	out.ikentooAccountId = check.numericId;
	out.ikentooAccountIdentifier = check.accountIdentifier;
	return out;
}

// PAYMENT SUCCESS / FAILURE. failure: {reason, accountType?, timeout?}
function payment(store, p, check, failure) {
	const { target, error, endpointId } = endpointTarget(store, p.clientId, p.endpointId);
	const payload = {};
	if (failure) payload.reason = failure.reason;
	payload.thirdPartyReference = p.reference;
	payload.businessLocationId = p.businessLocationId;
	payload.status = failure ? 'FAILURE' : 'SUCCESS';
	if (check) {
		if (!failure) payload.ikentooAccountId = check.numericId;
		payload.ikentooAccountIdentifier = check.accountIdentifier;
	}
	if (failure && failure.accountType) payload.errors = { account: { type: failure.accountType } };
	if (failure && failure.timeout) {
		payload.errors = { timeout: { errorKey: 'errors.payment.pos.task_timeout', message: 'Not processed before validity ended' } };
	}
	payload.type = 'PAYMENT';
	return {
		channel: 'orderAndPay', target, clientId: p.clientId, endpointId, error, payload,
		summary: { type: 'PAYMENT', status: payload.status, reference: p.reference, checkId: check ? check.accountIdentifier : p.accountIdentifier || null, errorType: failure ? failure.accountType || (failure.timeout ? 'TIMEOUT' : null) : null },
	};
}

// ORDER notifications: SUCCESS / FAILURE for an order, CHECK_WAS_UPDATED / CLOSED for a check.
function order(store, { clientId, endpointId, reference, businessLocationId, status, reason, check }) {
	const t = endpointTarget(store, clientId, endpointId);
	const payload = {};
	if (reason) payload.reason = reason;
	payload.thirdPartyReference = reference;
	payload.businessLocationId = businessLocationId;
	payload.status = status;
	if (check) Object.assign(payload, accountFields(store, check, t.endpoint));
	payload.type = 'ORDER';
	return {
		channel: 'orderAndPay', target: t.target, clientId, endpointId, error: t.error, payload,
		summary: { type: 'ORDER', status, reference, checkId: check ? check.accountIdentifier : null },
	};
}

function rtn(store, config, notificationType, check) {
	if (!config.rtnUrl) return null;
	const target = { url: config.rtnUrl };
	if (config.rtnUsername) {
		target.username = config.rtnUsername;
		target.password = config.rtnPassword ?? '';
	}
	return {
		channel: 'rtn',
		target,
		payload: {
			notificationType,
			account: rtnAccount(store, check),
			event: null,
			retryCounter: 0,
			businessLocationId: check.businessLocationId,
		},
		summary: { type: 'RTN', status: notificationType, reference: check.lastReference, checkId: check.accountIdentifier },
	};
}

module.exports = { payment, order, rtn };
