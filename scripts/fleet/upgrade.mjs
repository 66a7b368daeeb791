// Upgrade: the merge rules (pure, unit-tested) and the command that applies them.
//
// Each node is remembered by a hash of how it was rendered (templateState). On upgrade the
// templates are rendered again with the restaurant's current settings, and per node:
//   - unchanged since the last rendering (its hash is the remembered one) → the new rendering;
//   - changed by hand (another hash) → kept as it is, and reported;
//   - added by hand (never rendered) → kept, and reported;
//   - deleted by hand (rendered before, not in n8n) → stays deleted, and reported;
//   - new in the templates → added; gone from the templates → removed (if unchanged).
// The wiring follows the same rule as a whole: the new rendering's connections (plus those of
// nodes kept by hand), unless the operator rewired template nodes — then the current wiring is
// kept and reported. A workflow whose result equals what is in n8n is not written.
import crypto from 'node:crypto';

/**
 * What makes up a node's content (position, id and name are not content; nor is webhookId, which
 * n8n gives nodes that can wait for a webhook, like Send Email — see mergeWorkflow).
 */
const HASHED = ['type', 'typeVersion', 'parameters', 'credentials', 'disabled', 'executeOnce', 'alwaysOutputData', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'onError', 'continueOnFail', 'notes', 'notesInFlow'];

/** JSON with sorted keys (undefined dropped), so equal content gives equal text. */
export function canonical(value) {
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.filter((k) => value[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

const digest = (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A node's content hash; `ignore` lists parameters that are not the template's (the merchant's settings). */
export function nodeHash(node, ignore = []) {
	const content = {};
	for (const key of HASHED) if (node[key] !== undefined && node[key] !== false) content[key] = node[key];
	if (ignore.length && content.parameters) content.parameters = Object.fromEntries(Object.entries(content.parameters).filter(([k]) => !ignore.includes(k)));
	// a credential is the same credential whatever it is called
	if (content.credentials) content.credentials = Object.fromEntries(Object.entries(content.credentials).map(([type, ref]) => [type, ref?.id ?? ref]));
	return digest(canonical(content));
}

export const connectionsHash = (connections) => digest(canonical(connections ?? {}));

/** The state remembered for one rendered workflow: {nodes: {name: hash}, connections: hash}. */
export function workflowState(rendered, ignored = {}) {
	return {
		nodes: Object.fromEntries(rendered.nodes.map((n) => [n.name, nodeHash(n, ignored[n.name] ?? [])])),
		connections: connectionsHash(rendered.connections),
	};
}

// ---------- connections as edges ----------

function edges(connections) {
	const out = [];
	for (const [from, byType] of Object.entries(connections ?? {})) {
		for (const [type, outputs] of Object.entries(byType ?? {})) {
			(outputs ?? []).forEach((targets, output) => {
				for (const t of targets ?? []) out.push({ from, type, output, to: t.node, toType: t.type, index: t.index });
			});
		}
	}
	return out;
}

const edgeKey = (e) => `${e.from}|${e.type}|${e.output}|${e.to}|${e.toType}|${e.index}`;

/** `base` without edges that touch a node not in `keep`, plus `extra` edges not there yet. */
function rewire(base, keep, extra = []) {
	const out = {};
	for (const [from, byType] of Object.entries(base ?? {})) {
		if (!keep.has(from)) continue;
		out[from] = {};
		for (const [type, outputs] of Object.entries(byType ?? {})) out[from][type] = (outputs ?? []).map((targets) => (targets ?? []).filter((t) => keep.has(t.node)).map((t) => ({ ...t })));
	}
	const present = new Set(edges(out).map(edgeKey));
	for (const e of extra) {
		if (!keep.has(e.from) || !keep.has(e.to) || present.has(edgeKey(e))) continue;
		const outputs = ((out[e.from] ??= {})[e.type] ??= []);
		while (outputs.length <= e.output) outputs.push([]);
		outputs[e.output].push({ node: e.to, type: e.toType, index: e.index });
		present.add(edgeKey(e));
	}
	return out;
}

/** What n8n compares: name, nodes (by name), connections, settings. */
export function sameWorkflow(a, b) {
	const shape = (w) => canonical({
		name: w.name,
		nodes: Object.fromEntries((w.nodes ?? []).map((n) => [n.name, n])),
		connections: w.connections ?? {},
		settings: w.settings ?? {},
	});
	return shape(a) === shape(b);
}

/**
 * Merges a new rendering into the workflow as it is in n8n.
 * @param {object} o
 * @param {object} o.current   the workflow from n8n (nodes, connections, settings, name)
 * @param {object} o.rendered  the new rendering (same shape)
 * @param {object} [o.state]   {nodes: {name: hash}, connections: hash} remembered from the last rendering
 * @param {object} [o.ignored] node name → parameters that are the merchant's (not hashed)
 * @returns {{workflow, changed: boolean, updates: object[], kept: object[], state: object}}
 *   updates: [{node, action: 'replaced'|'added'|'removed'}]; kept: [{node, why}] (the report)
 */
export function mergeWorkflow({ current, rendered, state = { nodes: {} }, ignored = {} }) {
	const remembered = state.nodes ?? {};
	const currentByName = new Map((current.nodes ?? []).map((n) => [n.name, n]));
	const renderedNames = new Set(rendered.nodes.map((n) => n.name));
	const hashOf = (n) => nodeHash(n, ignored[n.name] ?? []);
	const nodes = [];
	const updates = [];
	const kept = [];
	const added = new Set();

	for (const r of rendered.nodes) {
		const c = currentByName.get(r.name);
		if (!c) {
			if (r.name in remembered) kept.push({ node: r.name, why: 'deleted by hand: not added again' });
			else {
				nodes.push(r);
				added.add(r.name);
				updates.push({ node: r.name, action: 'added' });
			}
			continue;
		}
		const now = hashOf(c);
		// the operator's layout stays; the node keeps its id in n8n, and the webhookId n8n gave it
		const fresh = { ...r, id: c.id ?? r.id, position: c.position ?? r.position, ...(r.webhookId === undefined && c.webhookId !== undefined ? { webhookId: c.webhookId } : {}) };
		if (now === hashOf(r)) nodes.push(canonical(fresh) === canonical(c) ? c : fresh);
		else if (!(r.name in remembered)) {
			nodes.push(c);
			kept.push({ node: r.name, why: 'added by hand under the name of a new template node: kept, the template version is not added' });
		} else if (remembered[r.name] === now) {
			nodes.push(fresh);
			updates.push({ node: r.name, action: 'replaced' });
		} else {
			nodes.push(c);
			kept.push({ node: r.name, why: 'changed by hand: kept as it is (the template has a newer version)' });
		}
	}
	for (const c of current.nodes ?? []) {
		if (renderedNames.has(c.name)) continue;
		if (!(c.name in remembered)) {
			nodes.push(c);
			kept.push({ node: c.name, why: 'added by hand: kept' });
		} else if (remembered[c.name] === hashOf(c)) updates.push({ node: c.name, action: 'removed' });
		else {
			nodes.push(c);
			kept.push({ node: c.name, why: 'changed by hand and no longer in the templates: kept' });
		}
	}

	const names = new Set(nodes.map((n) => n.name));
	const notRendered = new Set(nodes.filter((n) => !renderedNames.has(n.name)).map((n) => n.name));
	const currentEdges = edges(current.connections);
	let connections;
	if (state.connections && connectionsHash(current.connections) !== state.connections) {
		// rewired by hand: the current wiring stays; only the new nodes get their template edges
		const newEdges = edges(rendered.connections).filter((e) => added.has(e.from) || added.has(e.to));
		connections = rewire(current.connections, names, newEdges);
		if (!sameConnections(connections, rewire(rendered.connections, names, currentEdges.filter((e) => notRendered.has(e.from) || notRendered.has(e.to))))) {
			kept.push({ node: '(connections)', why: 'rewired by hand: the current connections are kept' });
		}
	} else {
		connections = rewire(rendered.connections, names, currentEdges.filter((e) => notRendered.has(e.from) || notRendered.has(e.to)));
	}

	const workflow = {
		name: rendered.name,
		nodes,
		connections,
		// the template's settings win; settings the operator added stay
		settings: { ...(current.settings ?? {}), ...(rendered.settings ?? {}) },
	};
	return { workflow, changed: !sameWorkflow(workflow, current), updates, kept, state: workflowState(rendered, ignored) };
}

const sameConnections = (a, b) => canonical(a) === canonical(b);
