// The award deliveries the queue-mode suite and bench send (tooling/awardDeliveries.js): forged ones are
// counted by their uid prefix, so no genuine delivery may carry it.
import crypto from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { awardDelivery, forgedDeliveries, newUid, FORGED_PREFIX } = require('../../tooling/awardDeliveries');

afterEach(() => jest.restoreAllMocks());

describe('uids of award deliveries', () => {
	it('never gives a genuine delivery a uid with the forged prefix (one random uid in 65,536 has it)', () => {
		const prefixed = Buffer.from('f0f0' + '11'.repeat(18), 'hex');
		const plain = Buffer.from('0101' + '22'.repeat(18), 'hex');
		const draws = [prefixed, plain];
		jest.spyOn(crypto, 'randomBytes').mockImplementation((() => draws.shift()) as never);
		expect(newUid()).toBe(plain.toString('hex'));
		expect(draws).toEqual([]);
	});

	it('gives every forged delivery the prefix, and signed genuine ones none', () => {
		const forged = forgedDeliveries(8, 'secret') as Array<{ uid: string }>;
		expect(forged.every((delivery) => delivery.uid.startsWith(FORGED_PREFIX))).toBe(true);
		const genuine = Array.from({ length: 50 }, () => awardDelivery('secret') as { uid: string });
		expect(genuine.some((delivery) => delivery.uid.startsWith(FORGED_PREFIX))).toBe(false);
		expect(new Set(genuine.map((delivery) => delivery.uid)).size).toBe(50);
	});
});
