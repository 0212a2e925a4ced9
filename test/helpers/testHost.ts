// Starts the embedded host in-process for a test, on a free port with its own
// temp data dir (or in memory), and cleans everything up afterwards.
import * as fs from 'node:fs';
import * as net from 'node:net';
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
    /** Sets the host's clock (PUT /admin/clock): from now on it reads `now` (ISO 8601 with a zone), and runs on. */
    setClock(now: string): Promise<void>;
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
        async setClock(now) {
            const res = await t.call('PUT', '/admin/clock', { now }, { 'x-functions-key': host.systemKey });
            if (res.status !== 200) throw new Error(`the host's clock was not set: ${res.status} ${res.text}`);
        },
        async stop() {
            await host.stop();
            if (dataDir && !o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
    return t;
}

/**
 * Sends `request` as raw bytes (for what fetch refuses to send: bad methods,
 * huge headers, broken syntax) and resolves with what came back once the
 * server closes the connection or `ms` pass.
 */
export function rawHttp(url: string, request: string | Buffer, ms = 3000): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        const socket = net.connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
        const done = () => { clearTimeout(timer); socket.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); };
        const timer = setTimeout(done, ms);
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('error', done);
        socket.on('close', done);
        socket.write(request);
    });
}

/** The host's own problem details: status, content type, and every field with its stable `code`. */
export function expectHostProblem(res: { status: number; headers: Headers; json: any }, status: number, code: string): void {
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status, type: 'application/problem+json' });
    expect(res.json).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code });
}
