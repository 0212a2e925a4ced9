// GET /api/health: is each part the app depends on answering right now?
import { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { QUEUES } from '../shared/adapters/messaging/queueSender';

type Check = { status: 'ready' | 'unavailable'; detail?: string; ms: number };

async function check(probe: () => Promise<unknown>): Promise<Check> {
    // eslint-disable-next-line no-restricted-properties -- how long a probe took is a duration: process time
    const started = Date.now();
    try {
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 5 s')), 5000).unref())]);
        // eslint-disable-next-line no-restricted-properties -- how long a probe took is a duration: process time
        return { status: 'ready', ms: Date.now() - started };
    } catch (err) {
        // eslint-disable-next-line no-restricted-properties -- how long a probe took is a duration: process time
        return { status: 'unavailable', detail: (err as Error).message, ms: Date.now() - started };
    }
}

export async function health(deps: Pick<Dependencies, 'stateStore' | 'queueSender' | 'clock'>, client: df.DurableClient): Promise<HttpResponseInit> {
    const [store, queue, durable] = await Promise.all([
        check(() => deps.stateStore.ping()),
        check(() => deps.queueSender.ready(QUEUES.enablementRequests)),
        // an empty, cheap query: proves the durable extension (or local engine) answers
        check(() => client.getStatusBy({ createdTimeFrom: new Date(deps.clock.now() + 86_400_000) })),
    ]);
    const ok = [store, queue, durable].every((c) => c.status === 'ready');
    return {
        status: ok ? 200 : 503,
        headers: { 'cache-control': 'no-store' },
        jsonBody: { status: ok ? 'healthy' : 'unhealthy', checks: { store, queue, durable } },
    };
}

export function registerHealth(deps: Dependencies): void {
    df.app.client.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: (_req: HttpRequest, client: df.DurableClient, _ctx: InvocationContext) => health(deps, client) });
}
