// Fault injection for the simulated APIs: extra latency, an answer held back
// after the request was carried out (what makes a client repeat a write that
// already happened), 429 with Retry-After, 403 (access refused), 500, an answer that never comes,
// or a body that breaks the contract. Set in
// the world file or at run time; each fault can be limited to N requests. The
// error bodies are worded by the service the fault hits.
import type { OutgoingHttp } from './http/exchange';
import type { ErrorBody } from './http/errorBodies';
import { json } from './http/router';
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
     * Applies the first matching fault: resolves with the answer to send instead
     * of the real one, with how long to hold the real answer, or with undefined
     * to go on (after any injected latency).
     */
    async apply(method: string, path: string, errorBody: ErrorBody, signal?: AbortSignal): Promise<OutgoingHttp | { holdAnswerMs: number } | undefined> {
        const hit = this.active.find((a) => a.remaining > 0 && (!a.fault.match.method || a.fault.match.method === method) && a.pattern.test(path));
        if (!hit) return undefined;
        hit.remaining--;
        const f = hit.fault;
        switch (f.kind) {
            case 'latency':
                await sleep(f.latencyMs ?? 1000, signal);
                return undefined;
            case 'slowAnswer':
                return { holdAnswerMs: f.latencyMs ?? 1000 };
            case 'status429':
                return errorBody(429, 'TooManyRequests', 'Simulated throttling: retry after the indicated delay.', { 'retry-after': String(f.retryAfterSeconds ?? 1) });
            case 'status403':
                return errorBody(403, 'Forbidden', 'Simulated refusal: the caller has no access to this resource.');
            case 'status500':
                return errorBody(500, 'InternalServerError', 'Simulated server fault.');
            case 'timeout':
                await sleep(HANG_MS, signal);
                return errorBody(504, 'GatewayTimeout', 'Simulated timeout.');
            case 'malformed':
                return json(200, { items: 'this is not what the contract promises', totalCount: 'many' });
        }
    }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        t.unref?.();
        signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
}
