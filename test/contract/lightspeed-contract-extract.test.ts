/**
 * The committed extract of Lightspeed's published K-Series OpenAPI documents
 * (test/contract/lightspeed-openapi/, made by scripts/specs/extract-lightspeed-contract.mjs) holds
 * facts only: names, paths, types, constraints. No sentence of Lightspeed's documentation may be
 * in it — no prose keys, no long or many-word strings — and it stays in the extractor's
 * deterministic form, with every $ref resolvable.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

import { LIGHTSPEED_SPEC_DIR, SHARED_DIR, SPEC_FILES } from '../helpers/lightspeedSpecs';
import type { SpecName } from '../helpers/lightspeedSpecs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PROSE_KEYS = ['description', 'summary', 'title', 'example', 'examples', 'externalDocs', '$comment', 'tags', 'info.title'];
/** Longest string allowed outside `$ref`, `pattern`, `format`, `enum` and operation ids (a type, a URL…). */
const MAX_CHARS = 40;
/** Most words an enum member may have ("Waited too long" has three). */
const MAX_WORDS = 3;

const extracts = (Object.keys(SPEC_FILES) as SpecName[]).map((name) => {
	const file = SPEC_FILES[name].replace(/\.yml$/, '.json');
	const text = readFileSync(path.join(LIGHTSPEED_SPEC_DIR, file), 'utf8');
	return { name, file, text, doc: JSON.parse(text) as { [key: string]: Json } };
});

function walk(node: Json, at: string[], visit: (value: Json, at: string[]) => void): void {
	visit(node, at);
	if (Array.isArray(node)) node.forEach((value, index) => walk(value, [...at, String(index)], visit));
	else if (node !== null && typeof node === 'object') for (const [key, value] of Object.entries(node)) walk(value, [...at, key], visit);
}

function sortKeys(node: Json): Json {
	if (Array.isArray(node)) return node.map(sortKeys);
	if (node === null || typeof node !== 'object') return node;
	return Object.fromEntries(
		Object.keys(node)
			.sort()
			.map((key) => [key, sortKeys(node[key])]),
	);
}

describe('the Lightspeed contract extract (test/contract/lightspeed-openapi)', () => {
	it('holds the four documents and an index, nothing else', () => {
		expect(readdirSync(LIGHTSPEED_SPEC_DIR).sort()).toEqual(['index.json', ...extracts.map((e) => e.file)].sort());
		const index = JSON.parse(readFileSync(path.join(LIGHTSPEED_SPEC_DIR, 'index.json'), 'utf8'));
		expect(Object.keys(index.specs).sort()).toEqual(Object.keys(SPEC_FILES).sort());
		for (const { name, file } of extracts) {
			expect(index.specs[name]).toMatchObject({ published: SPEC_FILES[name], extract: file });
			expect(index.specs[name].sha256).toMatch(/^[0-9a-f]{64}$/);
		}
	});

	it('has no prose: no description/summary/title/example(s)/externalDocs/x-* keys, no long or many-word strings', () => {
		const problems: string[] = [];
		for (const { file, doc } of extracts) {
			expect(Object.keys(doc).sort()).toEqual(expect.arrayContaining(['components', 'openapi', 'paths']));
			expect(Object.keys(doc.info as object)).toEqual(['version']);
			walk(doc, [], (value, at) => {
				const key = at[at.length - 1] ?? '';
				const parent = at[at.length - 2] ?? '';
				const where = `${file}#/${at.join('/')}`;
				// property names are data ("description" is a field of a table); keywords are not
				if (parent !== 'properties' && (PROSE_KEYS.includes(key) || key.startsWith('x-'))) problems.push(`${where}: prose key`);
				if (typeof value !== 'string') return;
				if (key === '$ref' || parent === 'mapping') {
					if (!/^#\/(components\/(schemas|parameters|requestBodies|responses|headers)\/[A-Za-z0-9_.-]+|paths\/.+)$/.test(value)) problems.push(`${where}: odd $ref ${value}`);
				} else if (key === 'operationId') {
					if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(value)) problems.push(`${where}: odd operationId ${value}`);
				} else if (key === 'pattern' || key === 'format') {
					// a regular expression or a format name, not prose
				} else if (parent === 'enum') {
					if (value.trim().split(/\s+/).length > MAX_WORDS) problems.push(`${where}: enum member with more than ${MAX_WORDS} words`);
				} else if (value.length > MAX_CHARS || value.trim().split(/\s+/).length > MAX_WORDS) {
					problems.push(`${where}: string of ${value.length} characters: ${value.slice(0, 60)}`);
				}
			});
		}
		expect(problems).toEqual([]);
	});

	it('contains none of the published documents\' texts (checked when the published files are beside the clone)', () => {
		// The published YAML files are not part of the repository; when they are at hand (CI has
		// them at ../shared), every text they hold must be absent from the extract. Without them
		// the structural checks above are what guards the extract.
		const dir = process.env.LSK_SPECS_DIR ?? path.join(SHARED_DIR, 'specs', 'lightspeed-kseries');
		const published = (Object.keys(SPEC_FILES) as SpecName[]).map((name) => path.join(dir, SPEC_FILES[name]));
		if (!published.every((file) => existsSync(file))) return;
		const texts = new Set<string>();
		for (const file of published) {
			walk(parse(readFileSync(file, 'utf8')) as Json, [], (value, at) => {
				const key = at[at.length - 1] ?? '';
				const prose = at.some((part, i) => PROSE_KEYS.includes(part) && at[i - 1] !== 'properties') || key === 'title';
				// a sentence (four words or more); one-word texts such as a path or a code name are facts the extract keeps elsewhere
				if (prose && typeof value === 'string' && value.trim().split(/\s+/).length >= 4) texts.add(value.trim().slice(0, 60));
			});
		}
		expect(texts.size).toBeGreaterThan(100);
		const all = extracts.map((e) => e.text).join('\n');
		expect([...texts].filter((text) => all.includes(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')))).toEqual([]);
	});

	it('is in the extractor\'s form (sorted keys, two-space JSON, trailing newline) and every $ref resolves', () => {
		for (const { file, text, doc } of extracts) {
			expect({ file, canonical: text === `${JSON.stringify(sortKeys(doc), null, 2)}\n` }).toEqual({ file, canonical: true });
			const unresolved: string[] = [];
			walk(doc, [], (value, at) => {
				if (at[at.length - 1] !== '$ref' || typeof value !== 'string') return;
				const target = value
					.slice(2)
					.split('/')
					.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
					.reduce<Json | undefined>((node, part) => (node !== null && typeof node === 'object' && !Array.isArray(node) ? node[part] : undefined), doc);
				if (target === undefined) unresolved.push(`${file}#/${at.join('/')}: ${value}`);
			});
			expect(unresolved).toEqual([]);
		}
	});
});
