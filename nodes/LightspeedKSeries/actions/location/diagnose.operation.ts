import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { explainFailure } from '../../../shared/failureReasons';
import { fetchBusinesses, fetchPaymentMethods, fetchReadiness, fetchStaff } from '../../helpers/api';
import type { Business, PaymentMethod, Readiness, StaffMember } from '../../helpers/api';
import { readLocationId, readOptionalId, readOptionalString } from '../../helpers/params';
import { lightspeedApiRequest, lightspeedErrorDetails } from '../../transport';
import {
	cardPaymentMethodField,
	locationField,
	staffIdField,
	voucherPaymentMethodField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	locationField,
	cardPaymentMethodField,
	voucherPaymentMethodField,
	{
		...staffIdField,
		description:
			'Staff account payments are booked by. Empty = the staff configured for the payment API (from readiness). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Webhook Endpoint ID',
		name: 'endpointId',
		type: 'string',
		default: '',
		description: 'Endpoint ID the Lightspeed K-Series Trigger registers. Empty = not checked.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['diagnose'] } },
	properties,
);

export interface DiagnoseCheck extends IDataObject {
	name: string;
	ok: boolean;
	/** `unknown` = could not be verified (reported ok, with the reason in detail). */
	status: 'ok' | 'problem' | 'unknown';
	detail: string;
	fix: string;
}

function check(name: string, status: DiagnoseCheck['status'], detail: string, fix = ''): DiagnoseCheck {
	return { name, ok: status !== 'problem', status, detail, fix: status === 'ok' ? '' : fix };
}

function reason(error: unknown): string {
	const details = lightspeedErrorDetails(error);
	if (details) return `${details.errorCode}${details.httpStatus ? ` (HTTP ${details.httpStatus})` : ''}: ${details.lightspeedMessage}`;
	return error instanceof Error ? error.message : String(error);
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const businessLocationId = readLocationId(this, itemIndex);
	const cardCode = readOptionalString(this, 'cardPaymentMethod', itemIndex);
	const voucherCode = readOptionalString(this, 'voucherPaymentMethod', itemIndex);
	const staffParam = readOptionalId(this, 'staffId', itemIndex);
	const endpointId = readOptionalString(this, 'endpointId', itemIndex);

	const [businesses, readiness, methods, staff, webhook] = await Promise.all([
		settle<Business[]>(fetchBusinesses.call(this, itemIndex)),
		settle<Readiness>(fetchReadiness.call(this, businessLocationId, itemIndex)),
		settle<PaymentMethod[]>(fetchPaymentMethods.call(this, businessLocationId, itemIndex)),
		settle<StaffMember[]>(fetchStaff.call(this, businessLocationId, itemIndex)),
		endpointId
			? settle<unknown>(
					lightspeedApiRequest.call(this, 'GET', `/o/wh/1/webhook/${encodeURIComponent(endpointId)}`, { itemIndex }),
				)
			: Promise.resolve(undefined),
	]);
	const checks: DiagnoseCheck[] = [];

	// 1. The connection (token) works and sees this location.
	const auth = explainFailure('AUTHENTICATION_FAILED');
	if (businesses.ok) {
		const location = businesses.value
			.flatMap((business) => business.locations.map((entry) => ({ ...entry, business: business.name })))
			.find((entry) => entry.businessLocationId === businessLocationId);
		checks.push(
			location
				? check('connection', 'ok', `Connected; location "${location.name}" of "${location.business}" is visible.`)
				: check(
						'connection',
						'problem',
						`Connected, but location ${businessLocationId} is not among the locations this connection can see.`,
						explainFailure('ACCESS_DENIED').fix,
					),
		);
	} else {
		const code = lightspeedErrorDetails(businesses.error)?.errorCode;
		checks.push(
			check(
				'connection',
				'problem',
				`Lightspeed did not accept the connection: ${reason(businesses.error)}`,
				code === 'AUTHENTICATION_FAILED' || code === 'ACCESS_DENIED' ? auth.fix : explainFailure(code).fix,
			),
		);
	}

	// 2. The payment API (online ordering API) is switched on.
	const disabled = explainFailure('PAYMENT_API_DISABLED');
	if (readiness.ok) {
		checks.push(
			readiness.value.paymentApiEnabled
				? check('paymentApi', 'ok', 'The payment API (online ordering API) is enabled for this location.')
				: check('paymentApi', 'problem', disabled.why, disabled.fix),
		);
	} else {
		checks.push(check('paymentApi', 'problem', `Could not read readiness: ${reason(readiness.error)}`, disabled.fix));
	}

	// 3. The chosen payment methods still exist.
	const methodFix = explainFailure('PAYMENT_METHOD_NOT_FOUND').fix;
	if (!cardCode && !voucherCode) {
		checks.push(check('paymentMethods', 'problem', 'No card or voucher payment method is chosen.', methodFix));
	} else if (methods.ok) {
		const codes = new Set(methods.value.map((method) => method.code));
		const missing = [
			...(cardCode && !codes.has(cardCode) ? [`card method "${cardCode}"`] : []),
			...(voucherCode && !codes.has(voucherCode) ? [`voucher method "${voucherCode}"`] : []),
		];
		checks.push(
			missing.length
				? check(
						'paymentMethods',
						'problem',
						`Not found in Lightspeed: ${missing.join(', ')}. Existing codes: ${[...codes].join(', ') || 'none'}.`,
						methodFix,
					)
				: check(
						'paymentMethods',
						'ok',
						`Found: ${[cardCode, voucherCode].filter(Boolean).join(', ')}.`,
					),
		);
	} else {
		checks.push(
			check('paymentMethods', 'problem', `Could not list payment methods: ${reason(methods.error)}`, methodFix),
		);
	}

	// 4. The staff account used for payments is still active.
	const staffFix = explainFailure('STAFF_NOT_FOUND').fix;
	const staffId = staffParam ?? (readiness.ok ? readiness.value.staffId ?? undefined : undefined);
	if (staffId === undefined) {
		checks.push(
			check(
				'staff',
				readiness.ok ? 'problem' : 'unknown',
				readiness.ok
					? 'No staff account is chosen and none is configured for the payment API.'
					: 'No staff account is chosen and the payment API configuration could not be read.',
				explainFailure('MISSING_STAFF').fix,
			),
		);
	} else if (staff.ok) {
		const member = staff.value.find((entry) => entry.staffId === staffId);
		if (!member) checks.push(check('staff', 'problem', `Staff account ${staffId} does not exist at this location.`, staffFix));
		else if (!member.active) {
			checks.push(check('staff', 'problem', `Staff account ${staffId} (${member.name}) is deactivated.`, staffFix));
		} else checks.push(check('staff', 'ok', `Staff account ${staffId} (${member.name}) is active.`));
	} else {
		const code = lightspeedErrorDetails(staff.error)?.errorCode;
		const scopeHint =
			code === 'ACCESS_DENIED' || code === 'AUTHENTICATION_FAILED'
				? ' The connection probably lacks the staff-api scope: tick "Include Staff Scope" on the credential and reconnect.'
				: '';
		checks.push(
			check(
				'staff',
				'unknown',
				`Staff account ${staffId} is configured, but the staff list could not be read: ${reason(staff.error)}.${scopeHint}`,
				staffFix,
			),
		);
	}

	// 5. The webhook endpoint (payment outcomes) is registered.
	const webhookFix =
		'Publish (activate) the workflow that contains the Lightspeed K-Series Trigger: it registers the webhook endpoint. Then run this diagnosis again.';
	if (!endpointId || webhook === undefined) {
		checks.push(check('webhook', 'unknown', 'No webhook endpoint ID given: not checked.', webhookFix));
	} else if (webhook.ok) {
		const url = typeof (webhook.value as IDataObject)?.url === 'string' ? ` → ${(webhook.value as IDataObject).url}` : '';
		checks.push(check('webhook', 'ok', `Webhook endpoint "${endpointId}" is registered${url}.`));
	} else if (lightspeedErrorDetails(webhook.error)?.httpStatus === 404) {
		checks.push(check('webhook', 'problem', `Webhook endpoint "${endpointId}" is not registered.`, webhookFix));
	} else {
		checks.push(check('webhook', 'problem', `Could not read the webhook endpoint: ${reason(webhook.error)}`, webhookFix));
	}

	// 6. A register is ready to take payments.
	const posFix = explainFailure('POS_TIMEOUT').fix;
	if (readiness.ok) {
		const r = readiness.value;
		const problems = [
			...(r.status !== 'READY' ? [`status ${r.status ?? 'unknown'}`] : []),
			...(!r.availableDevices ? ['no register (iPad) available'] : []),
			...(r.salesPeriod !== 'OPENED' ? [`sales period ${r.salesPeriod ?? 'unknown'} (not OPENED)`] : []),
			...(!r.acceptingOnlineOrders ? ['not accepting online orders'] : []),
		];
		checks.push(
			problems.length
				? check('posReady', 'problem', `The register is not ready: ${problems.join(', ')}.`, posFix)
				: check('posReady', 'ok', 'Status READY: a register is available and the sales period is open.'),
		);
	} else {
		checks.push(check('posReady', 'problem', `Could not read readiness: ${reason(readiness.error)}`, posFix));
	}

	return {
		businessLocationId,
		ok: checks.every((entry) => entry.ok),
		problems: checks.filter((entry) => !entry.ok).map((entry) => entry.name),
		checks,
		checkedAt: new Date().toISOString(),
	};
}
