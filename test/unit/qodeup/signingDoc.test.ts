/**
 * docs/qodeup-signing.md is what Qodeup's developers copy: its functions must produce
 * signatures the trigger accepts, and check the callbacks the Qodeup node sends.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import { QodeupApi } from '../../../credentials/QodeupApi.credentials';
import { handleQodeupRequest } from '../../../nodes/Qodeup/shared/request/handleRequest';
import { QODEUP_SECRET } from '../../helpers/qodeupSigning';

const doc = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'qodeup-signing.md'), 'utf8');

function extractFunction(name: string): (...args: unknown[]) => unknown {
	const match = new RegExp(`function ${name}\\([\\s\\S]*?\\n}\\n`).exec(doc);
	if (!match) throw new Error(`function ${name} not found in docs/qodeup-signing.md`);
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	return new Function('createHmac', 'timingSafeEqual', `${match[0]}; return ${name};`)(createHmac, timingSafeEqual) as (
		...args: unknown[]
	) => unknown;
}

describe('docs/qodeup-signing.md', () => {
	it('signs requests the trigger accepts', () => {
		const qodeupHeaders = extractFunction('qodeupHeaders');
		const body = JSON.stringify({ paymentId: 'p-1001', tableNumber: 3, amount: '5.00', tipAmount: '0.50', method: 'card' });
		const headers = qodeupHeaders(QODEUP_SECRET, 'post', 'qodeup/demo-bistro/payments', body) as Record<string, string>;
		const decision = handleQodeupRequest({
			resource: 'payments',
			integrationId: 'demo-bistro',
			secret: QODEUP_SECRET,
			method: 'POST',
			headers: { 'x-qodeup-timestamp': headers['X-Qodeup-Timestamp'], 'x-qodeup-signature': headers['X-Qodeup-Signature'] },
			params: {},
			rawBody: Buffer.from(body),
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		expect(decision.kind).toBe('accept');
	});

	it('verifies callbacks signed by the Qodeup API credential', async () => {
		const isFromIntegration = extractFunction('isFromIntegration');
		const signed = await new QodeupApi().authenticate(
			{ signingSecret: QODEUP_SECRET },
			{ method: 'POST', url: 'https://api.qodeup.example/cb/demo%20bistro?x=1', body: '{"event":"table.updated"}' },
		);
		const headers = Object.fromEntries(Object.entries(signed.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
		const request = { headers, url: '/cb/demo%20bistro?x=1' };
		expect(isFromIntegration(QODEUP_SECRET, request, Buffer.from(signed.body as string))).toBe(true);
		expect(isFromIntegration('another-secret', request, Buffer.from(signed.body as string))).toBe(false);
		expect(isFromIntegration(QODEUP_SECRET, request, Buffer.from('{"event":"x"}'))).toBe(false);
	});

	it('shows the header names and the signed string the code uses', () => {
		expect(doc).toContain('X-Qodeup-Timestamp');
		expect(doc).toContain('X-Qodeup-Signature');
		expect(doc).toContain('<timestamp>.<METHOD>.<path>.<raw body>');
	});
});
