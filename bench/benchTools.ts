// What the in-process benches share: CPU and event-loop use over a phase, a
// bounded pool of calls, a JSON fetch, and a count of the requests that reach
// each simulated Microsoft service.
import { performance } from 'node:perf_hooks';
import type { LocalHost } from '../local/host';

/** CPU (whole process, every thread) and main-thread event-loop utilisation over a phase. */
export function meter() {
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    return () => {
        const wallMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, loop: performance.eventLoopUtilization(elu0).utilization };
    };
}
export type Meter = ReturnType<ReturnType<typeof meter>>;

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const i = next++;
            await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function fetchJson(url: string, init: RequestInit = {}): Promise<{ status: number; json: any }> {
    const res = await fetch(url, init);
    const text = await res.text();
    let json: unknown;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, json };
}

/**
 * Counts the requests that reach each simulated service (`partnercenter`,
 * `credits`, `arm`, `graph`, ...) from now until stop(), by wrapping the
 * simulator's request handler on this in-process host.
 */
export function countSimulatorCalls(host: LocalHost): { stop(): Record<string, number> } {
    const sim = host.simulator as unknown as { handle(req: unknown, subPath: string): Promise<unknown> } | undefined;
    if (!sim) return { stop: () => ({}) };
    const original = sim.handle;
    const n: Record<string, number> = {};
    sim.handle = function (req, subPath) {
        const service = subPath.split('/')[0];
        n[service] = (n[service] ?? 0) + 1;
        return original.call(this, req, subPath);
    };
    return { stop: () => { sim.handle = original; return n; } };
}

/** Partner Center and the credits API: the calls Partner Center's throttling is about. */
export function partnerCenterCalls(counts: Record<string, number>): number {
    return (counts.partnercenter ?? 0) + (counts.credits ?? 0);
}
