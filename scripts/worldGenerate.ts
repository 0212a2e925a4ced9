// npm run world:generate -- --customers 2000 [--seed 1] [--delays demo|zero] [--fleet mixed|distributor] [--out <file.json>]
// Writes a generated simulator world (simulator/world/generate.ts: the demo
// world's partners and N customers in the documented mix of fleet states) and,
// beside it, <file>.labels.json: the state the generator meant each customer
// to be in. The world is read back with the simulator's own loader before the
// command says it is done, so a file it writes is one `SIMULATOR_WORLD=<file>
// npm start` accepts. Default file: .data/worlds/generated-<customers>-<seed>.json
// (-zero-delays added with --delays zero).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorld, INTENDED_STATES, MAX_GENERATED_CUSTOMERS } from '../simulator/world/generate';
import { loadWorldFile } from '../simulator/world';

const USAGE = `usage: npm run world:generate -- --customers <1..${MAX_GENERATED_CUSTOMERS}> [--seed <integer, default 1>] [--delays demo|zero] [--fleet mixed|distributor] [--out <file.json>]`;

/** `x.json` → `x.labels.json` (any other name gets `.labels.json` added). */
export function labelsPathOf(worldPath: string): string {
    return worldPath.replace(/\.json$/i, '') + '.labels.json';
}

function main(): number {
    const { values: o } = parseArgs({
        options: { customers: { type: 'string' }, seed: { type: 'string', default: '1' }, delays: { type: 'string', default: 'demo' }, fleet: { type: 'string', default: 'mixed' }, out: { type: 'string' }, help: { type: 'boolean' } },
    });
    const customers = Number(o.customers);
    const seed = Number(o.seed);
    if (o.help || o.customers === undefined || !Number.isInteger(customers) || customers < 1 || customers > MAX_GENERATED_CUSTOMERS
        || !/^-?\d+$/.test(o.seed!) || !Number.isSafeInteger(seed) || (o.delays !== 'demo' && o.delays !== 'zero') || (o.fleet !== 'mixed' && o.fleet !== 'distributor')) {
        process.stderr.write(`${USAGE}\n`);
        return o.help ? 0 : 1;
    }
    const out = path.resolve(o.out ?? path.join('.data', 'worlds', `generated-${customers}-${seed}${o.fleet === 'distributor' ? '-distributor' : ''}${o.delays === 'zero' ? '-zero-delays' : ''}.json`));
    const started = performance.now();
    const generated = generateWorld({ customers, seed, delays: o.delays as 'demo' | 'zero', fleet: o.fleet as 'mixed' | 'distributor' });
    const generatedMs = performance.now() - started;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(generated.world)}\n`);
    const labelsPath = labelsPathOf(out);
    fs.writeFileSync(labelsPath, `${JSON.stringify({ world: path.basename(out), seed, customers, counts: generated.counts, sellers: generated.sellers, labels: generated.labels }, null, 1)}\n`);
    const loadStarted = performance.now();
    loadWorldFile(out); // throws, naming every bad field, if the simulator would refuse it
    const loadMs = performance.now() - loadStarted;

    const mix = INTENDED_STATES.map((s) => `${s} ${generated.counts[s]}`).join(', ');
    const sellers = Object.entries(generated.sellers).map(([id, n]) => `${id} ${n}`).join(', ');
    process.stdout.write(`${out}\n`);
    process.stdout.write(`${customers} customers, seed ${seed}, ${o.delays} delays: ${mix}; sold by ${sellers} (generated in ${generatedMs.toFixed(0)} ms, `
        + `${(fs.statSync(out).size / 1e6).toFixed(1)} MB, loaded back in ${loadMs.toFixed(0)} ms); labels in ${labelsPath}\n`);
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main();
    } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
    }
}
