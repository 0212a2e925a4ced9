// Dependencies for a test, handed in as the app hands in its own
// (functions/index.ts): what the test gives, and for everything else a
// stand-in that fails naming what the code reached for, so a test shows
// exactly what an activity or function uses. No settings unless given.
import type { Dependencies } from '../../shared/adapters/dependencies';
import { systemClock } from '../../shared/core/clock';

const NAMES: ReadonlyArray<keyof Dependencies> = ['stateStore', 'queueSender', 'mailer', 'microsoft', 'tokenVerifier', 'clock', 'env'];

export function standIns(given: Partial<Dependencies> = {}): Dependencies {
    const deps: Partial<Record<keyof Dependencies, unknown>> = { clock: systemClock, env: {}, ...given };
    return Object.fromEntries(NAMES.map((name) => [name, name in deps ? deps[name] : notHandedIn(name)])) as unknown as Dependencies;
}

/** A stand-in for a dependency the test did not hand in: any use of it throws, naming it. */
function notHandedIn(name: string): unknown {
    const fail = () => { throw new Error(`${name} was not handed in`); };
    return new Proxy(fail, { get: fail, apply: fail });
}
