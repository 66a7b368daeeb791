// `upgrade [<integrationId>|--all] [--dry-run]`: renders every restaurant's workflows (and the
// fleet's) from the current templates with the settings they have in n8n now, merges them with
// what is in n8n by the rules of upgrade.mjs, and writes only what changed (a published workflow
// is published again by the update). The plan is printed first; --dry-run stops there.
import { FLEET_STATE_KEY, findFleet, fleetSettings, resolveSmtp } from './fleet.mjs';
import { publishAndCheck, waitLive, waitRegistered } from './live.mjs';
import { TYPES } from '../templates/lib.mjs';
import { FLEET_ROLES, MERCHANT_OWNED, readCredentials, readGiveUpSeconds, readPageFacts, readSettings, renderFleet, renderRestaurant } from './rendering.mjs';
import { CommandError, ROLE_LABELS, addresses, loadRestaurant } from './restaurant.mjs';
import { allRestaurants, ensureTables, isImported, templateStateOf, upsertRestaurant, workflowIdsOf } from './tables.mjs';
import { canonical, mergeWorkflow } from './upgrade.mjs';

const FLEET_LABELS = { setup: 'Fleet — Data tables', sweeper: 'Fleet — Sweeper', retention: 'Fleet — Retention' };

function describe(plan, dryRun) {
	const verb = (action) => (dryRun ? { replaced: 'would replace', added: 'would add', removed: 'would remove' } : { replaced: 'replaced', added: 'added', removed: 'removed' })[action];
	const groups = {};
	for (const u of plan.updates) (groups[u.action] ??= []).push(u.node);
	return Object.entries(groups).map(([action, nodes]) => `${verb(action)} ${nodes.map((n) => `"${n}"`).join(', ')}`).join('; ');
}

/** Prints one workflow's plan and, unless dry-run, applies it. Returns {changed, kept, problem}. */
async function applyPlan(ctx, label, current, plan, { dryRun, staticData, diagnoseUrl }) {
	const { api, out } = ctx;
	for (const k of plan.kept) out.warn(`${label} ("${current.name}"): node "${k.node}" ${k.why}`);
	const stateChanged = staticData !== undefined && canonical(staticData) !== canonical(current.staticData ?? {});
	if (!plan.changed && !stateChanged) {
		out.ok(`${label}: up to date`);
		return { changed: false, kept: plan.kept.length };
	}
	const what = plan.changed ? describe(plan, dryRun) || (dryRun ? 'would update its settings or wiring' : 'settings or wiring updated') : dryRun ? 'would record how it was rendered' : 'recorded how it was rendered';
	if (dryRun) {
		out.todo(`${label}: ${what}${plan.changed && current.active ? ' (and publish it again)' : ''}`);
		return { changed: plan.changed, kept: plan.kept.length };
	}
	try {
		await api.updateWorkflow(current.id, { ...plan.workflow, ...(staticData !== undefined ? { staticData } : {}) });
	} catch (err) {
		out.fail(`${label}: update failed: ${err.message}`);
		return { changed: false, kept: plan.kept.length, problem: `${label}: ${err.message}` };
	}
	if (plan.changed && current.active) {
		const updated = { ...current, nodes: plan.workflow.nodes };
		// a Lightspeed trigger registers at Lightspeed in the background: confirmed by Diagnose
		const registers = diagnoseUrl && plan.workflow.nodes.some((n) => n.type === TYPES.lightspeedTrigger && !n.disabled);
		const live = registers ? await waitRegistered(ctx.webhookBase, updated, diagnoseUrl).then((r) => ({ live: r.ok, missing: r.ok ? [] : [r.error] })) : await waitLive(ctx.webhookBase, updated);
		if (live.live === false) {
			out.fail(`${label}: ${what}, but after publishing it again ${live.missing.map((m) => `"${m}"`).join(', ')} did not come up`);
			return { changed: true, kept: plan.kept.length, problem: `${label}: ${live.missing.join(', ')} not live after the update` };
		}
		out.ok(`${label}: ${what}; published again`);
	} else out.ok(`${label}: ${what}`);
	return { changed: plan.changed, kept: plan.kept.length };
}

async function upgradeRestaurant(ctx, row, { tables, fleetConfig, smtp, dryRun }) {
	const { api, out } = ctx;
	const id = row.integrationId;
	out.heading(`${row.name} (${id})`);
	const r = await loadRestaurant(ctx, id, { tables });
	const problems = [];
	// a role this template version adds has no id on the row yet: it is created below; a role
	// whose recorded workflow is gone is a problem for the operator
	const recorded = workflowIdsOf(row);
	const lost = r.missing.filter((role) => recorded[role]);
	const added = r.missing.filter((role) => !recorded[role]);
	if (lost.length) return { problems: [`${id}: workflow(s) missing or archived: ${lost.map((role) => ROLE_LABELS[role]).join(', ')}`], changed: 0, kept: 0 };
	const { settings, expressions } = readSettings(r.byRole.settings);
	if (settings.integrationId !== id) return { problems: [`${id}: its settings node says integration id "${settings.integrationId}"; set it back to ${id}`], changed: 0, kept: 0 };
	if (expressions.length) out.warn(`settings ${expressions.join(', ')} are expressions: they are copied into the other workflows as they are`);
	if (!r.credentials.lightspeed || !r.credentials.qodeup) return { problems: [`${id}: its workflows name no ${r.credentials.lightspeed ? 'Qodeup' : 'Lightspeed'} credential`], changed: 0, kept: 0 };
	if (!r.opsToken) return { problems: [`${id}: the recovery workflow has no Diagnose webhook (qodeup-ops/${id}/<token>/diagnose)`], changed: 0, kept: 0 };
	const page = readPageFacts(r.byRole.retryPayment);
	const merchant = { ...settings, integrationId: id, opsToken: r.opsToken, timezone: row.timezone || page.timezone, currency: row.currency || page.currency };
	// giveUpSeconds lives only in each restaurant's recovery workflow: kept unless --fleet sets it
	const giveUp = readGiveUpSeconds(r.byRole.recovery);
	const render = (workflowIds) =>
		renderRestaurant({
			merchant,
			credentials: { lightspeed: r.credentials.lightspeed, qodeup: r.credentials.qodeup, smtp },
			tableIds: tables.ids,
			fleet: { ...fleetConfig, ...(giveUp !== undefined && ctx.fleetFile?.giveUpSeconds === undefined ? { giveUpSeconds: giveUp } : {}) },
			workflowIds,
		});
	let changed = 0;
	let kept = 0;
	const ids = { ...recorded };
	for (const { role, json } of render(ids).filter((w) => added.includes(w.role))) {
		if (dryRun) {
			out.todo(`${ROLE_LABELS[role]}: new in templates ${ctx.version} — would create "${json.name}"${r.byRole.requests?.active ? ' and publish it' : ''}`);
			changed++;
			continue;
		}
		// created unpublished and recorded at once (a rerun finds it); published after the others
		// are updated, since it may take over a webhook path one of them still has
		const created = await api.createWorkflow(json);
		ids[role] = created.id;
		await upsertRestaurant(ctx.api, tables.ids, id, { workflows: JSON.stringify(ids) });
		r.byRole[role] = await api.getWorkflow(created.id);
		out.ok(`${ROLE_LABELS[role]}: new in templates ${ctx.version} — created "${json.name}" (${created.id})`);
		changed++;
	}
	const rendered = render(ids);
	const state = templateStateOf(row);
	const newState = {};
	for (const { role, json } of rendered) {
		const current = r.byRole[role];
		if (!current) continue; // dry run: not created
		const plan = mergeWorkflow({ current, rendered: json, state: state[role], ignored: MERCHANT_OWNED[role] ?? {} });
		newState[role] = plan.state;
		const res = await applyPlan(ctx, ROLE_LABELS[role], current, plan, { dryRun, diagnoseUrl: addresses(ctx, id, { opsToken: r.opsToken }).diagnose });
		if (res.changed) changed++;
		kept += res.kept;
		if (res.problem) problems.push(`${id} ${res.problem}`);
	}
	if (!dryRun && r.byRole.requests?.active) {
		for (const role of added) {
			const published = await publishAndCheck(api, ctx.webhookBase, r.byRole[role]);
			if (published.ok) out.ok(`${ROLE_LABELS[role]}: published`);
			else {
				out.fail(`${ROLE_LABELS[role]} did not publish: ${published.error}`);
				problems.push(`${id} ${ROLE_LABELS[role]}: ${published.error}`);
			}
		}
	}
	if (canonical(newState) !== canonical(state) || row.templateVersion !== ctx.version) {
		if (dryRun) out.todo(`would record templates ${ctx.version} on its row`);
		else if (!problems.length) {
			await upsertRestaurant(ctx.api, tables.ids, id, { templateVersion: ctx.version, templateState: JSON.stringify(newState) });
			out.ok(`recorded templates ${ctx.version} on its row`);
		}
	}
	return { problems, changed, kept };
}

async function upgradeFleet(ctx, { allWorkflows, tables, fleetConfig, smtp, dryRun }) {
	const { api, out } = ctx;
	out.heading('Fleet');
	const byRole = findFleet(allWorkflows);
	const rendered = renderFleet({ credentials: { smtp }, tableIds: tables.ids, fleet: fleetConfig });
	const problems = [];
	let changed = 0;
	let kept = 0;
	for (const { role, json } of rendered) {
		const listed = byRole[role];
		if (!listed) {
			if (dryRun) out.todo(`${FLEET_LABELS[role]}: missing — would create "${json.name}"`);
			else {
				const created = await api.createWorkflow({ ...json, staticData: { [FLEET_STATE_KEY]: { templateVersion: ctx.version, state: mergeWorkflow({ current: { nodes: [] }, rendered: json }).state } } });
				await api.publishWorkflow(created.id);
				out.ok(`${FLEET_LABELS[role]}: was missing — created and published "${json.name}" (${created.id})`);
			}
			changed++;
			continue;
		}
		const current = await api.getWorkflow(listed.id);
		const stored = current.staticData?.[FLEET_STATE_KEY];
		if (!stored) {
			out.line(`${FLEET_LABELS[role]}: imported from workflow files, not created by this command: left as it is`);
			continue;
		}
		const plan = mergeWorkflow({ current, rendered: json, state: stored?.state });
		const staticData = { ...(current.staticData ?? {}), [FLEET_STATE_KEY]: { templateVersion: ctx.version, state: plan.state } };
		const res = await applyPlan(ctx, FLEET_LABELS[role], current, plan, { dryRun, staticData });
		if (res.changed) changed++;
		kept += res.kept;
		if (res.problem) problems.push(`fleet ${res.problem}`);
	}
	return { problems, changed, kept };
}

export async function upgrade(ctx, { integrationId, all = false, dryRun = false }) {
	const { api, out } = ctx;
	if (!integrationId && !all) throw new CommandError('upgrade needs an integration id or --all', { exitCode: 2 });
	const tables = await ensureTables(api, { readOnly: true });
	const allWorkflows = await api.listWorkflows();
	const fleetByRole = findFleet(allWorkflows);
	const fleetConfig = fleetSettings(ctx, fleetByRole);
	const smtp = ctx.fleetFile?.smtpCredential ? await resolveSmtp(api, ctx.fleetFile.smtpCredential) : readCredentials(FLEET_ROLES.map((r) => fleetByRole[r])).smtp;
	if (!smtp) throw new CommandError('the fleet workflows name no SMTP credential: pass --fleet <file> with smtpCredential');

	let rows = await allRestaurants(api, tables.ids);
	if (!all) {
		rows = rows.filter((r) => r.integrationId === integrationId);
		if (!rows.length) throw new CommandError(`no restaurant "${integrationId}" in this n8n`);
	}
	out.line(`${dryRun ? 'Upgrade plan (dry run: nothing is changed)' : 'Upgrading'} to templates ${ctx.version} on ${ctx.n8nUrl}`);
	const problems = [];
	let changed = 0;
	let kept = 0;
	for (const row of rows) {
		if (row.removedAtMs) {
			if (!all) throw new CommandError(`"${row.integrationId}" was removed; there is nothing to upgrade`);
			continue;
		}
		if (isImported(row)) {
			// its workflows came from `n8n import:workflow` (e.g. the demo set), not from add: nothing recorded to merge with
			out.heading(`${row.name} (${row.integrationId})`);
			out.line('imported from workflow files, not added by this command: left as it is (import the new workflows/ to update it)');
			continue;
		}
		if (!row.templateVersion) {
			out.heading(`${row.name} (${row.integrationId})`);
			out.warn('its add did not finish: run npm run merchant -- add <its merchant file> again (skipped)');
			problems.push(`${row.integrationId}: add not finished`);
			continue;
		}
		const res = await upgradeRestaurant(ctx, row, { tables, fleetConfig, smtp, dryRun });
		problems.push(...res.problems);
		changed += res.changed;
		kept += res.kept;
		for (const p of res.problems) out.fail(p);
	}
	const fleet = await upgradeFleet(ctx, { allWorkflows, tables, fleetConfig, smtp, dryRun });
	problems.push(...fleet.problems);
	changed += fleet.changed;
	kept += fleet.kept;

	out.heading(dryRun ? `Plan: ${changed} workflow(s) would change${kept ? `, ${kept} node(s) kept as changed or added by hand` : ''} — nothing was changed (dry run)` : changed ? `Upgraded: ${changed} workflow(s) updated${kept ? `, ${kept} node(s) kept as changed or added by hand` : ''}` : `Nothing to change${kept ? ` (${kept} node(s) kept as changed or added by hand)` : ''}`);
	if (problems.length) throw new CommandError(`upgrade: ${problems.length} problem(s): ${problems.join('; ')}`);
}
