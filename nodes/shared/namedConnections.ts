/**
 * A node's inputs or outputs as n8n evaluates them in the editor: most operations have one
 * unnamed connection, some name theirs (e.g. "Sent or Settled", "Refused"). `named` maps
 * "resource:operation" to the names; n8n runs this expression with the node's parameters.
 */
export function namedConnections(named: Record<string, string[]>): `={{${string}}}` {
	return `={{ ((p, named) => (named[p.resource + ':' + p.operation] || ['']).map((name) => ({ type: 'main', displayName: name })))($parameter, ${JSON.stringify(named)}) }}`;
}
