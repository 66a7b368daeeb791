/**
 * Every node has its codex file (<Node>.node.json beside <Node>.node.ts: the node's type name,
 * version, categories and documentation links, which n8n reads from beside the compiled node),
 * and the build copies each one into dist/ (gulpfile.js, run here into a temporary folder).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	name: string;
	homepage: string;
	n8n: { nodes: string[] };
};
// docs.n8n.io, "Node codex files": the categories n8n's nodes panel knows (exact spelling).
const CATEGORIES = ['Data & Storage', 'Finance & Accounting', 'Marketing & Content', 'Productivity', 'Miscellaneous', 'Sales', 'Development', 'Analytics', 'Communication', 'Utility'];

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	subcategories?: Record<string, string[]>;
	resources: { primaryDocumentation?: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
	alias?: string[];
}

function nodeSources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return nodeSources(file);
		return entry.name.endsWith('.node.ts') ? [file] : [];
	});
}

const sources = nodeSources(path.join(root, 'nodes')).sort();
const codexOf = (source: string) => source.replace(/\.node\.ts$/, '.node.json');
const rel = (file: string) => path.relative(root, file);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function readmeAnchors(): Set<string> {
	const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
	return new Set(
		[...readme.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) =>
			match[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N}\s_-]/gu, '')
				.replace(/\s/g, '-'),
		),
	);
}

function description(source: string): { name: string; version: number | number[]; defaultVersion?: number } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(source) as Record<string, unknown>;
	const NodeClass = Object.values(exported).find((value) => typeof value === 'function') as new () => {
		description: { name: string; version: number | number[]; defaultVersion?: number };
	};
	return new NodeClass().description;
}

describe('codex files (<Node>.node.json)', () => {
	it('every node in package.json has its source, and every node source is in package.json', () => {
		const listed = pkg.n8n.nodes.map((entry) => path.join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).sort();
		expect(listed.map(rel)).toEqual(sources.map(rel));
	});

	it.each(sources.map((source) => [rel(source), source]))('%s has a codex file with its type name, version, categories and documentation', (_name, source) => {
		const file = codexOf(source);
		expect({ codex: rel(file), exists: fs.existsSync(file) }).toEqual({ codex: rel(file), exists: true });
		const codex = JSON.parse(fs.readFileSync(file, 'utf8')) as Codex;
		const node = description(source);
		const version = node.defaultVersion ?? (Array.isArray(node.version) ? Math.max(...node.version) : node.version);
		expect(codex.node).toBe(`${pkg.name}.${node.name}`);
		expect(codex.nodeVersion).toBe(Number.isInteger(version) ? `${version}.0` : String(version));
		expect(codex.codexVersion).toBe('1.0');
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(CATEGORIES).toContain(category);
		for (const category of Object.keys(codex.subcategories ?? {})) expect(codex.categories).toContain(category);

		const primary = codex.resources.primaryDocumentation ?? [];
		expect(primary.length).toBeGreaterThan(0);
		expect(primary[0].url.startsWith(`${pkg.homepage}#`)).toBe(true);
		const anchors = readmeAnchors();
		for (const { url } of [...primary, ...(codex.resources.credentialDocumentation ?? [])]) {
			expect(url).toMatch(/^https:\/\//);
			if (url.startsWith(`${pkg.homepage}#`)) expect({ url, inReadme: anchors.has(url.split('#')[1]) }).toEqual({ url, inReadme: true });
		}
	});

	it('the build copies every codex file (and the icons) into dist/', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { assets } = require(path.join(root, 'gulpfile.js')) as { assets: { copyAssets(root: string, out: string): Promise<unknown> } };
		const out = fs.mkdtempSync(path.join(os.tmpdir(), 'qodeup-assets-'));
		try {
			await assets.copyAssets(root, out);
			for (const source of sources) {
				const copied = path.join(out, path.relative(root, codexOf(source)));
				expect({ copied: rel(codexOf(source)), inDist: fs.existsSync(copied) }).toEqual({ copied: rel(codexOf(source)), inDist: true });
				expect(fs.readFileSync(copied, 'utf8')).toBe(fs.readFileSync(codexOf(source), 'utf8'));
			}
			expect(fs.readdirSync(path.join(out, 'credentials')).some((name) => name.endsWith('.svg'))).toBe(true);
		} finally {
			fs.rmSync(out, { recursive: true, force: true });
		}
	});
});
