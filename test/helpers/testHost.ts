// Starts the embedded host in-process for a test, on a free port with its own
// temp data dir (or in memory), and cleans everything up afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHost, LocalHostOptions } from '../../local/host';

export interface TestHost {
    host: LocalHost;
    url: string;
    dataDir?: string;
    logs: Array<Record<string, unknown>>;
    /** fetch relative to the host, JSON helpers included. */
    call(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any; text: string }>;
    /** Management API URL with the system key. */
    durable(subPath: string): string;
    stop(): Promise<void>;
}

export function tempDir(prefix = 'too-test-'): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestHost(appEntry: string, o: Partial<LocalHostOptions> & { persistent?: boolean; dataDir?: string } = {}): Promise<TestHost> {
    const dataDir = o.dataDir ?? (o.persistent ? tempDir() : undefined);
    const logs: Array<Record<string, unknown>> = [];
    const host = await LocalHost.start({ appEntry, port: 0, dataDir, disableTimers: true, log: (l) => void logs.push(l as Record<string, unknown>), ...o });
    const t: TestHost = {
        host, url: host.url, dataDir, logs,
        async call(method, urlPath, body, headers = {}) {
            const res = await fetch(`${host.url}${urlPath}`, {
                method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
                body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
            });
            const text = await res.text();
            let json: unknown;
            try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
            return { status: res.status, headers: res.headers, json, text };
        },
        durable: (subPath) => `/runtime/webhooks/durabletask/${subPath}${subPath.includes('?') ? '&' : '?'}code=${host.systemKey}`,
        async stop() {
            await host.stop();
            if (dataDir && !o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
    return t;
}
