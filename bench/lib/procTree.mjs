import fs from 'node:fs';

/** The pids of a process and all its descendants (from /proc), for CPU and memory accounting. */
export function processTree(root) {
	const children = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(d));
		} catch {
			/* gone */
		}
	}
	const out = [];
	const stack = [root];
	while (stack.length) {
		const p = stack.pop();
		out.push(p);
		stack.push(...(children.get(p) || []));
	}
	return out;
}
