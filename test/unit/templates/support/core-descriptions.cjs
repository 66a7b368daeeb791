#!/usr/bin/env node
// Prints the descriptions of n8n core nodes as JSON, read from an n8n-nodes-base install:
//   node core-descriptions.cjs <n8n-nodes-base dir> '[["n8n-nodes-base.if", 2.3], …]'
// Run as a separate process because n8n-nodes-base pulls in ESM-only packages that jest's
// module system cannot load. Output: {"<type>@<version>": description | null}.
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, wanted] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const byStem = new Map(manifest.n8n.nodes.map((f) => [path.basename(f, '.node.js').toLowerCase(), path.join(dir, f)]));

function instances(file) {
	const mod = require(file);
	const out = [];
	for (const value of Object.values(mod)) {
		if (typeof value !== 'function') continue;
		try {
			const x = new value();
			if (x && (x.description || x.nodeVersions)) out.push(x);
		} catch {
			/* not a node class */
		}
	}
	return out;
}

const result = {};
for (const [type, version] of JSON.parse(wanted)) {
	const short = type.replace(/^n8n-nodes-base\./, '').toLowerCase();
	const file = byStem.get(short);
	let found = null;
	if (file) {
		for (const x of instances(file)) {
			if (x.description && `n8n-nodes-base.${x.description.name}` !== type) continue;
			if (x.nodeVersions) {
				const v = x.nodeVersions[version];
				if (v) found = { ...x.description, ...v.description };
			} else {
				const versions = Array.isArray(x.description.version) ? x.description.version : [x.description.version];
				if (versions.includes(version)) found = x.description;
			}
		}
	}
	result[`${type}@${version}`] = found;
}
process.stdout.write(JSON.stringify(result));
