// Fault injection for the simulated APIs: extra latency, 429 with Retry-After,
// 500, a response that never comes, or a body that breaks the contract. Set in
// the world file or at run time; each fault can be limited to N requests.
import { OutgoingHttp } from '../local/http/respond';
import { json, problem } from './router';
import { timerDelay } from '../local/timers/timerDelay';
import { Fault, faultPathRegExp } from './world';

interface ActiveFault {
    fault: Fault;
    pattern: RegExp;
    remaining: number;
}

/** How long a "timeout" fault holds the request: longer than any client waits. */
const HANG_MS = 120_000;

export class Faults {
    private active: ActiveFault[] = [];

    constructor(initial: Fault[] = []) {
        this.set(initial);
    }

    set(faults: Fault[]): void {
        this.active = faults.map((fault) => ({ fault, pattern: faultPathRegExp(fault), remaining: fault.times ?? Infinity }));
    }

    list(): Array<Fault & { remaining: number | null }> {
        return this.active.map((a) => ({ ...a.fault, remaining: Number.isFinite(a.remaining) ? a.remaining : null }));
    }

    /**
     * Applies the first matching fault: resolves with a response to send instead
     * of the real one, or undefined to go on (after any injected latency).
     */
    async apply(method: string, path: string, signal?: AbortSignal): Promise<OutgoingHttp | undefined> {
        const hit = this.active.find((a) => a.remaining > 0 && (!a.fault.match.method || a.fault.match.method.toUpperCase() === method) && a.pattern.test(path));
        if (!hit) return undefined;
        hit.remaining--;
        const f = hit.fault;
        switch (f.kind) {
            case 'latency':
                await delay(f.latencyMs ?? 1000, signal);
                return undefined;
            case 'status429':
                return { ...problem(429, 'too-many-requests', 'Simulated throttling: retry after the indicated delay.'), headers: { 'content-type': 'application/json', 'retry-after': String(f.retryAfterSeconds ?? 1) } };
            case 'status500':
                return problem(500, 'internal-error', 'Simulated server fault.');
            case 'timeout':
                await delay(HANG_MS, signal);
                return problem(504, 'timeout', 'Simulated timeout.');
            case 'malformed':
                return json(200, { items: 'this is not what the contract promises', totalCount: 'many' });
        }
    }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const t = setTimeout(resolve, timerDelay(ms));
        t.unref?.();
        signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
}
