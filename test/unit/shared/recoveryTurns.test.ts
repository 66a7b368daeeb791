import { emailsDue } from '../../../nodes/shared/fleet/emailTurns';
import { mayStartRecovery, recoveryTurn } from '../../../nodes/shared/fleet/recoveryTurns';

describe('one recovery at a time per restaurant', () => {
	it('a recover node already running in this process makes another one of the same node skip its turn', async () => {
		let release!: () => void;
		const first = recoveryTurn('wf-a', 'Lightspeed: recover payments', () => new Promise<string>((resolve) => (release = () => resolve('worked'))), 'skipped');
		const second = await recoveryTurn('wf-a', 'Lightspeed: recover payments', async () => 'worked', 'skipped');
		// another node, or another restaurant's workflow, is not held up
		const otherNode = await recoveryTurn('wf-a', 'Lightspeed: recover orders', async () => 'worked', 'skipped');
		const otherRestaurant = await recoveryTurn('wf-b', 'Lightspeed: recover payments', async () => 'worked', 'skipped');
		release();
		expect([await first, second, otherNode, otherRestaurant]).toEqual(['worked', 'skipped', 'worked', 'worked']);
		// its turn ends with it, also when it fails
		expect(await recoveryTurn('wf-a', 'Lightspeed: recover payments', async () => 'worked', 'skipped')).toBe('worked');
		await expect(recoveryTurn('wf-a', 'Lightspeed: recover payments', async () => Promise.reject(new Error('boom')), 'skipped')).rejects.toThrow('boom');
		expect(await recoveryTurn('wf-a', 'Lightspeed: recover payments', async () => 'worked', 'skipped')).toBe('worked');
	});

	it('the sweep starts a recovery again only after the spacing, and never while one of its nodes runs', async () => {
		const t = 1_000_000;
		expect(mayStartRecovery('wf-c', t, 7_500)).toBe(true);
		expect(mayStartRecovery('wf-c', t + 3_000, 7_500)).toBe(false);
		expect(mayStartRecovery('wf-d', t + 3_000, 7_500)).toBe(true);
		expect(mayStartRecovery('wf-c', t + 7_500, 7_500)).toBe(true);
		let release!: () => void;
		const busy = recoveryTurn('wf-c', 'Lightspeed: recover orders', () => new Promise<void>((resolve) => (release = resolve)), undefined);
		expect(mayStartRecovery('wf-c', t + 60_000, 7_500)).toBe(false);
		release();
		await busy;
		expect(mayStartRecovery('wf-c', t + 60_000, 7_500)).toBe(true);
	});
});

describe('an email handed to the mail node is not planned again during its lease', () => {
	const email = (rowId: number, kind = 'payment failed') =>
		({ integrationId: 'demo-bistro', kind, to: ['m@x.test'], subject: 's', html: 'h', text: 't', marks: [{ table: 'payments' as const, columns: { id: rowId } }] });

	it('once per row and kind within the lease, again after it (a failed send is tried again)', () => {
		const t = 5_000_000;
		expect(emailsDue([email(1), email(2)], t, 90_000)).toHaveLength(2);
		expect(emailsDue([email(1), email(3)], t + 3_000, 90_000).map((e) => e.marks[0].columns.id)).toEqual([3]);
		// another kind of email about the same row (e.g. it was applied after all) is not held up
		expect(emailsDue([email(1, 'payment resolved')], t + 4_000, 90_000)).toHaveLength(1);
		expect(emailsDue([email(1)], t + 90_000, 90_000)).toHaveLength(1);
	});
});
