// Waiting in tests without sleeping blindly: poll until a probe yields a value.
import * as net from 'node:net';

/** Resolves with the first value `probe` yields (undefined = not yet; a throw counts as not yet). */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5000, everyMs = 20): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
        const v = await Promise.resolve().then(probe).catch(() => undefined);
        if (v !== undefined) return v;
        if (Date.now() > end) throw new Error(`condition not reached within ${ms} ms`);
        await new Promise((r) => setTimeout(r, everyMs));
    }
}

/** A port that was free a moment ago (for child processes that need one before they start). */
export function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const s = net.createServer().listen(0, () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}
