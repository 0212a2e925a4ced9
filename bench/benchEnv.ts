// What the benches share: integer settings from the environment, a BENCH_ONLY
// selection, and a full GC between phases (so one phase's garbage is not
// collected on the next one's clock).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export function count(name: string, fallback: number, min = 0): number {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got '${raw}'`);
    return n;
}

/** The subset of `all` named in BENCH_ONLY (comma-separated), in `all`'s order; all when unset. */
export function selected<T extends string>(all: readonly T[], what: string): T[] {
    const raw = process.env.BENCH_ONLY;
    if (!raw) return [...all];
    const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = names.filter((n) => !all.includes(n as T));
    if (bad.length) throw new Error(`BENCH_ONLY: unknown ${what} ${bad.join(', ')} (known: ${all.join(', ')})`);
    return all.filter((n) => names.includes(n));
}

export const gc: () => void = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
})();
