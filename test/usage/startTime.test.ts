// Start Time as the usage import reads it: the report's own form
// (2026-10-05T09:00:00Z, with a fraction or an offset) is read without the
// regular expression, and must give exactly what the general reading gives.
import { prng } from '../../bench/accrualData';
import { parseStartTime } from '../../shared/features/usage/startTime';

test('the report\'s form: the instant, with a fraction and an offset', () => {
    expect(parseStartTime('2026-10-05T09:00:00Z')).toEqual({ ms: Date.parse('2026-10-05T09:00:00Z') });
    expect(parseStartTime('2026-10-05T09:00:00.1234567Z')).toEqual({ ms: Date.parse('2026-10-05T09:00:00.123Z') });
    expect(parseStartTime('2026-10-05T11:30:00.5+02:30')).toEqual({ ms: Date.parse('2026-10-05T09:00:00.500Z') });
    expect(parseStartTime('2026-10-05T04:00:00-05:00')).toEqual({ ms: Date.parse('2026-10-05T09:00:00Z') });
    expect(parseStartTime('2024-02-29T00:00:00Z')).toEqual({ ms: Date.parse('2024-02-29T00:00:00Z') });
    expect(parseStartTime('2026-02-29T00:00:00Z')).toEqual({ reason: 'Start Time is not a valid date and time' });
    expect(parseStartTime('2026-10-05T24:00:00Z')).toEqual({ reason: 'Start Time is not a valid date and time' });
});

test('whatever the text, the same answer as the general reading (which a leading space leads to)', () => {
    const rnd = prng(5);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const parts = {
        year: ['0099', '0100', '1900', '2000', '2024', '2026', '2100', '9999', '20x6'],
        month: ['00', '01', '02', '09', '12', '13', '1a'],
        day: ['00', '01', '28', '29', '30', '31', '32'],
        time: () => `${pad(Math.floor(rnd() * 26), 2)}:${pad(Math.floor(rnd() * 62), 2)}:${pad(Math.floor(rnd() * 62), 2)}`,
        sep: ['T', 'T', 'T', 't', ' ', '_'],
        fraction: ['', '', '.', '.1', '.12', '.123', '.1234567', ',5', '.x'],
        zone: ['Z', 'Z', 'z', '+02:00', '-05:30', '+0200', '+02', '+2:00', '-99:99', '+02:0x', ' Z', '', 'Zx'],
    };
    for (let i = 0; i < 20_000; i++) {
        const v = `${pick(parts.year)}-${pick(parts.month)}-${pick(parts.day)}${pick(parts.sep)}${parts.time()}${pick(parts.fraction)}${pick(parts.zone)}`;
        expect([v, parseStartTime(v)]).toEqual([v, parseStartTime(` ${v}`)]);
    }
});
