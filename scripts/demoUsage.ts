// A small, realistic Teams PSTN usage report for customers of the demo world
// (simulator/worlds/demo.json), one CSV per customer, the same every time
// (seeded): enough calls to use up the included minutes and show overage.
//   node dist/scripts/demoUsage.js [--month 2026-11] [--customer fabrikam|blueYonder|relecloud|vanArsdel|lucerne|all] [--out-dir <dir>]
// One customer without --out-dir: the CSV on stdout. With --out-dir: one
// file per customer, demo-<customer>-<month>.csv. Currencies are those of the
// demo rate card (docs/rates/demo-rates.csv): USD and EUR.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { USAGE_COLUMNS } from '../shared/features/usage/usageColumns';

interface CallMix { callType: string; capability: string; weight: number; numberType?: string; destinations: string[]; minutes: [number, number] }

interface DemoCustomer {
    tenantId: string;
    name: string;
    domain: string;
    country: string;
    dialCode: string;
    currency: 'USD' | 'EUR';
    users: number;
    callsPerUser: number;
    mix: CallMix[];
}

/** What each customer's plan shows off (simulator/worlds/README.md). */
const CUSTOMERS: Record<string, DemoCustomer> = {
    // Domestic plan, 120 minutes a user: pool used up, international calls always billed, inbound free
    fabrikam: {
        tenantId: '10000000-0000-4000-8000-000000000001', name: 'Fabrikam', domain: 'fabrikam.example', country: 'DE', dialCode: '+49', currency: 'EUR', users: 25, callsPerUser: 40,
        mix: [
            { callType: 'user_out', capability: 'MCOPSTN5', weight: 70, destinations: ['Germany', 'DE'], minutes: [1, 9] },
            { callType: 'user_out', capability: 'MCOPSTN5', weight: 10, destinations: ['France', 'United Kingdom', 'AT'], minutes: [1, 12] },
            { callType: 'user_in', capability: 'MCOPSTN5', weight: 20, destinations: ['DE'], minutes: [1, 15] },
        ],
    },
    // Pay-As-You-Go: every outbound minute billed
    blueYonder: {
        tenantId: '10000000-0000-4000-8000-000000000015', name: 'Blue Yonder Airlines', domain: 'blueyonder.example', country: 'US', dialCode: '+1', currency: 'USD', users: 40, callsPerUser: 12,
        mix: [
            { callType: 'user_out', capability: 'MCOPSTNPP', weight: 80, destinations: ['United States', 'US'], minutes: [1, 10] },
            { callType: 'user_out', capability: 'MCOPSTNPP', weight: 10, destinations: ['Canada', 'Mexico'], minutes: [1, 8] },
            { callType: 'user_in', capability: 'MCOPSTNPP', weight: 10, destinations: ['US'], minutes: [1, 6] },
        ],
    },
    // Audio Conferencing: 60 dial-out minutes a user to Zone A, pooled; India and Brazil are outside Zone A
    relecloud: {
        tenantId: '10000000-0000-4000-8000-000000000016', name: 'Relecloud', domain: 'relecloud.example', country: 'GB', dialCode: '+44', currency: 'EUR', users: 100, callsPerUser: 8,
        mix: [
            { callType: 'conf_out', capability: 'MCOMEETADD', weight: 75, destinations: ['United Kingdom', 'US', 'Germany'], minutes: [5, 45] },
            { callType: 'conf_out', capability: 'MCOMEETADD', weight: 10, destinations: ['India', 'Brazil'], minutes: [5, 30] },
            { callType: 'conf_in', capability: 'MCOMEETADD', weight: 15, destinations: ['GB'], minutes: [10, 50] },
        ],
    },
    // toll-free numbers: every answered minute billed, besides a generous domestic plan
    vanArsdel: {
        tenantId: '10000000-0000-4000-8000-000000000017', name: 'VanArsdel', domain: 'vanarsdel.example', country: 'US', dialCode: '+1', currency: 'USD', users: 22, callsPerUser: 20,
        mix: [
            { callType: 'user_in', numberType: 'toll_free', capability: 'MCOPSTN1', weight: 45, destinations: ['US'], minutes: [1, 12] },
            { callType: 'user_out', capability: 'MCOPSTN1', weight: 45, destinations: ['United States'], minutes: [1, 10] },
            { callType: 'user_in', capability: 'MCOPSTN1', weight: 10, destinations: ['US'], minutes: [1, 8] },
        ],
    },
    // Domestic plan, 120 minutes a user, overage with Contoso
    lucerne: {
        tenantId: '10000000-0000-4000-8000-000000000007', name: 'Lucerne Publishing', domain: 'lucerne-publishing.example', country: 'BE', dialCode: '+32', currency: 'EUR', users: 30, callsPerUser: 30,
        mix: [
            { callType: 'user_out', capability: 'MCOPSTN1', weight: 80, destinations: ['Belgium', 'BE'], minutes: [1, 10] },
            { callType: 'user_out', capability: 'MCOPSTN1', weight: 10, destinations: ['Netherlands', 'France'], minutes: [1, 10] },
            { callType: 'user_in', capability: 'MCOPSTN1', weight: 10, destinations: ['BE'], minutes: [1, 10] },
        ],
    },
};

const DIAL_CODES: Record<string, string> = {
    DE: '+49', Germany: '+49', France: '+33', 'United Kingdom': '+44', AT: '+43', US: '+1', 'United States': '+1', Canada: '+1', Mexico: '+52',
    India: '+91', Brazil: '+55', GB: '+44', Belgium: '+32', BE: '+32', Netherlands: '+31',
};
const COUNTRY_OF: Record<string, string> = {
    Germany: 'DE', France: 'FR', 'United Kingdom': 'GB', 'United States': 'US', Canada: 'CA', Mexico: 'MX', India: 'IN', Brazil: 'BR', Belgium: 'BE', Netherlands: 'NL',
};

/** mulberry32: a small seeded generator, so the demo file is the same on every run. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const digits = (rnd: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

export function demoCsv(key: string, month: string): string {
    const c = CUSTOMERS[key];
    const rnd = random([...key].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7) >>> 0);
    const [year, mon] = month.split('-').map(Number);
    const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    const weekdays = Array.from({ length: days }, (_, d) => d + 1).filter((d) => ![0, 6].includes(new Date(Date.UTC(year, mon - 1, d)).getUTCDay()));
    const totalWeight = c.mix.reduce((s, m) => s + m.weight, 0);
    const calls: Array<{ start: number; cells: string[] }> = [];
    for (let u = 1; u <= c.users; u++) {
        for (let k = 0; k < c.callsPerUser; k++) {
            let pick = rnd() * totalWeight;
            const mix = c.mix.find((m) => (pick -= m.weight) < 0) ?? c.mix[0];
            const destination = mix.destinations[Math.floor(rnd() * mix.destinations.length)];
            const day = weekdays[Math.floor(rnd() * weekdays.length)];
            const start = Date.UTC(year, mon - 1, day, 7 + Math.floor(rnd() * 10), Math.floor(rnd() * 60), Math.floor(rnd() * 60));
            const seconds = Math.round((mix.minutes[0] + rnd() * (mix.minutes[1] - mix.minutes[0])) * 60);
            const inbound = mix.callType.endsWith('_in');
            const country = COUNTRY_OF[destination] ?? destination;
            const user = `${c.dialCode}${digits(rnd, 9)}`;
            const other = `${DIAL_CODES[destination] ?? c.dialCode}${digits(rnd, 9)}`;
            const tollFree = mix.numberType === 'toll_free' ? `${c.dialCode}800${digits(rnd, 7)}` : undefined;
            const id = calls.length + 1;
            calls.push({ start, cells: [
                `demo-${key}-${month}-${String(id).padStart(5, '0')}`, `${hex(id, 8)}-${hex(u, 4)}-4000-8000-${hex(start / 1000, 12)}`,
                mix.callType.startsWith('conf') ? `conf-${hex(Math.floor(rnd() * 65536), 4)}` : '', c.country,
                `00000000-0000-4000-8000-${hex(u, 12)}`, `user${u}@${c.domain}`, `${c.name}, User ${u}`, inbound ? other : user, mix.callType,
                mix.numberType ?? 'user', inbound ? '' : country === c.country ? 'Domestic' : 'International', inbound ? '' : destination,
                inbound ? tollFree ?? user : other, new Date(start).toISOString(), new Date(start + seconds * 1000).toISOString(), String(seconds),
                // Connection Fee and Charge are Microsoft's own figures, which a made-up report cannot know: blank, not a charge of 0
                '', '', c.currency, mix.capability,
            ] });
        }
    }
    // exports come in time order
    calls.sort((a, b) => a.start - b.start);
    return [USAGE_COLUMNS.join(','), ...calls.map((r) => r.cells.map(cell).join(','))].join('\n') + '\n';
}

function main(): void {
    const { values: o } = parseArgs({ options: { month: { type: 'string', default: '2026-11' }, customer: { type: 'string', default: 'all' }, 'out-dir': { type: 'string' } } });
    const month = o.month!;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`--month ${month}: expected YYYY-MM`);
    const keys = o.customer === 'all' ? Object.keys(CUSTOMERS) : [o.customer!];
    for (const key of keys) if (!CUSTOMERS[key]) throw new Error(`--customer ${key}: one of ${Object.keys(CUSTOMERS).join(', ')}, or all`);
    const dir = o['out-dir'];
    if (!dir) {
        if (keys.length !== 1) throw new Error('several customers need --out-dir (one file each)');
        process.stdout.write(demoCsv(keys[0], month));
        return;
    }
    fs.mkdirSync(dir, { recursive: true });
    for (const key of keys) {
        const file = path.join(dir, `demo-${key}-${month}.csv`);
        fs.writeFileSync(file, demoCsv(key, month));
        process.stdout.write(`${file}\t${CUSTOMERS[key].tenantId}\t${CUSTOMERS[key].name}\n`);
    }
}

if (require.main === module) {
    try {
        main();
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        process.exitCode = 1;
    }
}
