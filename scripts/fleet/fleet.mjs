// The fleet's own workflows (once per n8n: Data tables, Sweeper, Retention), its settings and the
// SMTP credential they send with. The fleet workflows are found by name; how they were rendered
// (for upgrade) is remembered in their static data under `qodeupFleet` — the fleet has no
// restaurants row of its own.
import { DEFAULT_FLEET } from '../templates/render.mjs';
import { publishAndCheck } from './live.mjs';
import { FLEET_NAMES, FLEET_ROLES, readFleetSettings, renderFleet } from './rendering.mjs';
import { workflowState } from './upgrade.mjs';

export const FLEET_STATE_KEY = 'qodeupFleet';

/** Non-archived workflows with exactly this name. */
export function named(workflows, name) {
	return workflows.filter((w) => !w.isArchived && w.name === name);
}

/** The fleet's workflows by role (undefined when missing); several with one name is an error. */
export function findFleet(workflows) {
	const out = {};
	for (const role of FLEET_ROLES) {
		const found = named(workflows, FLEET_NAMES[role]);
		if (found.length > 1) throw new Error(`${found.length} workflows are named "${FLEET_NAMES[role]}" (ids ${found.map((w) => w.id).join(', ')}): archive all but one`);
		out[role] = found[0];
	}
	return out;
}

/**
 * The fleet settings to render with: the defaults, what the fleet's workflows hold now, then the
 * --fleet file; retry links point at this n8n's webhook base unless the settings say otherwise.
 */
export function fleetSettings(ctx, fleetByRole = {}) {
	const current = readFleetSettings(fleetByRole);
	const { smtpCredential: _smtp, ...fromFile } = ctx.fleetFile ?? {};
	const merged = { ...DEFAULT_FLEET, ...current, ...fromFile };
	if (!merged.webhookBaseUrl) merged.webhookBaseUrl = ctx.webhookBase;
	return merged;
}

/** An SMTP credential by id or name: {id, name}. */
export async function resolveSmtp(api, idOrName) {
	const all = await api.listCredentials();
	const smtp = all.filter((c) => c.type === 'smtp');
	const byId = all.find((c) => c.id === idOrName);
	if (byId) {
		if (byId.type !== 'smtp') throw new Error(`smtpCredential "${idOrName}" is a ${byId.type} credential, not SMTP`);
		return { id: byId.id, name: byId.name };
	}
	const byName = smtp.filter((c) => c.name === idOrName);
	if (byName.length === 1) return { id: byName[0].id, name: byName[0].name };
	if (byName.length > 1) throw new Error(`${byName.length} SMTP credentials are named "${idOrName}" (ids ${byName.map((c) => c.id).join(', ')}): give the id`);
	const known = smtp.map((c) => `"${c.name}" (${c.id})`).join(', ');
	throw new Error(`no SMTP credential with id or name "${idOrName}" in n8n${known ? ` — SMTP credentials there: ${known}` : ' — create one in n8n (Credentials → SMTP) first'}`);
}

/**
 * Makes sure the fleet's three workflows exist and are published. Returns {byRole, problems}.
 * `smtp` is used when they have to be created.
 */
export async function ensureFleet(ctx, { workflows, tableIds, smtp }) {
	const { api, out } = ctx;
	const byRole = findFleet(workflows);
	const problems = [];
	const missing = FLEET_ROLES.filter((role) => !byRole[role]);
	if (missing.length) {
		const settings = fleetSettings(ctx, byRole);
		const rendered = renderFleet({ credentials: { smtp }, tableIds, fleet: settings });
		for (const { role, json } of rendered) {
			if (!missing.includes(role)) continue;
			const staticData = { [FLEET_STATE_KEY]: { templateVersion: ctx.version, state: workflowState(json) } };
			byRole[role] = await api.createWorkflow({ ...json, staticData });
			out.ok(`created fleet workflow "${json.name}" (${byRole[role].id})`);
		}
	}
	for (const role of FLEET_ROLES) {
		const wf = byRole[role];
		if (wf.active) continue;
		const result = await publishAndCheck(api, ctx.webhookBase, wf);
		if (result.ok) {
			out.ok(`published fleet workflow "${wf.name}"`);
			byRole[role] = { ...wf, active: true };
		} else {
			out.fail(`fleet workflow "${wf.name}" did not publish: ${result.error}`);
			problems.push(`fleet workflow "${wf.name}": ${result.error}`);
		}
	}
	if (!missing.length && !problems.length) out.ok('fleet workflows (Data tables, Sweeper, Retention) present and published');
	if (!missing.length) {
		// a --fleet file is applied to the fleet's workflows by upgrade, not here
		const now = readFleetSettings(byRole);
		const differ = Object.entries(ctx.fleetFile ?? {}).filter(([k, v]) => k !== 'smtpCredential' && k in now && String(now[k]) !== String(v)).map(([k]) => k);
		if (differ.length) out.warn(`the fleet workflows run with other settings than the --fleet file (${differ.join(', ')}): npm run merchant -- upgrade --all --fleet <file> applies them`);
	}
	return { byRole, problems };
}
