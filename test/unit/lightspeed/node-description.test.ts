import { existsSync, readFileSync } from 'fs';
import path from 'path';

import { operations } from '../../../nodes/LightspeedKSeries/actions/router';
import { normaliseCheck } from '../../../nodes/LightspeedKSeries/helpers/checks';
import { lightspeedNode } from '../../helpers/lightspeedNode';
import { snapshot } from '../../helpers/lightspeedFixtures';

const NODE_DIR = path.resolve(__dirname, '..', '..', '..', 'nodes', 'LightspeedKSeries');

/** Resources and operations as docs/contracts.md lists them (templates depend on these values). */
const CONTRACT: Record<string, string[]> = {
	business: ['getMany'],
	paymentMethod: ['getMany'],
	staff: ['getMany'],
	floorplan: ['getMany'],
	table: ['getMany'],
	check: ['getManyOpen', 'getByTable', 'get'],
	payment: ['apply', 'getStatus'],
	order: ['createEatIn', 'createToGo'],
	location: ['getReadiness', 'diagnose'],
	posMessage: ['send'],
	settings: ['get'],
};

const description = lightspeedNode.description;

describe('Lightspeed K-Series node description', () => {
	it('is named lightspeedKSeries, usable as a tool, with the OAuth2 credential', () => {
		expect(description.name).toBe('lightspeedKSeries');
		expect(description.displayName).toBe('Lightspeed K-Series');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'lightspeedKSeriesOAuth2Api', required: true }]);
	});

	it('offers exactly the contract resources and operations, each wired to an operation module', () => {
		const resource = description.properties.find((property) => property.name === 'resource');
		const resources = (resource?.options as Array<{ value: string }>).map((option) => option.value).sort();
		expect(resources).toEqual(Object.keys(CONTRACT).sort());
		for (const [name, ops] of Object.entries(CONTRACT)) {
			const operation = description.properties.find(
				(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(name),
			);
			const values = (operation?.options as Array<{ value: string; action?: string }>).map((option) => option.value);
			expect(values.sort()).toEqual([...ops].sort());
			expect(operation?.noDataExpression).toBe(true);
			for (const op of ops) {
				const module = (operations as unknown as Record<string, Record<string, { execute: unknown; description: unknown }>>)[name][op];
				expect(typeof module.execute).toBe('function');
				expect(Array.isArray(module.description)).toBe(true);
			}
		}
	});

	it('every parameter other than resource is shown only for its resource/operation', () => {
		for (const property of description.properties) {
			if (property.name === 'resource') continue;
			expect(property.displayOptions?.show?.resource).toBeDefined();
		}
	});

	it('payment.apply exposes the parameters the templates use', () => {
		const names = description.properties
			.filter((property) => property.displayOptions?.show?.operation?.includes('apply'))
			.map((property) => property.name);
		for (const name of [
			'businessLocationId',
			'paymentId',
			'attempt',
			'checkId',
			'tableNumber',
			'amount',
			'tipAmount',
			'method',
			'cardPaymentMethod',
			'voucherPaymentMethod',
			'inFlightAmount',
			'endpointId',
			'options',
		]) {
			expect(names).toContain(name);
		}
	});

	it('has themed icons on disk and a codex file with categories and documentation', () => {
		expect(description.icon).toEqual({ light: 'file:lightspeedKSeries.svg', dark: 'file:lightspeedKSeries.dark.svg' });
		expect(existsSync(path.join(NODE_DIR, 'lightspeedKSeries.svg'))).toBe(true);
		expect(existsSync(path.join(NODE_DIR, 'lightspeedKSeries.dark.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(path.join(NODE_DIR, 'LightspeedKSeries.node.json'), 'utf8')) as {
			node: string;
			categories: string[];
			resources: { primaryDocumentation: Array<{ url: string }> };
		};
		expect(codex.node).toBe('n8n-nodes-qodeup-lightspeed.lightspeedKSeries');
		expect(codex.categories).toEqual(expect.arrayContaining(['Finance & Accounting', 'Sales']));
		expect(codex.resources.primaryDocumentation.length).toBeGreaterThan(0);
	});
});

describe('check normalisation (money)', () => {
	it('string and number amounts give two-decimal strings and exact remaining', () => {
		expect(normaliseCheck(snapshot({ currentAmount: 0.3, paidAmount: 0.1 }))).toMatchObject({
			currentAmount: '0.30',
			paidAmount: '0.10',
			remaining: '0.20',
		});
		expect(normaliseCheck(snapshot({ currentAmount: '20.06', paidAmount: '20.05' })).remaining).toBe('0.01');
		expect(normaliseCheck(snapshot({ currentAmount: '1.005', paidAmount: 0 })).currentAmount).toBe('1.01');
		expect(normaliseCheck(snapshot({ currentAmount: '123456789.99', paidAmount: '0.01' })).remaining).toBe('123456789.98');
	});

	it('reads differently cased field names', () => {
		const raw = { ...snapshot(), ikaccountId: undefined, IKAccountId: 'A7.7' };
		expect(normaliseCheck(raw).checkId).toBe('A7.7');
	});

	it('keeps sub-lines and marks closed checks', () => {
		const check = normaliseCheck(snapshot({ closeDate: '2023-04-17T21:00:00.000+0000' }));
		expect(check.closed).toBe(true);
		expect(check.lines[0].subLines[0]).toMatchObject({ sku: '29', name: 'Cream Cheese', amount: '2.30' });
	});
});
