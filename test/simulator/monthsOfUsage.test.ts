// The demo world's months of generated usage, read with the simulator's own
// call log (no app code): a history that follows the simulator's now
// (`monthsBack`), a weekday pattern (`week`), the same calls for a seed,
// Lucerne Publishing running past its pool every month, and School of Fine
// Art's calls costing more in a month than its credits balance.
import { DEFAULT_WORLD_PATH, loadWorldFile, parseWorld, type Customer } from '../../simulator/world';
import { pstnCallsBetween } from '../../simulator/usage/pstnCallLog';
import type { PstnCallLogRow } from '../../simulator/usage/pstnRow';
import { tenant } from './support';

const DAY = 86_400_000;
const demo = loadWorldFile(DEFAULT_WORLD_PATH);
const customer = (nn: number): Customer => demo.customers.find((c) => c.tenantId === tenant(nn))!;
const LUCERNE = customer(7); // BE, 30 domestic licences of 120 minutes: a 3,600-minute pool; overage on
const FINE_ART = customer(14); // US, credits 25.50 USD with auto-recharge

/** The simulator's now for the months below: the last three whole months are September to November 2026. */
const NOW = Date.parse('2026-12-31T23:00:00Z');

/** The rows of a UTC month, as logged by `now`. */
function monthRows(c: Customer, month: string, now = NOW): PstnCallLogRow[] {
    const from = Date.parse(`${month}-01T00:00:00Z`);
    const next = new Date(from);
    next.setUTCMonth(next.getUTCMonth() + 1);
    return pstnCallsBetween(c, from, next.getTime() - 1, now);
}
const outbound = (r: PstnCallLogRow) => r.callType === 'user_out' || r.callType === 'user_out_forwarding';
const minutes = (r: PstnCallLogRow) => Math.ceil(r.duration / 60);

test('the history follows the simulator\'s now: the last three whole months and this month up to now, nothing before or after', () => {
    const now = Date.parse('2027-03-15T12:00:00Z');
    const rows = pstnCallsBetween(LUCERNE, Date.parse('2026-11-01T00:00:00Z'), now, now);
    const starts = rows.map((r) => Date.parse(r.startDateTime));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(Date.parse('2026-12-01T00:00:00Z'));
    expect(Math.max(...starts)).toBeLessThanOrEqual(now);
    expect(new Set(rows.map((r) => r.startDateTime.slice(0, 7)))).toEqual(new Set(['2026-12', '2027-01', '2027-02', '2027-03']));
    expect(rows.every((r) => Date.parse(r.endDateTime) <= now)).toBe(true);
});

test('weekdays are busier than weekends, and weekends are not empty', () => {
    const rows = ['2026-09', '2026-10', '2026-11'].flatMap((m) => monthRows(LUCERNE, m));
    const perDay = new Map<string, number>();
    for (const r of rows) perDay.set(r.startDateTime.slice(0, 10), (perDay.get(r.startDateTime.slice(0, 10)) ?? 0) + 1);
    const mean = (weekend: boolean) => {
        const days: number[] = [];
        for (let d = Date.parse('2026-09-01T00:00:00Z'); d < Date.parse('2026-12-01T00:00:00Z'); d += DAY) {
            const wd = new Date(d).getUTCDay();
            if ((wd === 0 || wd === 6) === weekend) days.push(perDay.get(new Date(d).toISOString().slice(0, 10)) ?? 0);
        }
        return days.reduce((a, b) => a + b, 0) / days.length;
    };
    expect(mean(false)).toBeGreaterThan(5 * mean(true));
    expect(mean(true)).toBeGreaterThan(0);
});

test('a seed gives the same calls whenever asked; another seed other calls', () => {
    const world = JSON.parse(JSON.stringify(demo));
    const again = parseWorld(world, 'copy').customers.find((c) => c.tenantId === LUCERNE.tenantId)!;
    expect(monthRows(again, '2026-10')).toEqual(monthRows(LUCERNE, '2026-10'));
    world.customers.find((c: Customer) => c.tenantId === LUCERNE.tenantId).usage.seed = 7;
    const reseeded = parseWorld(world, 'reseeded').customers.find((c) => c.tenantId === LUCERNE.tenantId)!;
    expect(monthRows(reseeded, '2026-10').map((r) => r.id)).not.toEqual(monthRows(LUCERNE, '2026-10').map((r) => r.id));
});

test('Lucerne Publishing runs past its 3,600-minute pool every month, this one too, well before the month ends', () => {
    const pool = LUCERNE.subscriptions.reduce((n, s) => n + s.quantity * (s.plan?.minutesPerLicense ?? 0), 0);
    expect(pool).toBe(3_600);
    for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) {
        let used = 0;
        const crossed = monthRows(LUCERNE, month).filter((r) => outbound(r) && r.destinationContext === 'Domestic').find((r) => (used += minutes(r)) > pool);
        expect(crossed).toBeDefined();
        expect(Number(crossed!.startDateTime.slice(8, 10))).toBeLessThanOrEqual(22);
    }
});

test('School of Fine Art\'s calls beyond its pool (abroad, toll-free) cost more each month than its credits balance', () => {
    expect(FINE_ART.credits).toMatchObject({ balance: 25.5, currency: 'USD', autoRecharge: { enabled: true } });
    for (const month of ['2026-09', '2026-10', '2026-11']) {
        const beyond = monthRows(FINE_ART, month).filter((r) => (outbound(r) && r.destinationContext === 'International') || r.inventoryType === 'TollFree');
        const cost = beyond.reduce((n, r) => n + r.charge + (r.connectionCharge ?? 0), 0);
        expect(cost).toBeGreaterThan(FINE_ART.credits!.balance);
    }
});

test('a description gives its first day or how many months back, not both and not neither', () => {
    const world = JSON.parse(JSON.stringify(demo));
    const lucerne = world.customers.find((c: Customer) => c.tenantId === LUCERNE.tenantId);
    lucerne.usage.from = '2026-09-01';
    expect(() => parseWorld(world, 'both')).toThrow(/give either the first day \(from\) or how many whole months back/);
    delete lucerne.usage.from;
    delete lucerne.usage.monthsBack;
    expect(() => parseWorld(world, 'neither')).toThrow(/give either the first day/);
    lucerne.usage.monthsBack = 3;
    lucerne.usage.week = [1, 1, 1];
    expect(() => parseWorld(world, 'short week')).toThrow(/week/);
});
