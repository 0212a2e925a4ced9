// The simulator's own model of Microsoft's minute pools (simulator/rules/
// minutePools.ts, simulator/usage/tenantPools.ts): which calls a pool covers,
// how calls draw on it, and what a tenant's licences include in a month.
// Figures are worked out by hand in the comments.
import { MinutePools, poolOf, type CallForPool } from '../../simulator/rules/minutePools';
import { includedMinutes } from '../../simulator/usage/tenantPools';
import { DEFAULT_WORLD_PATH, loadWorldFile, type Customer } from '../../simulator/world';
import { tenant } from './support';

const call = (over: Partial<CallForPool>): CallForPool =>
    ({ kind: 'calling', capability: 'MCOPSTN1', usageCountry: 'US', destination: 'US', destinationContext: 'Domestic', ...over });

describe('which pool a call may draw on', () => {
    test('a domestic plan covers outbound calls to the user\'s own country only', () => {
        for (const capability of ['MCOPSTN1', 'MCOPSTN5', 'MCOPSTN6']) {
            expect(poolOf(call({ capability }))).toBe(`US/${capability}`);
            expect(poolOf(call({ capability, destination: 'MX', destinationContext: 'International' }))).toBeNull();
        }
        // without Microsoft's Domestic/International word, the country called decides
        expect(poolOf(call({ destinationContext: null }))).toBe('US/MCOPSTN1');
        expect(poolOf(call({ destinationContext: null, destination: 'CA' }))).toBeNull();
    });

    test('the Domestic and International plan covers every outbound call; Pay-As-You-Go and toll-free none', () => {
        expect(poolOf(call({ capability: 'MCOPSTN2', destination: 'IN', destinationContext: 'International' }))).toBe('US/MCOPSTN2');
        expect(poolOf(call({ capability: 'MCOPSTNPP' }))).toBeNull();
        expect(poolOf(call({ kind: 'tollFree', capability: 'MCOPSTN2' }))).toBeNull();
        expect(poolOf(call({ kind: null }))).toBeNull();
        expect(poolOf(call({ usageCountry: null }))).toBeNull();
    });

    test('Audio Conferencing covers its dial-out to Zone A, not beyond, and never a user\'s call', () => {
        expect(poolOf(call({ kind: 'conferencing', capability: 'MCOMEETADD', usageCountry: 'GB', destination: 'JP' }))).toBe('GB/MCOMEETADD');
        expect(poolOf(call({ kind: 'conferencing', capability: 'MCOMEETADD', usageCountry: 'GB', destination: 'IN' }))).toBeNull();
        expect(poolOf(call({ kind: 'calling', capability: 'MCOMEETADD' }))).toBeNull();
        // a meeting's dial-out under a Calling Plan is not the plan's
        expect(poolOf(call({ kind: 'conferencing', capability: 'MCOPSTN2' }))).toBeNull();
    });
});

test('calls draw whole minutes in turn: what is left covers part of a call, then nothing', () => {
    const pools = new MinutePools(new Map([['US/MCOPSTN1', 10], ['GB/MCOPSTN1', 5]]));
    expect(pools.draw('US/MCOPSTN1', 6)).toBe(6);
    expect(pools.draw('US/MCOPSTN1', 6)).toBe(4);
    expect(pools.draw('US/MCOPSTN1', 1)).toBe(0);
    expect(pools.draw('GB/MCOPSTN1', 3)).toBe(3); // each pool apart
    expect(pools.draw('DE/MCOPSTN1', 3)).toBe(0); // no licence there
    expect(pools.draw(null, 3)).toBe(0);
});

describe('what a tenant\'s licences include in a month', () => {
    const world = loadWorldFile(DEFAULT_WORLD_PATH);
    const customer = (nn: number): Customer => world.customers.find((c) => c.tenantId === tenant(nn))!;
    const endOfNovember = Date.parse('2026-12-01T00:00:00Z');

    test('every seller\'s licences, and a bundle\'s Audio Conferencing too, in the users\' country', () => {
        // Trey Research (NL): 40 E5 with Calling Plan (Contoso 30, Litware 5, Fourth Coffee Telecom 5: 120 min and 60
        // dial-out minutes each) and 10 Calling Plans of 120 min from Microsoft: 50 × 120 = 6,000 and 40 × 60 = 2,400
        expect(Object.fromEntries(includedMinutes(customer(6), endOfNovember))).toEqual({ 'NL/MCOPSTN5': 6000, 'NL/MCOMEETADD': 2400 });
        // Wide World Importers (US): 50 × 3,000 as its licences say; Blue Yonder's Pay-As-You-Go brings no minutes
        expect(Object.fromEntries(includedMinutes(customer(8), endOfNovember))).toEqual({ 'US/MCOPSTN1': 150_000 });
        expect(Object.fromEntries(includedMinutes(customer(15), endOfNovember))).toEqual({});
        // Relecloud (GB): 100 Audio Conferencing licences
        expect(Object.fromEntries(includedMinutes(customer(16), endOfNovember))).toEqual({ 'GB/MCOMEETADD': 6000 });
    });

    test('a licence counts from the month it is bought in', () => {
        // Trey's 10 Calling Plans from Microsoft were bought on 2 June 2025: not in May's pool, whole in June's
        expect(includedMinutes(customer(6), Date.parse('2025-06-01T00:00:00Z')).get('NL/MCOPSTN5')).toBe(40 * 120);
        expect(includedMinutes(customer(6), Date.parse('2025-07-01T00:00:00Z')).get('NL/MCOPSTN5')).toBe(50 * 120);
    });
});
