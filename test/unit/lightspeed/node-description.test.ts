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
	payment: ['apply', 'recover', 'getStatus'],
	order: ['createEatIn', 'createToGo', 'send', 'recover'],
	location: ['getReadiness', 'diagnose', 'checkConnection'],
	posMessage: ['send'],
	settings: ['check', 'recall', 'remember'],
};

/** The operations that take all input items at once (ledger rows) and name their outputs. */
const NAMED: Record<string, string[]> = {
	'payment:apply': ['Sent or Settled', 'Refused', 'Outcome Unknown'],
	'payment:recover': ['Was Claimed', 'Was Sent'],
	'order:send': ['Sent or Settled', 'Outcome Unknown'],
	'order:recover': ['Was Claimed', 'Was Sent'],
	'location:checkConnection': ['Connected', 'Disconnected'],
	'settings:recall': ['In Memory', 'To Read'],
};

/** Evaluates the node's `outputs` expression for these parameters (as the editor does). */
function outputsFor(parameter: Record<string, unknown>): Array<{ type: string; displayName: string }> {
	const expression = String(description.outputs);
	expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
	const evaluate = new Function('$parameter', `return (${expression.slice(3, -2)});`) as (p: Record<string, unknown>) => Array<{ type: string; displayName: string }>;
	return evaluate(parameter);
}

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
				const module = (operations as unknown as Record<string, Record<string, { execute?: unknown; executeBatch?: unknown; description: unknown; OUTPUTS?: string[] }>>)[name][op];
				const batch = `${name}:${op}` in NAMED;
				expect(typeof (batch ? module.executeBatch : module.execute)).toBe('function');
				expect(module.OUTPUTS).toEqual(NAMED[`${name}:${op}`]);
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

	it.each<[string, string[]]>([
		['payment:apply', ['businessLocationId', 'restaurant', 'paymentId', 'cardPaymentMethod', 'voucherPaymentMethod', 'endpointId', 'options']],
		['payment:recover', ['businessLocationId', 'restaurant', 'endpointId', 'options', 'claimedGraceSeconds', 'settleAfterSeconds', 'giveUpSeconds']],
		['order:send', ['businessLocationId', 'restaurant', 'endpointId', 'options']],
		['order:recover', ['businessLocationId', 'restaurant', 'endpointId', 'options', 'claimedGraceSeconds', 'settleAfterSeconds']],
		['location:checkConnection', ['restaurant']],
		['location:diagnose', ['businessLocationId', 'restaurant', 'cardPaymentMethod', 'voucherPaymentMethod', 'staffId', 'endpointId']],
		['settings:check', ['integrationId', 'integrationName', 'businessLocationId', 'cardPaymentMethod', 'voucherPaymentMethod', 'notificationEmails', 'staffId', 'retentionDays', 'operator']],
	])('%s exposes the parameters the templates use', (key, expected) => {
		const [resource, operation] = key.split(':');
		const names = description.properties
			.filter((property) => property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions?.show?.operation?.includes(operation))
			.map((property) => property.name);
		for (const name of expected) expect(names).toContain(name);
	});

	it('payment.apply no longer takes the payment from parameters (the ledger row is the payment)', () => {
		const names = description.properties
			.filter((property) => property.displayOptions?.show?.resource?.includes('payment') && property.displayOptions?.show?.operation?.includes('apply'))
			.map((property) => property.name);
		for (const gone of ['amount', 'tipAmount', 'method', 'inFlightAmount', 'attempt', 'checkId', 'tableNumber']) expect(names).not.toContain(gone);
	});

	it('names the outputs of the ledger operations, one unnamed output for the others', () => {
		for (const [key, names] of Object.entries(NAMED)) {
			const [resource, operation] = key.split(':');
			expect(outputsFor({ resource, operation })).toEqual(names.map((displayName) => ({ type: 'main', displayName })));
		}
		expect(outputsFor({ resource: 'check', operation: 'get' })).toEqual([{ type: 'main', displayName: '' }]);
		expect(outputsFor({ resource: 'location', operation: 'diagnose' })).toEqual([{ type: 'main', displayName: '' }]);
		expect(outputsFor({ resource: 'settings', operation: 'check' })).toHaveLength(1);
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
