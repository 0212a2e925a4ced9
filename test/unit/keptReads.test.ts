import { KeptReads } from '../../shared/features/partners/keptReads';

describe('KeptReads', () => {
    test('a read is kept for its time, then read again', async () => {
        const kept = new KeptReads<string>(1_000);
        let reads = 0;
        const read = async () => `name ${++reads}`;
        expect(await kept.get('1001', 0, read)).toBe('name 1');
        expect(await kept.get('1001', 999, read)).toBe('name 1');
        expect(await kept.get('1001', 1_000, read)).toBe('name 2');
        expect(await kept.get('1002', 1_000, read)).toBe('name 3');
    });

    test('a failed read is not kept', async () => {
        const kept = new KeptReads<string>(60_000);
        await expect(kept.get('1001', 0, () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
        expect(await kept.get('1001', 1, async () => 'Contoso Telecom')).toBe('Contoso Telecom');
    });

    test('a caller may ask for a read younger than the kept time (a miss checked again), and not on every call', async () => {
        const kept = new KeptReads<string>(60_000);
        expect(await kept.get('1001', 0, async () => 'before')).toBe('before');
        expect(await kept.get('1001', 29_999, async () => 'again', 30_000)).toBe('before');
        expect(await kept.get('1001', 30_000, async () => 'again', 30_000)).toBe('again');
        // the new read is kept its full time for everyone
        expect(await kept.get('1001', 89_999, async () => 'later')).toBe('again');
    });

    test('the oldest key goes first when more are kept than allowed', async () => {
        const kept = new KeptReads<string>(60_000, 2);
        for (const id of ['a', 'b', 'c']) await kept.get(id, 0, async () => `${id}1`);
        expect(await kept.get('b', 0, async () => 'b2')).toBe('b1');
        expect(await kept.get('a', 0, async () => 'a2')).toBe('a2');
    });
});
