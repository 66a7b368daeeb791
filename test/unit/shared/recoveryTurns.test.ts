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
