import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { explainFailure, isConnectionCode } from '../../shared/failureReasons';
import { lightspeedErrorDetails } from '../transport';
import {
	fetchBusinesses,
	fetchEndpointLocations,
	fetchFloorplans,
	fetchLocationFacts,
	fetchPaymentMethods,
	fetchReadiness,
	fetchStaff,
} from './api';
import type { Business, Floorplan, LocationFacts, PaymentMethod, Readiness, StaffMember } from './api';

/**
 * What is checked before a guest pays — the causes the failure emails are about — one check
 * each, with the fix that fits: the connection, the location and its floor plan, the payment
 * API, the payment methods, the staff account, the webhook endpoint and its link to this
 * location, the register. "Location → Diagnose" runs them all; "Settings → Check" runs the
 * ones about the merchant's own choices when the settings are saved.
 */

export interface DiagnoseCheck extends IDataObject {
	name: string;
	ok: boolean;
	/** `unknown` = could not be verified (reported ok, with the reason in detail). */
	status: 'ok' | 'problem' | 'unknown';
	detail: string;
	fix: string;
}

export type CheckName = 'connection' | 'floorPlan' | 'paymentApi' | 'paymentMethods' | 'staff' | 'webhook' | 'posReady';

export interface DiagnosisInput {
	businessLocationId: number;
	cardCode?: string;
	voucherCode?: string;
	staffId?: number;
	endpointId?: string;
	checks: CheckName[];
}

export interface Diagnosis {
	ok: boolean;
	problems: string[];
	checks: DiagnoseCheck[];
	/** The location's time zone and currency, when Lightspeed gave them. */
	facts: LocationFacts | undefined;
	/** The connection was refused: press Connect. */
	disconnected: boolean;
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

const skipped = Promise.resolve(undefined);

export async function diagnose(this: IExecuteFunctions, input: DiagnosisInput, itemIndex = 0): Promise<Diagnosis> {
	const want = new Set(input.checks);
	const location = input.businessLocationId;
	const endpointId = want.has('webhook') ? input.endpointId : undefined;
	const [businesses, facts, readiness, methods, staff, floorplans, links] = await Promise.all([
		settle<Business[]>(fetchBusinesses.call(this, itemIndex)),
		settle<LocationFacts | undefined>(fetchLocationFacts.call(this, location, itemIndex)),
		want.has('paymentApi') || want.has('posReady') || (want.has('staff') && input.staffId === undefined)
			? settle<Readiness>(fetchReadiness.call(this, location, itemIndex))
			: skipped,
		want.has('paymentMethods') ? settle<PaymentMethod[]>(fetchPaymentMethods.call(this, location, itemIndex)) : skipped,
		want.has('staff') ? settle<StaffMember[]>(fetchStaff.call(this, location, itemIndex)) : skipped,
		want.has('floorPlan') ? settle<Floorplan[]>(fetchFloorplans.call(this, location, itemIndex)) : skipped,
		endpointId ? settle<number[]>(fetchEndpointLocations.call(this, endpointId, itemIndex)) : skipped,
	]);
	const checks: DiagnoseCheck[] = [];
	const disconnected = !businesses.ok && isConnectionCode(lightspeedErrorDetails(businesses.error)?.errorCode);

	// The connection works and sees this location.
	if (businesses.ok) {
		const found = businesses.value
			.flatMap((business) => business.locations.map((entry) => ({ ...entry, business: business.name })))
			.find((entry) => entry.businessLocationId === location);
		checks.push(
			found
				? check('connection', 'ok', `Connected; location "${found.name}" of "${found.business}" is visible.`)
				: check(
						'connection',
						'problem',
						`Connected, but location ${location} is not among the locations this connection can see.`,
						explainFailure('ACCESS_DENIED').fix,
					),
		);
	} else {
		const code = lightspeedErrorDetails(businesses.error)?.errorCode;
		const explanation = explainFailure(code);
		checks.push(
			check(
				'connection',
				'problem',
				disconnected
					? `The connection to Lightspeed is lost: ${explanation.why}`
					: `Lightspeed did not accept the connection: ${reason(businesses.error)}`,
				explanation.fix,
			),
		);
	}

	// The location has a floor plan with tables guests can sit at.
	if (want.has('floorPlan') && floorplans) {
		// Lightspeed answers a location without any floor plan with 404 "No floorplans found…", not []
		const none = !floorplans.ok && lightspeedErrorDetails(floorplans.error)?.httpStatus === 404;
		if (floorplans.ok || none) {
			const plans = floorplans.ok ? floorplans.value : [];
			const tables = plans.flatMap((plan) => plan.tables);
			const active = tables.filter((table) => table.active);
			checks.push(
				plans.length === 0
					? check('floorPlan', 'problem', 'The location has no floor plan: Qodeup cannot show any table.', 'Create a floor plan with the tables in Lightspeed Back Office (Configuration → Floor plans).')
					: active.length === 0
						? check('floorPlan', 'problem', `The floor plan has ${tables.length} table(s), none of them active.`, 'Activate the tables guests sit at on the floor plan in Lightspeed Back Office.')
						: check('floorPlan', 'ok', `${active.length} active table(s) on ${plans.length} floor plan(s).`),
			);
		} else checks.push(check('floorPlan', 'problem', `Could not read the floor plans: ${reason(floorplans.error)}`, explainFailure(lightspeedErrorDetails(floorplans.error)?.errorCode).fix));
	}

	// The payment API is switched on.
	if (want.has('paymentApi') && readiness) {
		const disabled = explainFailure('PAYMENT_API_DISABLED');
		checks.push(
			readiness.ok
				? readiness.value.paymentApiEnabled
					? check('paymentApi', 'ok', 'The payment API (online ordering API) is enabled for this location.')
					: check('paymentApi', 'problem', disabled.why, disabled.fix)
				: check('paymentApi', 'problem', `Could not read readiness: ${reason(readiness.error)}`, disabled.fix),
		);
	}

	// The chosen payment methods still exist.
	if (want.has('paymentMethods') && methods) {
		const methodFix = explainFailure('PAYMENT_METHOD_NOT_FOUND').fix;
		if (!input.cardCode && !input.voucherCode) {
			checks.push(check('paymentMethods', 'problem', 'No card or voucher payment method is chosen.', methodFix));
		} else if (methods.ok) {
			const codes = new Set(methods.value.map((method) => method.code));
			const missing = [
				...(input.cardCode && !codes.has(input.cardCode) ? [`card method "${input.cardCode}"`] : []),
				...(input.voucherCode && !codes.has(input.voucherCode) ? [`voucher method "${input.voucherCode}"`] : []),
			];
			checks.push(
				missing.length
					? check('paymentMethods', 'problem', `Not found in Lightspeed: ${missing.join(', ')}. Existing codes: ${[...codes].join(', ') || 'none'}.`, methodFix)
					: check('paymentMethods', 'ok', `Found: ${[input.cardCode, input.voucherCode].filter(Boolean).join(', ')}.`),
			);
		} else checks.push(check('paymentMethods', 'problem', `Could not list payment methods: ${reason(methods.error)}`, methodFix));
	}

	// The staff account used for payments is still active.
	if (want.has('staff') && staff) {
		const staffFix = explainFailure('STAFF_NOT_FOUND').fix;
		const staffId = input.staffId ?? (readiness?.ok ? readiness.value.staffId ?? undefined : undefined);
		if (staffId === undefined) {
			checks.push(
				check(
					'staff',
					readiness?.ok ? 'problem' : 'unknown',
					readiness?.ok
						? 'No staff account is chosen and none is configured for the payment API.'
						: 'No staff account is chosen and the payment API configuration could not be read.',
					explainFailure('MISSING_STAFF').fix,
				),
			);
		} else if (staff.ok) {
			const member = staff.value.find((entry) => entry.staffId === staffId);
			if (!member) checks.push(check('staff', 'problem', `Staff account ${staffId} does not exist at this location.`, staffFix));
			else if (!member.active) checks.push(check('staff', 'problem', `Staff account ${staffId} (${member.name}) is deactivated.`, staffFix));
			else checks.push(check('staff', 'ok', `Staff account ${staffId} (${member.name}) is active.`));
		} else {
			const code = lightspeedErrorDetails(staff.error)?.errorCode;
			const scopeHint =
				code === 'ACCESS_DENIED' || code === 'AUTHENTICATION_FAILED'
					? ' The connection probably lacks the staff-api scope: tick "Include Staff Scope" on the credential and reconnect.'
					: '';
			checks.push(check('staff', 'unknown', `Staff account ${staffId} is configured, but the staff list could not be read: ${reason(staff.error)}.${scopeHint}`, staffFix));
		}
	}

	// The webhook endpoint (payment and order outcomes) is registered and linked to this location.
	if (want.has('webhook')) {
		const webhookFix =
			'Publish the workflow with the Lightspeed K-Series Trigger (Order & Pay) of this restaurant: it registers the endpoint and links it to the location. Then run this diagnosis again.';
		if (!endpointId || !links) checks.push(check('webhook', 'unknown', 'No webhook endpoint ID given: not checked.', webhookFix));
		else if (links.ok) {
			checks.push(
				links.value.includes(location)
					? check('webhook', 'ok', `Webhook endpoint "${endpointId}" is registered and linked to this location.`)
					: check(
							'webhook',
							'problem',
							links.value.length
								? `Webhook endpoint "${endpointId}" is registered but linked only to location(s) ${links.value.join(', ')}, not to ${location}: outcomes of this location do not reach n8n.`
								: `Webhook endpoint "${endpointId}" is registered but linked to no location.`,
							webhookFix,
						),
			);
		} else if (lightspeedErrorDetails(links.error)?.httpStatus === 404) {
			checks.push(check('webhook', 'problem', `Webhook endpoint "${endpointId}" is not registered.`, webhookFix));
		} else checks.push(check('webhook', 'problem', `Could not read the webhook endpoint: ${reason(links.error)}`, webhookFix));
	}

	// A register is ready to take payments.
	if (want.has('posReady') && readiness) {
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
		} else checks.push(check('posReady', 'problem', `Could not read readiness: ${reason(readiness.error)}`, posFix));
	}

	return {
		ok: checks.every((entry) => entry.ok),
		problems: checks.filter((entry) => !entry.ok).map((entry) => entry.name),
		checks,
		facts: facts.ok ? facts.value : undefined,
		disconnected,
	};
}
