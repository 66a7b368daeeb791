// Renders the template set: one restaurant's workflows, and the fleet's (once per n8n).
// Used by scripts/templates/build.mjs (the demo restaurant, into workflows/) and by the fleet
// command (scripts/fleet), so a restaurant added by the command runs exactly these workflows.
import notifications from './wf/notifications.mjs';
import recovery from './wf/recovery.mjs';
import requests from './wf/requests.mjs';
import retry from './wf/retry.mjs';
import settings from './wf/settings.mjs';
import tables from './wf/tables.mjs';
import { retention, setup, sweeper } from './wf/fleet.mjs';

/** A restaurant's workflows, by role, in the order an operator reads them. */
export const RESTAURANT_ROLES = ['settings', 'requests', 'tables', 'notifications', 'retryPayment', 'retryOrder', 'recovery'];
export const FLEET_ROLES = ['setup', 'sweeper', 'retention'];

/** Timings shared by the payment flows and the sweeper; the sweeper's waits are longer on purpose. */
export const DEFAULT_TIMING = Object.freeze({
	taskTtlMs: 120000, // how long Lightspeed tries to hand a payment to a register
	deliveryTimeoutMs: 120000, // the same for an order
	requestTimeoutSeconds: 90, // the longest a Qodeup request's workflow may run
});

export const DEFAULT_FLEET = Object.freeze({
	name: 'Qodeup × Lightspeed',
	senderEmail: 'payments@qodeup-integration.example',
	operatorEmails: '',
	sweepSeconds: 15,
	claimedGraceSeconds: 120, // > requestTimeoutSeconds: recovery never races a live request
	settleAfterSeconds: 180, // task time + one minute
	orderSettleAfterSeconds: 180,
	giveUpSeconds: 900,
	retryLinkHours: 168,
	retentionDays: 90,
	retentionMinutes: 60, // how often the retention runs (and checks the storage)
	limitBytes: 209715200, // n8n's default N8N_DATA_TABLES_MAX_SIZE_BYTES
	warnPercent: 80,
	paymentRowBytes: 700,
	orderRowBytes: 1000,
	webhookBaseUrl: '',
});

/** The Order & Pay webhook endpoint a restaurant's triggers register and its payments name. */
export const endpointIdFor = (integrationId) => `qodeup-${integrationId}`;

export function normaliseContext(context) {
	return {
		...context,
		fleet: { ...DEFAULT_FLEET, ...(context.fleet ?? {}) },
		timing: { ...DEFAULT_TIMING, ...(context.timing ?? {}) },
		endpointId: context.merchant ? endpointIdFor(context.merchant.integrationId) : undefined,
		orderProfiles: context.orderProfiles ?? {},
	};
}

/** The seven workflows of one restaurant (Workflow objects; `.toJSON()` is what n8n imports). */
export function restaurantWorkflows(rawContext) {
	const context = normaliseContext(rawContext);
	if (!/^[A-Za-z0-9-]{1,40}$/.test(context.merchant.integrationId)) throw new Error(`integration id "${context.merchant.integrationId}" is not 1-40 letters, digits or dashes`);
	return [settings(context), requests(context), tables(context), notifications(context), retry(context, 'payment'), retry(context, 'order'), recovery(context)];
}

/** The fleet's three workflows. */
export function fleetWorkflows(rawContext) {
	const context = normaliseContext(rawContext);
	return [setup(context), sweeper(context), retention(context)];
}
