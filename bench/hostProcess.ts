// What the benches that start the app's host in a process of its own share:
// a free port to give it, and waiting until it answers its health check.
import * as net from 'node:net';

export function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const s = net.createServer().listen(0, () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

/**
 * Resolves once `GET <url>/api/health` answers as `ready` says (by default
 * 200; a bench app without that route is ready once past the host's 503 of
 * its start-up); rejects after `ms`.
 */
export async function healthy(url: string, o: { ms?: number; ready?: (status: number) => boolean } = {}): Promise<void> {
    const end = Date.now() + (o.ms ?? 60_000);
    const ready = o.ready ?? ((status: number) => status === 200);
    for (;;) {
        const status = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
        if (ready(status)) return;
        if (Date.now() > end) throw new Error(`host did not start (health: ${status})`);
        await new Promise((r) => setTimeout(r, 100));
    }
}
