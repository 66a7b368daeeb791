// Is it really running? In n8n 2.41 publishing only records the wish (the answer says active:
// true at once); the triggers are activated in the background and a failure is not in the public
// API. So the command asks the webhooks themselves: a request with a method the webhook does not
// take is answered 404 "…is not registered for PATCH requests…" when the webhook is live, and
// "…is not registered." when it is not — nothing runs either way. Also: the restaurant's
// Diagnose, the Lightspeed connection (n8n's credential test) and the run a publish triggers.
import { webhookProbes } from './rendering.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PROBE_METHODS = ['PATCH', 'DELETE', 'PUT', 'POST', 'GET'];

/** 'live' | 'absent' | 'unknown' for one webhook of a workflow. */
export async function probeWebhook(webhookBase, probe, { fetchImpl = fetch } = {}) {
	const method = PROBE_METHODS.find((m) => !probe.methods.includes(m)) ?? 'PATCH';
	const url = `${webhookBase}/${probe.path.replace(/:[^/]+/g, 'probe')}`;
	let res;
	try {
		res = await fetchImpl(url, { method, signal: AbortSignal.timeout(10_000) });
	} catch (err) {
		return { state: 'unknown', detail: `${err?.cause?.code ?? err.message} (${url})` };
	}
	const text = await res.text().catch(() => '');
	if (res.status === 404) {
		if (/is not registered for \w+ requests/i.test(text)) return { state: 'live' };
		if (/is not registered/i.test(text)) return { state: 'absent' };
		return { state: 'unknown', detail: `HTTP 404 ${text.slice(0, 120)}` };
	}
	return res.status < 500 ? { state: 'live' } : { state: 'unknown', detail: `HTTP ${res.status}` };
}

/**
 * Waits until every webhook of the workflow answers (or `timeoutMs`). Returns
 * {live: true|false|undefined, missing: [node names]}; undefined = nothing to probe (schedule
 * and n8n triggers: `active` is all the public API tells).
 */
export async function waitLive(webhookBase, workflow, { timeoutMs = 20_000, want = true } = {}) {
	const probes = webhookProbes(workflow);
	if (!probes.length) return { live: undefined, missing: [] };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const states = await Promise.all(probes.map((p) => probeWebhook(webhookBase, p)));
		const missing = probes.filter((_, i) => states[i].state !== 'live').map((p) => p.node);
		const done = want ? missing.length === 0 : missing.length === probes.length;
		if (done || Date.now() >= deadline) return { live: missing.length === 0, missing, probes: probes.length, details: states.map((s) => s.detail).filter(Boolean) };
		await sleep(500);
	}
}

/** Live right now (no waiting). */
export const isLive = (webhookBase, workflow) => waitLive(webhookBase, workflow, { timeoutMs: 0 });

/**
 * Publishes a workflow and checks it went live. Returns {ok, live, missing, error}. A workflow
 * whose webhooks did not come up is unpublished again when `rollback` (so "published" in n8n
 * means running, and a later publish starts clean).
 */
export async function publishAndCheck(api, webhookBase, workflow, { rollback = true, timeoutMs = 20_000 } = {}) {
	try {
		await api.publishWorkflow(workflow.id);
	} catch (err) {
		return { ok: false, error: err.message };
	}
	const { live, missing } = await waitLive(webhookBase, workflow, { timeoutMs });
	if (live === false) {
		if (rollback) await api.unpublishWorkflow(workflow.id).catch(() => {});
		return { ok: false, live, missing, error: `published, but ${missing.map((m) => `"${m}"`).join(', ')} did not come up (its webhook is not registered)` };
	}
	return { ok: true, live, missing };
}

/**
 * The Lightspeed notifications: publishing runs the trigger's registration at Lightspeed in the
 * background (with the node's retries, half a minute when Lightspeed refuses), and its webhook is
 * registered in n8n while that runs — so "live" alone proves nothing. Registered means: the
 * webhook stays live and the restaurant's Diagnose finds the endpoint at Lightspeed (check
 * "webhook"). A webhook that goes away again means the registration failed.
 * Returns {ok, error, diagnosis}.
 */
export async function publishRegistered(api, webhookBase, workflow, diagnoseUrl, { timeoutMs = 90_000 } = {}) {
	try {
		await api.publishWorkflow(workflow.id);
	} catch (err) {
		return { ok: false, error: err.message };
	}
	const r = await waitRegistered(webhookBase, workflow, diagnoseUrl, { timeoutMs });
	if (!r.ok && r.settled) await api.unpublishWorkflow(workflow.id).catch(() => {});
	return r;
}

/** The waiting half of publishRegistered (also after an update re-published the workflow). */
export async function waitRegistered(webhookBase, workflow, diagnoseUrl, { timeoutMs = 90_000 } = {}) {
	const started = Date.now();
	let seenLive = false;
	let diagnosis;
	for (;;) {
		const { live, missing } = await isLive(webhookBase, workflow);
		if (live) {
			seenLive = true;
			diagnosis = await runDiagnose(diagnoseUrl);
			const check = (diagnosis.checks ?? []).find((c) => c.name === 'webhook');
			if (check?.ok) return { ok: true, diagnosis };
		} else if (seenLive || Date.now() - started > 20_000) {
			return { ok: false, settled: true, error: `${missing.map((m) => `"${m}"`).join(', ')} did not stay up: its registration at Lightspeed failed (n8n shows the reason on the workflow's publish button)`, diagnosis };
		}
		if (Date.now() - started > timeoutMs) {
			const check = (diagnosis?.checks ?? []).find((c) => c.name === 'webhook');
			return { ok: false, error: `the endpoint is not confirmed at Lightspeed after ${Math.round(timeoutMs / 1000)} s${check ? `: ${check.detail}` : diagnosis?.error ? `: Diagnose: ${diagnosis.error}` : ''}`, diagnosis };
		}
		await sleep(2000);
	}
}

/** Unpublish then publish (the settings workflow re-checks against Lightspeed when published). */
export async function republish(api, webhookBase, workflow) {
	if (workflow.active) await api.unpublishWorkflow(workflow.id);
	return publishAndCheck(api, webhookBase, { ...workflow, active: false });
}

/**
 * The Lightspeed connection of a credential, from n8n's credential test:
 * {connected: true|false|undefined, message}.
 */
export async function lightspeedConnection(api, credentialId) {
	if (!credentialId) return { connected: undefined, message: 'no Lightspeed credential on record' };
	let last;
	// n8n 2.41 answers concurrent credential tests now and then with "Node not found": asked again
	for (let attempt = 0; attempt < 4; attempt++) {
		if (attempt) await sleep(400 * attempt);
		try {
			const res = await api.testCredential(credentialId);
			if (res?.status === 'OK') return { connected: true, message: res.message };
			const message = String(res?.message ?? '');
			// "Unable to sign without access token": Connect was never pressed (or the tokens were removed)
			if (/without access token|no access token|reconnect|invalid_grant|refresh token|not connected/i.test(message)) return { connected: false, message };
			last = { connected: undefined, message };
			if (!/node not found/i.test(message)) return last;
		} catch (err) {
			return { connected: undefined, message: err.message };
		}
	}
	return last;
}

/** GET the restaurant's Diagnose (recovery workflow): the diagnosis JSON, or {error}. */
export async function runDiagnose(diagnoseUrl, { timeoutMs = 60_000 } = {}) {
	let res;
	try {
		res = await fetch(diagnoseUrl, { signal: AbortSignal.timeout(timeoutMs) });
	} catch (err) {
		return { error: `${err?.cause?.code ?? err.name}: ${err?.cause?.message ?? err.message}` };
	}
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	if (res.ok && json && typeof json === 'object') return json;
	const message = json?.message ?? json?.error ?? text.slice(0, 200);
	return { error: `HTTP ${res.status}${message ? `: ${typeof message === 'string' ? message : JSON.stringify(message)}` : ''}`, body: json };
}

/**
 * The first run of a workflow that started at or after `sinceMs` (a publish with an n8n Trigger
 * starts one), once it finished: {status, error} — or {status: 'none'} after `timeoutMs`.
 */
export async function runAfter(api, workflowId, sinceMs, { timeoutMs = 30_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const runs = await api.executions(workflowId, { limit: 5 });
		const run = runs.filter((r) => Date.parse(r.startedAt ?? r.createdAt) >= sinceMs - 1000).sort((a, b) => Number(a.id) - Number(b.id))[0];
		if (run && run.finished !== undefined && (run.stoppedAt || ['success', 'error', 'crashed', 'canceled'].includes(run.status))) {
			if (run.status === 'success') return { status: 'success', id: run.id };
			const full = await api.get(`/executions/${run.id}`, { includeData: true }).catch(() => undefined);
			const error = full?.data?.resultData?.error;
			const node = full?.data?.resultData?.lastNodeExecuted;
			return { status: run.status, id: run.id, error: error ? `${node ? `${node}: ` : ''}${error.message}${error.description ? ` — ${error.description}` : ''}` : undefined };
		}
		if (Date.now() >= deadline) return { status: 'none' };
		await sleep(700);
	}
}
