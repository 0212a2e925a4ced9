// The forecast bench's own generator (seeded): customer-months of PSTN calls
// with a weekday pattern, a pool, maybe credits, and maybe three previous
// months of the same customer at a drifting level. It knows nothing of the
// forecast: it draws each day's minutes from the pattern and writes calls.
//
// Patterns: flat (weekends near workdays), weekday-heavy (weekends 5-30% of a
// workday), noisy (each day ×lognormal(0, 0.45)), spikes (flat or
// weekday-heavy, plus one to three days at 3-8× anywhere in the month).
// Every day also has a mild ×lognormal(0, 0.2) noise and the month a slow
// trend of ±10% from its first day to its last.
import type { RatingInput, UsageCall } from '../shared/core/rating/ratingModel';
import { ratingRules } from '../shared/core/rating/ratingRules';
import { prng } from './accrualData';

export type Pattern = 'flat' | 'weekday-heavy' | 'noisy' | 'spikes';

export interface GeneratedMonth {
    id: number;
    pattern: Pattern;
    input: RatingInput;
    calls: UsageCall[];
    /** The same customer's three previous months, oldest first (empty for a new customer). */
    previous: Array<{ input: RatingInput; calls: UsageCall[] }>;
}

const CARD = {
    currency: 'EUR', effectiveFrom: '2020-01-01', rates: [
        { meterId: 'tc-us', meterName: 'Teams Calling US', meterCategory: 'Teams Calling', destination: 'US', perMinute: '0.02', connectionFee: '0' },
        { meterId: 'tc-gb', meterName: 'Teams Calling GB', meterCategory: 'Teams Calling', destination: 'GB', perMinute: '0.04', connectionFee: '0.01' },
        { meterId: 'tf-us', meterName: 'Teams Toll-Free US', meterCategory: 'Teams Toll-Free', destination: 'tollFree-US', perMinute: '0.025', connectionFee: '0' },
    ],
};
const RULES = ratingRules({});

export function generateMonths(count: number, seed: number): GeneratedMonth[] {
    const r = prng(seed);
    const out: GeneratedMonth[] = [];
    for (let id = 0; id < count; id++) out.push(oneCustomer(id, r));
    return out;
}

interface Profile {
    pattern: Pattern;
    /** Domestic minutes on an average workday. */
    level: number;
    weekendShare: number;
    /** Share of minutes no pool covers (international, toll-free). */
    uncovered: number;
    noise: number;
}

function oneCustomer(id: number, r: () => number): GeneratedMonth {
    const patterns: Pattern[] = ['flat', 'weekday-heavy', 'noisy', 'spikes'];
    const pattern = patterns[Math.floor(r() * patterns.length)];
    const heavy = pattern === 'weekday-heavy' || (pattern !== 'flat' && r() < 0.5);
    const profile: Profile = {
        pattern,
        level: Math.round(30 * Math.exp(r() * 3)), // 30 to 600 minutes a workday
        weekendShare: heavy ? 0.05 + r() * 0.25 : 0.8 + r() * 0.25,
        uncovered: 0.05 + r() * 0.3,
        noise: pattern === 'noisy' ? 0.45 : 0.2,
    };
    const year = 2025 + Math.floor(r() * 2);
    const m = 4 + Math.floor(r() * 9); // April to December: three months before it in the same year
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const monthlyDomestic = profile.level * 26;
    // pools from none (Pay-As-You-Go) to more than the month needs, in licences of 120 minutes
    const pool = r() < 0.15 ? 0 : Math.round((monthlyDomestic * (0.3 + r() * 1.3)) / 120) * 120;
    const creditsRoll = r();
    const expectedBill = monthlyDomestic * 0.02 * 0.5 + monthlyDomestic * profile.uncovered * 0.035;
    const credits = creditsRoll < 0.4
        ? { opening: (expectedBill * (0.2 + r() * 1.3)).toFixed(2), currency: 'EUR', autoRecharge: creditsRoll < 0.12 ? { threshold: '5', amount: (Math.max(10, expectedBill * 0.3)).toFixed(2) } : null }
        : null;
    const drift = Array.from({ length: 4 }, () => Math.exp(gauss(r) * 0.12));
    const history = r() < 0.5;
    const previous = history ? [3, 2, 1].map((back) => {
        const pm = `${year}-${String(m - back).padStart(2, '0')}`;
        return { input: inputOf(id, pm, pool, credits), calls: callsOf(id, pm, { ...profile, level: profile.level * drift[back] }, r) };
    }) : [];
    return { id, pattern, input: inputOf(id, month, pool, credits), calls: callsOf(id, month, { ...profile, level: profile.level * drift[0] }, r), previous };
}

function inputOf(id: number, month: string, pool: number, credits: RatingInput['credits']): RatingInput {
    return {
        customerTenantId: `bench-${id}`, customerName: `Bench ${id}`, month,
        pools: pool > 0 ? [{ country: 'US', plan: 'domestic', minutes: pool }] : [],
        rateCards: [CARD], credits,
        settings: [{ from: -Infinity, overageEnabled: true, partnerId: 'P1', azureEntitlementId: 'SUB1' }],
        rules: RULES, warnings: [],
    };
}

function callsOf(id: number, month: string, p: Profile, r: () => number): UsageCall[] {
    const [y, mo] = month.split('-').map(Number);
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const trend = (r() - 0.5) * 0.2;
    const spikes = new Set<number>();
    if (p.pattern === 'spikes') for (let n = 1 + Math.floor(r() * 3); n > 0; n--) spikes.add(1 + Math.floor(r() * days));
    const calls: UsageCall[] = [];
    for (let day = 1; day <= days; day++) {
        const dayStart = Date.UTC(y, mo - 1, day);
        const weekday = new Date(dayStart).getUTCDay();
        let minutes = p.level * (weekday === 0 || weekday === 6 ? p.weekendShare : 1) * (1 + trend * ((day - 1) / (days - 1) - 0.5)) * Math.exp(gauss(r) * p.noise);
        if (spikes.has(day)) minutes *= 3 + r() * 5;
        let t = dayStart + 7 * 3_600_000;
        const step = Math.max(1, Math.floor(12 * 3_600_000 / Math.max(1, minutes / 4)));
        for (let used = 0, n = 0; used < minutes; n++) {
            const seconds = 20 + Math.floor(-Math.log(1 - r()) * 220);
            const kind = r();
            const uncovered = kind < p.uncovered;
            calls.push({
                usageId: `c${id}-${day}-${String(n).padStart(5, '0')}`,
                start: Math.min(t, dayStart + 86_399_000),
                callType: uncovered && kind < p.uncovered / 3 ? 'user_in' : 'user_out',
                tollFree: uncovered && kind < p.uncovered / 3,
                international: uncovered && kind >= p.uncovered / 3,
                destination: uncovered && kind >= p.uncovered / 3 ? 'GB' : uncovered ? null : 'US',
                userLocation: 'US', durationSeconds: seconds, currency: 'EUR', capability: 'MCOPSTN1',
            });
            used += seconds / 60;
            t += step;
        }
    }
    // one timestamp per call in order; ties sort by usageId, which the padded counter keeps in order
    return calls.sort((a, b) => a.start - b.start || (a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0));
}

function gauss(r: () => number): number {
    return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
