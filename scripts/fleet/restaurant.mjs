// add, activate and remove one restaurant.
//
// add is idempotent: its first write is the restaurant's row (templateVersion empty = "add under
// way"), every later step finds what an earlier run made (Data tables by name, credentials by
// their fixed ids, workflows by the ids on the row or by their names) and the row gets its
// templateVersion last — so an add that stopped half-way is finished by running it again, and a
// finished one is never done twice.
import crypto from 'node:crypto';
import { ensureFleet, fleetSettings, named, resolveSmtp } from './fleet.mjs';
import { isLive, lightspeedConnection, publishAndCheck, publishRegistered, republish, runAfter, runDiagnose, waitLive } from './live.mjs';
import { formatErrors, loadFile, validateMerchant } from './merchantFile.mjs';
import { formatTime, printDiagnosis } from './output.mjs';
import { MERCHANT_OWNED, RESTAURANT_ROLES, newOpsToken, readCredentials, readOpsToken, renderRestaurant, restaurantWorkflowNames } from './rendering.mjs';
import { allRestaurants, ensureTables, findTables, restaurantRow, upsertRestaurant, workflowIdsOf } from './tables.mjs';
import { canonical, workflowState } from './upgrade.mjs';

export class CommandError extends Error {
	constructor(message, { exitCode = 1 } = {}) {
		super(message);
		this.exitCode = exitCode;
	}
}

export const ROLE_LABELS = Object.freeze({
	settings: 'Restaurant settings',
	requests: 'Qodeup requests',
	tables: 'Qodeup tables',
	notifications: 'Lightspeed notifications',
	retryPayment: 'Retry a payment',
	retryOrder: 'Retry an order',
	recovery: 'Recovery',
});

const sha = (text) => crypto.createHash('sha256').update(text).digest('hex');

/** Fixed credential ids per restaurant (n8n takes a chosen id of ≤ 16 characters): a rerun finds them. */
export function credentialIds(integrationId) {
	return { lightspeed: `qL${sha(`lightspeed/${integrationId}`).slice(0, 14)}`, qodeup: `qQ${sha(`qodeup/${integrationId}`).slice(0, 14)}` };
}

export function credentialNames(merchant) {
	return {
		lightspeed: `Lightspeed K-Series — ${merchant.name} (${merchant.integrationId})`,
		qodeup: `Qodeup — ${merchant.name} (${merchant.integrationId})`,
	};
}

/** The Lightspeed credential's data (lightspeedKSeriesOAuth2Api) from the merchant file. */
export function lightspeedData(ls) {
	return {
		environment: ls.environment,
		clientId: ls.clientId,
		clientSecret: ls.clientSecret,
		includeStaffScope: Boolean(ls.includeStaffScope),
		...(ls.environment === 'custom' ? { customAuthUrl: ls.authUrl, customTokenUrl: ls.tokenUrl, apiBaseUrl: ls.apiBaseUrl } : {}),
		...(ls.rtnPassword ? { rtnPassword: ls.rtnPassword } : {}),
	};
}

/** The addresses an operator needs for one restaurant. */
export function addresses(ctx, integrationId, { opsToken, lightspeedCredentialId } = {}) {
	return {
		qodeupBase: `${ctx.webhookBase}/qodeup/${integrationId}/`,
		diagnose: opsToken ? `${ctx.webhookBase}/qodeup-ops/${integrationId}/${opsToken}/diagnose` : undefined,
		connect: lightspeedCredentialId ? `${ctx.editorUrl}/home/credentials/${lightspeedCredentialId}` : undefined,
		redirect: `${ctx.n8nUrl}/rest/oauth2-credential/callback`,
	};
}

/** Non-archived workflows of a restaurant by role: the ids on its row first, else by exact name. */
export function findRestaurantWorkflows(allWorkflows, row, names) {
	const byId = new Map(allWorkflows.filter((w) => !w.isArchived).map((w) => [w.id, w]));
	const recorded = workflowIdsOf(row);
	const out = {};
	for (const role of RESTAURANT_ROLES) {
		const wf = byId.get(recorded[role]) ?? (names ? named(allWorkflows, names[role])[0] : undefined);
		if (wf) out[role] = wf;
	}
	return out;
}

/** A restaurant as it is in n8n: {tables, row, byRole (full workflows), missing roles, credentials, opsToken}. */
export async function loadRestaurant(ctx, integrationId, { tables } = {}) {
	const { api } = ctx;
	tables ??= await ensureTables(api, { readOnly: true });
	const row = await restaurantRow(api, tables.ids, integrationId);
	if (!row) throw new CommandError(`no restaurant "${integrationId}" in this n8n (npm run merchant -- list shows them)`);
	const recorded = workflowIdsOf(row);
	const byRole = {};
	const missing = [];
	for (const role of RESTAURANT_ROLES) {
		const id = recorded[role];
		const wf = id ? await api.getWorkflow(id).catch((err) => (err.status === 404 ? undefined : Promise.reject(err))) : undefined;
		if (wf && !wf.isArchived) byRole[role] = wf;
		else missing.push(role);
	}
	const credentials = readCredentials(Object.values(byRole));
	return {
		tables,
		row,
		byRole,
		missing,
		credentials,
		lightspeedCredentialId: row.lightspeedCredentialId || credentials.lightspeed?.id,
		opsToken: readOpsToken(byRole.recovery),
	};
}

/**
 * Publishes what of a restaurant is not running: the four that need no Lightspeed connection,
 * the notifications (they register at Lightspeed, so only once connected) and the settings
 * (`recheck`: unpublished and published again, so it checks against Lightspeed now).
 * Returns {problems, needsConnect, connection}.
 */
export async function bringUp(ctx, { byRole, lightspeedCredentialId, diagnoseUrl, recheck = false }) {
	const { api, out } = ctx;
	const problems = [];
	for (const role of ['requests', 'tables', 'retryPayment', 'retryOrder', 'recovery']) {
		const wf = byRole[role];
		if (!wf) continue;
		if (wf.active) {
			const now = await isLive(ctx.webhookBase, wf);
			if (now.live !== false) {
				out.ok(`${ROLE_LABELS[role]}: published`);
				continue;
			}
			await api.unpublishWorkflow(wf.id);
		}
		const r = await publishAndCheck(api, ctx.webhookBase, wf);
		if (r.ok) out.ok(`${ROLE_LABELS[role]}: published`);
		else {
			out.fail(`${ROLE_LABELS[role]} ("${wf.name}", ${wf.id}) did not publish: ${r.error}`);
			problems.push(`${ROLE_LABELS[role]}: ${r.error}`);
		}
	}

	const connection = await lightspeedConnection(api, lightspeedCredentialId);
	let needsConnect = false;
	const notifications = byRole.notifications;
	if (notifications) {
		const label = ROLE_LABELS.notifications;
		const now = notifications.active ? await isLive(ctx.webhookBase, notifications) : { live: false };
		const registered = now.live && diagnoseUrl ? endpointRegistered(await runDiagnose(diagnoseUrl)) : false;
		if (registered) out.ok(`${label}: published (endpoint registered at Lightspeed)`);
		else if (connection.connected === false) {
			// publishing would only run the registration into Lightspeed's refusal (≈ 30 s of the
			// node's retries) and leave the workflow half published
			if (notifications.active) await api.unpublishWorkflow(notifications.id);
			needsConnect = true;
			out.todo(`${label}: not published yet — publishing registers its webhook at Lightspeed, which needs the connection, and the Lightspeed credential is not connected (n8n's credential test: ${connection.message})`);
		} else {
			if (notifications.active) await api.unpublishWorkflow(notifications.id);
			const r = await publishRegistered(api, ctx.webhookBase, { ...notifications, active: false }, diagnoseUrl);
			if (r.ok) out.ok(`${label}: published (endpoint registered at Lightspeed)`);
			else {
				const after = await lightspeedConnection(api, lightspeedCredentialId);
				if (after.connected === false) {
					needsConnect = true;
					out.todo(`${label}: not published — the Lightspeed credential is not connected (${after.message})`);
				} else {
					out.fail(`${label} ("${notifications.name}", ${notifications.id}) did not publish: ${r.error}`);
					problems.push(`${label}: ${r.error}`);
				}
			}
		}
	}

	const settings = byRole.settings;
	if (settings && (recheck || !settings.active)) {
		const since = Date.now();
		const r = await republish(api, ctx.webhookBase, settings);
		if (!r.ok) {
			out.fail(`${ROLE_LABELS.settings} did not publish: ${r.error}`);
			problems.push(`${ROLE_LABELS.settings}: ${r.error}`);
		} else {
			const run = await runAfter(api, settings.id, since);
			if (run.status === 'success') out.ok(`${ROLE_LABELS.settings}: published; the settings were checked against Lightspeed (execution ${run.id})`);
			else if (run.status === 'none') out.warn(`${ROLE_LABELS.settings}: published; its check has not run yet`);
			else if (connection.connected === false) out.todo(`${ROLE_LABELS.settings}: published; its check could not reach Lightspeed yet (not connected): ${run.error ?? run.status}`);
			else {
				out.fail(`${ROLE_LABELS.settings}: published, but its check failed (execution ${run.id}): ${run.error ?? run.status}`);
				problems.push(`${ROLE_LABELS.settings} check: ${run.error ?? run.status}`);
			}
		}
	} else if (settings) out.ok(`${ROLE_LABELS.settings}: published`);
	return { problems, needsConnect, connection };
}

/** Diagnose found the restaurant's webhook endpoint at Lightspeed, linked to its location. */
export function endpointRegistered(diagnosis) {
	return Boolean((diagnosis?.checks ?? []).find((c) => c.name === 'webhook')?.ok);
}

/** Runs the restaurant's Diagnose and prints it; returns the diagnosis. */
export async function diagnoseAndPrint(ctx, integrationId, opsToken, { title = 'Diagnose' } = {}) {
	const url = addresses(ctx, integrationId, { opsToken }).diagnose;
	if (!url) {
		ctx.out.warn(`${title}: no Diagnose address (the recovery workflow is missing)`);
		return undefined;
	}
	const diagnosis = await runDiagnose(url);
	ctx.out.line(`  ${title}: ${diagnosis.error ? 'no answer' : diagnosis.ok ? 'everything checks out' : 'problems found'}`);
	printDiagnosis(ctx.out, diagnosis);
	return diagnosis;
}

function printConnect(ctx, merchant, credentialId) {
	const a = addresses(ctx, merchant.integrationId, { lightspeedCredentialId: credentialId });
	ctx.out.todo(`Connect Lightspeed: open ${a.connect} and press Connect (sign in as the restaurant's Lightspeed user)`);
	ctx.out.todo(`at Lightspeed, API client ${merchant.lightspeed.clientId} must have the OAuth redirect URL ${a.redirect}`);
}

// ---------- add ----------

/** A test switch (MERCHANT_TEST_STOP_AFTER=<checkpoint>): stops an add half-way, as a crash would. */
function checkpoint(ctx, name) {
	if (ctx.stopAfter && ctx.stopAfter === name) throw new CommandError(`stopped after "${name}" (MERCHANT_TEST_STOP_AFTER is set: a test switch)`);
}

export async function add(ctx, file) {
	const { api, out } = ctx;
	const raw = loadFile(file, 'merchant file');
	const { merchant, errors } = validateMerchant(raw, { fleet: ctx.fleetFile ?? {} });
	if (errors.length) {
		throw new CommandError(`the merchant file ${file} has ${errors.length} problem${errors.length > 1 ? 's' : ''} (nothing was changed in n8n):\n${formatErrors(errors)}`, { exitCode: 2 });
	}
	const id = merchant.integrationId;
	out.line(`Adding ${merchant.name} (${id}) to ${ctx.n8nUrl}`);

	// ---- checks that change nothing
	const smtp = await resolveSmtp(api, merchant.smtpCredential);
	const allWorkflows = await api.listWorkflows();
	const existingTables = await findTables(api);
	const row = existingTables.ids.restaurants ? await restaurantRow(api, existingTables.ids, id) : undefined;
	if (row?.removedAtMs) {
		throw new CommandError(`"${id}" was removed on ${formatTime(Number(row.removedAtMs))}; its ledger rows are kept under that id, so add the restaurant with another integration id`);
	}
	if (row?.templateVersion) {
		throw new CommandError(`"${id}" is already added (templates ${row.templateVersion}). Next: npm run merchant -- activate ${id} (after Connect), or upgrade ${id}`);
	}
	if (existingTables.ids.restaurants) {
		const sameName = (await allRestaurants(api, existingTables.ids)).filter((r) => r.integrationId !== id && !r.removedAtMs && r.name === merchant.name);
		if (sameName.length) throw new CommandError(`the name "${merchant.name}" is already used by restaurant ${sameName[0].integrationId}: workflow names would be the same — give this one another name`, { exitCode: 2 });
	}
	const names = restaurantWorkflowNames(merchant);
	if (!row) {
		const clash = RESTAURANT_ROLES.flatMap((role) => named(allWorkflows, names[role]));
		if (clash.length) {
			throw new CommandError(`a workflow named "${clash[0].name}" (${clash[0].id}) already exists and is not this restaurant's: give the restaurant another name, or archive that workflow`, { exitCode: 2 });
		}
	} else out.info(`an earlier add of ${id} did not finish: finishing it now (the Qodeup signing secret is replaced by a new one)`);

	// ---- Data tables, and the row that says "add under way"
	const tables = await ensureTables(api);
	for (const line of tables.done) out.ok(line);
	if (!tables.done.length) out.ok('Data tables present');
	await upsertRestaurant(api, tables.ids, id, {
		name: merchant.name,
		businessLocationId: merchant.businessLocationId,
		cardPaymentMethod: merchant.cardPaymentMethod,
		voucherPaymentMethod: merchant.voucherPaymentMethod,
		staffId: merchant.staffId,
		notificationEmails: merchant.notificationEmails,
		retentionDays: merchant.retentionDays,
		...(merchant.timezone ? { timezone: merchant.timezone } : {}),
		...(merchant.currency ? { currency: merchant.currency } : {}),
		templateVersion: '',
	});
	checkpoint(ctx, 'row');

	// ---- the fleet
	const fleet = await ensureFleet(ctx, { workflows: allWorkflows, tableIds: tables.ids, smtp });
	const fleetConfig = fleetSettings(ctx, fleet.byRole);
	checkpoint(ctx, 'fleet');

	// ---- credentials
	const credIds = credentialIds(id);
	const credNames = credentialNames(merchant);
	if (await api.getCredential(credIds.lightspeed)) {
		// partial: an OAuth connection made in between stays
		await api.updateCredential(credIds.lightspeed, { name: credNames.lightspeed, data: lightspeedData(merchant.lightspeed), partial: true });
		out.ok(`Lightspeed credential "${credNames.lightspeed}" (${credIds.lightspeed}) updated`);
	} else {
		await api.createCredential({ id: credIds.lightspeed, name: credNames.lightspeed, type: 'lightspeedKSeriesOAuth2Api', data: lightspeedData(merchant.lightspeed) });
		out.ok(`Lightspeed credential "${credNames.lightspeed}" (${credIds.lightspeed}) created`);
	}
	printConnect(ctx, merchant, credIds.lightspeed);
	const signingSecret = crypto.randomBytes(32).toString('hex');
	const qodeupData = { signingSecret, ...(merchant.qodeup.callbackUrl ? { callbackUrl: merchant.qodeup.callbackUrl } : {}) };
	if (await api.getCredential(credIds.qodeup)) {
		await api.updateCredential(credIds.qodeup, { name: credNames.qodeup, data: qodeupData, partial: false });
		out.ok(`Qodeup credential "${credNames.qodeup}" (${credIds.qodeup}): new signing secret`);
	} else {
		await api.createCredential({ id: credIds.qodeup, name: credNames.qodeup, type: 'qodeupApi', data: qodeupData });
		out.ok(`Qodeup credential "${credNames.qodeup}" (${credIds.qodeup}) created with a new signing secret`);
	}
	const credentials = { lightspeed: { id: credIds.lightspeed, name: credNames.lightspeed }, qodeup: { id: credIds.qodeup, name: credNames.qodeup }, smtp };
	checkpoint(ctx, 'credentials');

	// ---- workflows: create (or, on a rerun, rewrite) the six, then write their ids where needed
	const found = findRestaurantWorkflows(allWorkflows, row, names);
	const opsToken = (found.recovery && readOpsToken(await api.getWorkflow(found.recovery.id))) || newOpsToken();
	const m = { ...merchant, opsToken };
	const base = { merchant: m, credentials, tableIds: tables.ids, fleet: fleetConfig };
	const first = renderRestaurant(base);
	const ids = {};
	for (const { role, json } of first) {
		if (found[role]) {
			// published by the earlier run: the new version is published with it
			await api.updateWorkflow(found[role].id, json);
			ids[role] = found[role].id;
		} else {
			ids[role] = (await api.createWorkflow(json)).id;
			// recorded at once: a rerun must find this one, not make a second
			await upsertRestaurant(api, tables.ids, id, { workflows: JSON.stringify(ids) });
		}
		checkpoint(ctx, `workflow-${Object.keys(ids).length}`);
	}
	const final = renderRestaurant({ ...base, workflowIds: ids });
	for (const [i, { role, json }] of final.entries()) {
		if (canonical(json) !== canonical(first[i].json)) await api.updateWorkflow(ids[role], json);
	}
	const state = Object.fromEntries(final.map(({ role, json }) => [role, workflowState(json, MERCHANT_OWNED[role])]));
	await upsertRestaurant(api, tables.ids, id, { workflows: JSON.stringify(ids), lightspeedCredentialId: credIds.lightspeed, templateState: JSON.stringify(state) });
	checkpoint(ctx, 'workflows');
	out.ok(`workflows: ${final.map(({ role, json }) => `"${json.name}" (${ids[role]})`).join(', ')}`);

	// ---- publish what can run before Connect; the notifications need the connection
	out.heading('Publishing');
	const byRole = {};
	for (const role of RESTAURANT_ROLES) byRole[role] = await api.getWorkflow(ids[role]);
	const up = await bringUp(ctx, { byRole, lightspeedCredentialId: credIds.lightspeed, diagnoseUrl: addresses(ctx, id, { opsToken }).diagnose, recheck: true });

	out.heading(`Diagnose (${addresses(ctx, id, { opsToken }).diagnose})`);
	if (up.connection.connected === false) out.line('  (not connected yet: every check that reads Lightspeed fails until Connect)');
	await diagnoseAndPrint(ctx, id, opsToken, { title: 'verdict' });

	// ---- what Qodeup needs; the secret exists only here and in n8n (encrypted)
	const a = addresses(ctx, id, { opsToken, lightspeedCredentialId: credIds.lightspeed });
	out.heading('Give Qodeup');
	out.line(`  base URL        ${a.qodeupBase}`);
	out.line(`  integration id  ${id}`);
	out.line('  signing secret  (below — shown once, not stored anywhere but in n8n, encrypted)');
	out.secret(`Qodeup signing secret for ${id} — give this to Qodeup`, signingSecret, '  (lost? `npm run merchant -- add` cannot show it again: set a new one in the Qodeup credential in n8n and give that to Qodeup)');
	await upsertRestaurant(api, tables.ids, id, { templateVersion: ctx.version });

	out.heading('Next');
	if (up.needsConnect || up.connection.connected === false) {
		printConnect(ctx, merchant, credIds.lightspeed);
		out.todo(`then: npm run merchant -- activate ${id}`);
	} else if (!up.problems.length) out.ok(`${merchant.name} is running`);
	if (fleet.problems.length || up.problems.length) {
		throw new CommandError(`${merchant.name} was added, but ${[...fleet.problems, ...up.problems].length} workflow(s) did not publish (see above); after a fix: npm run merchant -- activate ${id}`);
	}
}

// ---------- activate ----------

export async function activate(ctx, integrationId) {
	const { out } = ctx;
	const r = await loadRestaurant(ctx, integrationId);
	if (r.row.removedAtMs) throw new CommandError(`"${integrationId}" was removed on ${formatTime(Number(r.row.removedAtMs))}`);
	if (!r.row.templateVersion) throw new CommandError(`the add of "${integrationId}" did not finish: run npm run merchant -- add <its merchant file> again`);
	if (r.missing.length) {
		throw new CommandError(`workflow(s) of "${integrationId}" are missing or archived: ${r.missing.map((role) => ROLE_LABELS[role]).join(', ')} — run npm run merchant -- upgrade ${integrationId} to see the state, or remove and add it again`);
	}
	out.line(`Activating ${r.row.name} (${integrationId})`);
	const connection = await lightspeedConnection(ctx.api, r.lightspeedCredentialId);
	if (connection.connected) out.ok('Lightspeed credential connected');
	else if (connection.connected === false) out.warn(`Lightspeed credential not connected: open ${addresses(ctx, integrationId, { lightspeedCredentialId: r.lightspeedCredentialId }).connect} and press Connect`);
	else out.warn(`Lightspeed connection unknown: ${connection.message}`);
	const up = await bringUp(ctx, { byRole: r.byRole, lightspeedCredentialId: r.lightspeedCredentialId, diagnoseUrl: addresses(ctx, integrationId, { opsToken: r.opsToken }).diagnose, recheck: true });
	const row = await restaurantRow(ctx.api, r.tables.ids, integrationId);
	if (row?.settingsProblems) out.warn(`settings: ${row.settingsProblems}`);

	out.heading('Diagnose');
	const diagnosis = await diagnoseAndPrint(ctx, integrationId, r.opsToken, { title: 'verdict' });
	if (up.problems.length) throw new CommandError(`${up.problems.length} workflow(s) of ${integrationId} did not publish: ${up.problems.join('; ')}`);
	if (up.needsConnect) throw new CommandError(`${integrationId}: the Lightspeed credential is not connected, so its notifications cannot be published — press Connect, then run activate again`);
	if (diagnosis && !diagnosis.error && diagnosis.ok) out.ok(`${r.row.name} is running`);
	else out.warn(`${r.row.name} is published; Diagnose reports problems (above)`);
}

// ---------- remove ----------

export async function remove(ctx, integrationId, { deleteCredentials = false } = {}) {
	const { api, out } = ctx;
	const r = await loadRestaurant(ctx, integrationId);
	out.line(`Removing ${r.row.name} (${integrationId})`);
	const notifications = r.byRole.notifications;
	if (notifications?.active) {
		const connection = await lightspeedConnection(api, r.lightspeedCredentialId);
		if (connection.connected === false) {
			out.warn(`the Lightspeed credential is not connected: unpublishing cannot remove webhook endpoint qodeup-${integrationId} at Lightspeed — remove it there (or Connect first and run remove again)`);
		}
	}
	for (const role of ['notifications', 'requests', 'tables', 'retryPayment', 'retryOrder', 'recovery', 'settings']) {
		const wf = r.byRole[role];
		if (!wf) continue;
		if (wf.active) {
			await api.unpublishWorkflow(wf.id);
			if (role === 'notifications') {
				const gone = await waitLive(ctx.webhookBase, wf, { want: false, timeoutMs: 15_000 });
				out.ok(`unpublished "${wf.name}"${gone.missing.length === gone.probes ? ' (its webhook endpoint at Lightspeed is removed with it)' : ''}`);
			} else out.ok(`unpublished "${wf.name}"`);
		}
		await api.archiveWorkflow(wf.id);
		out.ok(`archived "${wf.name}" (${wf.id})`);
	}
	if (r.missing.length) out.info(`already archived or gone: ${r.missing.map((role) => ROLE_LABELS[role]).join(', ')}`);
	const removedAtMs = Number(r.row.removedAtMs) || Date.now();
	await api.updateRows(r.tables.ids.restaurants, [['integrationId', 'eq', integrationId]], { removedAtMs });
	out.ok(`restaurants row marked removed (removedAtMs ${removedAtMs}, ${formatTime(removedAtMs)})`);
	const payments = await api.rows(r.tables.ids.payments, { filters: [['integrationId', 'eq', integrationId]] });
	const orders = await api.rows(r.tables.ids.orders, { filters: [['integrationId', 'eq', integrationId]] });
	out.ok(`ledger kept: ${payments.length} payment row(s), ${orders.length} order row(s) of ${integrationId}`);

	const credIds = { lightspeed: r.lightspeedCredentialId ?? credentialIds(integrationId).lightspeed, qodeup: r.credentials.qodeup?.id ?? credentialIds(integrationId).qodeup };
	if (deleteCredentials) {
		for (const [kind, credId] of Object.entries(credIds)) {
			const res = await api.deleteCredential(credId);
			out.ok(res?.status === 404 ? `${kind} credential ${credId}: already gone` : `${kind} credential ${credId} deleted`);
		}
	} else out.info(`credentials kept: Lightspeed ${credIds.lightspeed}, Qodeup ${credIds.qodeup} (--delete-credentials deletes them)`);
	out.ok(`${r.row.name} removed: Qodeup requests for ${integrationId} are no longer answered`);
}
