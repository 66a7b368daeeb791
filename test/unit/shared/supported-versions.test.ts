/**
 * The README's oldest supported n8n version is the one the end-to-end suite runs on, and the
 * README does not claim more than that.
 */
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const harness = JSON.parse(fs.readFileSync(path.join(root, 'e2e/n8n-harness/package.json'), 'utf8')) as {
	dependencies: Record<string, string>;
};

describe('supported n8n versions', () => {
	it('the oldest version the README claims is the exact version the e2e harness pins', () => {
		const claimed = /oldest supported version is \*\*n8n (\d+\.\d+\.\d+)\*\*/.exec(readme)?.[1];
		expect(claimed).toBeDefined();
		expect(harness.dependencies.n8n).toBe(claimed);
	});

	it('every n8n version named in the operator guide is that version or its later patches', () => {
		const pinned = harness.dependencies.n8n;
		const [major, minor] = pinned.split('.');
		const named = [...readme.matchAll(/n8n \*\*(\d+\.\d+(?:\.\d+|\.x)?)/g)].map((match) => match[1]);
		expect(named.length).toBeGreaterThan(0);
		for (const version of named) expect(version.startsWith(`${major}.${minor}`)).toBe(true);
		expect(readme).not.toMatch(/n8n (?:1\.\d+|2\.(?:[0-3]?\d|40))\b(?!\.)/);
	});
});
