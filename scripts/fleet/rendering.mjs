// A restaurant's and the fleet's workflows as the fleet command creates them: the templates
// (scripts/templates/render.mjs) rendered with ids — Data tables by id, credentials by id, the
// restaurant's own workflow ids — and, for upgrade, the same context read back from what is in n8n.
// Pure: no n8n calls.
import crypto from 'node:crypto';
import { LEDGERS, TYPES } from '../templates/lib.mjs';
import { DEFAULT_FLEET, FLEET_ROLES, RESTAURANT_ROLES, fleetWorkflows, restaurantWorkflows } from '../templates/render.mjs';

export { FLEET_ROLES, RESTAURANT_ROLES };
export const LEDGER_KEYS = Object.keys(LEDGERS);

/** The settings node of the settings workflow, and the parameters a merchant edits in it. */
export const SETTINGS_NODE = 'Restaurant settings';
export const DIAGNOSE_NODE = 'Diagnose (operator)';
export const SETTINGS_PARAMETERS = ['integrationName', 'businessLocationId', 'cardPaymentMethod', 'voucherPaymentMethod', 'notificationEmails', 'staffId', 'retentionDays'];

/** Parameters whose values come from the restaurant (read back on upgrade), not from the template. */
export const MERCHANT_OWNED = Object.freeze({ settings: { [SETTINGS_NODE]: [...SETTINGS_PARAMETERS, 'operator'] } });

export const newOpsToken = () => crypto.randomBytes(16).toString('hex');

/** Table references by id, as the templates take them. */
export function tableRefs(tableIds) {
	return Object.fromEntries(LEDGER_KEYS.map((ledger) => {
		if (!tableIds[ledger]) throw new Error(`no id for the ${ledger} table`);
		return [ledger, { mode: 'id', value: tableIds[ledger] }];
	}));
}

/** What the templates need of a merchant (the file's fields, normalised, plus the ops token). */
export function templateMerchant(merchant) {
	return {
		integrationId: merchant.integrationId,
		name: merchant.name,
		businessLocationId: String(merchant.businessLocationId),
		cardPaymentMethod: merchant.cardPaymentMethod,
		voucherPaymentMethod: merchant.voucherPaymentMethod ?? '',
		notificationEmails: merchant.notificationEmails,
		staffId: merchant.staffId ?? '',
		retentionDays: merchant.retentionDays ?? 0,
		...(merchant.timezone ? { timezone: merchant.timezone } : {}),
		...(merchant.currency ? { currency: merchant.currency } : {}),
		opsToken: merchant.opsToken,
	};
}

/**
 * A restaurant's seven workflows: [{role, json}] with json = {name, nodes, connections, settings}
 * (what POST /workflows takes; no id, no meta). `workflowIds` (role → id) once they exist.
 */
export function renderRestaurant({ merchant, credentials, tableIds, fleet, workflowIds }) {
	if (!merchant.opsToken) throw new Error('the merchant has no opsToken');
	const context = {
		merchant: templateMerchant(merchant),
		credentials,
		tables: tableRefs(tableIds),
		fleet: { ...DEFAULT_FLEET, ...stripFleet(fleet) },
		...(workflowIds ? { workflowIds: pickRoles(workflowIds, RESTAURANT_ROLES) } : {}),
	};
	return restaurantWorkflows(context).map((w) => ({ role: w.role, json: forApi(w.toJSON()) }));
}

/** The fleet's three workflows. */
export function renderFleet({ credentials, tableIds, fleet }) {
	const context = { credentials, tables: tableRefs(tableIds), fleet: { ...DEFAULT_FLEET, ...stripFleet(fleet) } };
	return fleetWorkflows(context).map((w) => ({ role: w.role, json: forApi(w.toJSON()) }));
}

function pickRoles(ids, roles) {
	return Object.fromEntries(roles.filter((r) => ids[r]).map((r) => [r, ids[r]]));
}

/** Fleet settings the templates know (the command's own keys, like smtpCredential, left out). */
export function stripFleet(fleet = {}) {
	return Object.fromEntries(Object.entries(fleet).filter(([k, v]) => k in DEFAULT_FLEET && v !== undefined));
}

/** Only the fields n8n's public API accepts on create/update. */
function forApi(json) {
	const { name, nodes, connections, settings } = json;
	return { name, nodes, connections, settings };
}

/** The workflow names a restaurant's set would have (to find them in n8n, and to check for clashes). */
export function restaurantWorkflowNames(merchant) {
	const probe = renderRestaurant({
		merchant: { ...merchant, opsToken: merchant.opsToken ?? 'x' },
		credentials: { lightspeed: { id: 'x', name: 'x' }, qodeup: { id: 'x', name: 'x' }, smtp: { id: 'x', name: 'x' } },
		tableIds: Object.fromEntries(LEDGER_KEYS.map((k) => [k, 'x'])),
		fleet: {},
	});
	return Object.fromEntries(probe.map((w) => [w.role, w.json.name]));
}

export const FLEET_NAMES = Object.freeze(
	Object.fromEntries(renderFleet({ credentials: { smtp: { id: 'x', name: 'x' } }, tableIds: Object.fromEntries(LEDGER_KEYS.map((k) => [k, 'x'])), fleet: {} }).map((w) => [w.role, w.json.name])),
);

// ---------- reading a rendered set back (upgrade) ----------

const nodeNamed = (workflow, name) => (workflow?.nodes ?? []).find((n) => n.name === name);

/** The merchant's settings as they are now in the settings workflow's "Restaurant settings" node. */
export function readSettings(settingsWorkflow) {
	const node = nodeNamed(settingsWorkflow, SETTINGS_NODE);
	if (!node) throw new Error(`the workflow "${settingsWorkflow?.name}" has no node "${SETTINGS_NODE}"`);
	const p = node.parameters ?? {};
	const value = (key) => (p[key] === undefined || p[key] === null ? '' : typeof p[key] === 'object' && '__rl' in p[key] ? String(p[key].value ?? '') : p[key]);
	const expressions = SETTINGS_PARAMETERS.filter((key) => typeof p[key] === 'string' && p[key].startsWith('='));
	return {
		settings: {
			integrationId: String(value('integrationId')),
			name: String(value('integrationName')),
			businessLocationId: String(value('businessLocationId')),
			cardPaymentMethod: String(value('cardPaymentMethod')),
			voucherPaymentMethod: String(value('voucherPaymentMethod')),
			notificationEmails: String(value('notificationEmails')),
			staffId: String(value('staffId')),
			retentionDays: Number(value('retentionDays')) || 0,
		},
		expressions,
	};
}

/** Credential references ({id, name}) by kind, from the nodes of a restaurant's or the fleet's workflows. */
export function readCredentials(workflows) {
	const found = {};
	const kinds = { lightspeedKSeriesOAuth2Api: 'lightspeed', qodeupApi: 'qodeup', smtp: 'smtp' };
	for (const w of workflows) {
		for (const n of w?.nodes ?? []) {
			for (const [type, ref] of Object.entries(n.credentials ?? {})) {
				const kind = kinds[type];
				if (kind && ref?.id && !found[kind]) found[kind] = { id: ref.id, name: ref.name ?? '' };
			}
		}
	}
	return found;
}

/** The operator's Diagnose token, from the recovery workflow's webhook path qodeup-ops/<id>/<token>/diagnose. */
export function readOpsToken(recoveryWorkflow) {
	const node = nodeNamed(recoveryWorkflow, DIAGNOSE_NODE);
	const m = /^qodeup-ops\/[^/]+\/([^/]+)\/diagnose$/.exec(String(node?.parameters?.path ?? ''));
	return m ? m[1] : undefined;
}

/** Time zone and currency the retry pages were rendered with. */
export function readPageFacts(retryWorkflow) {
	const p = nodeNamed(retryWorkflow, 'Page')?.parameters ?? {};
	return { timezone: p.timezone || undefined, currency: p.currency || undefined };
}

/** Fleet settings as the fleet's workflows hold them (what an earlier add/upgrade rendered). */
export function readFleetSettings(fleetByRole) {
	const f = {};
	const params = (role, name) => nodeNamed(fleetByRole[role], name)?.parameters;
	const sweep = params('sweeper', 'Plan the sweep');
	if (sweep) {
		for (const k of ['claimedGraceSeconds', 'settleAfterSeconds', 'orderSettleAfterSeconds', 'retryLinkHours', 'webhookBaseUrl']) if (sweep[k] !== undefined) f[k] = sweep[k];
	}
	const seconds = params('sweeper', 'Every few seconds')?.rule?.interval?.[0]?.secondsInterval;
	if (seconds !== undefined) f.sweepSeconds = seconds;
	const minutes = params('retention', 'Schedule')?.rule?.interval?.[0]?.minutesInterval;
	if (minutes !== undefined) f.retentionMinutes = minutes;
	const sender = params('sweeper', 'Send the email')?.fromEmail;
	if (sender) f.senderEmail = sender;
	const retention = params('retention', 'Plan the retention');
	if (retention) {
		for (const k of ['retentionDays', 'limitBytes', 'warnPercent', 'paymentRowBytes', 'orderRowBytes', 'operatorEmails']) if (retention[k] !== undefined) f[k] = retention[k];
		if (retention.fleetName) f.name = retention.fleetName;
	}
	return f;
}

/** giveUpSeconds lives in each restaurant's recovery workflow. */
export function readGiveUpSeconds(recoveryWorkflow) {
	return nodeNamed(recoveryWorkflow, 'Lightspeed: recover payments')?.parameters?.giveUpSeconds;
}

// ---------- what a published workflow must answer (liveness probes) ----------

/**
 * The production webhooks of a workflow: [{node, method, path}] with path relative to
 * <webhook base>/webhook/. Static paths only (a path with :parameters is skipped; the core Webhook
 * node registers `path` as is, a package trigger `<webhookId>/<its path>`).
 */
export function webhookProbes(workflow) {
	const out = [];
	for (const n of workflow?.nodes ?? []) {
		if (n.disabled) continue;
		if (n.type === TYPES.webhook) {
			const p = n.parameters ?? {};
			const methods = p.multipleMethods ? p.httpMethod : [p.httpMethod ?? 'GET'];
			if (typeof p.path !== 'string' || p.path.includes(':')) continue;
			out.push({ node: n.name, methods, path: p.path });
		} else if (n.type === TYPES.qodeupTrigger && ['tables', 'payments', 'orders'].includes(n.parameters?.resource)) {
			// a static route (a :param route is covered by its workflow's other trigger); every other
			// method than its own and HEAD is answered 405 by the trigger itself
			const own = n.parameters.resource === 'tables' ? 'GET' : 'POST';
			out.push({ node: n.name, methods: [own, 'HEAD'], path: `qodeup/${n.parameters.integrationId}/${n.parameters.resource}` });
		} else if (n.type === TYPES.lightspeedTrigger && n.webhookId) {
			out.push({ node: n.name, methods: ['POST'], path: `${n.webhookId}/lightspeed`, source: n.parameters?.source });
		}
	}
	return out;
}
