// The host's forwarding of a streamed HTTP invocation, against a stand-in for
// the app's HTTP proxy that resets a kept-alive connection when the next
// request arrives on it (as a proxy whose idle timeout meets that request
// does): a request with none of its body sent is tried once more on a new
// connection; one whose body was already sent gets a problem with a `code`;
// an unreachable proxy a 503. Never a bare 500.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestHead } from '../../local/http/requestHead';
import { HttpStreamForwarder } from '../../local/http/streamForward';
import type { FunctionHost } from '../../local/worker/functionHost';
import type { RegisteredFunction } from '../../local/worker/types';

/** The function itself never answers here: the stand-in proxy does, as the app's proxy answers for it. */
const functions = { run: () => new Promise(() => undefined) } as unknown as FunctionHost;
const fn = {} as RegisteredFunction;

let proxy: http.Server;
let proxyUrl: string;
/** Requests the stand-in proxy saw, and which of them it reset. */
let seen: Array<{ method: string; reset: boolean }> = [];
let host: http.Server;
let hostUrl: string;
let forwarder: HttpStreamForwarder;

async function listen(server: http.Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function startHost(appUri: string): Promise<string> {
    forwarder = new HttpStreamForwarder(functions, appUri, 1024 * 1024);
    host = http.createServer((req, res) => {
        const head = requestHead(req);
        if ('status' in head) throw new Error('bad head');
        void forwarder.forward(req, res, head, fn, {});
    });
    return listen(host);
}

beforeEach(async () => {
    seen = [];
    const served = new WeakMap<object, number>();
    proxy = http.createServer({ keepAlive: true }, (req, res) => {
        const n = (served.get(req.socket) ?? 0) + 1;
        served.set(req.socket, n);
        const reset = n > 1;
        seen.push({ method: req.method ?? '', reset });
        if (reset) return void req.socket.destroy();
        let bytes = 0;
        req.on('data', (c: Buffer) => { bytes += c.length; });
        req.on('end', () => res.end(JSON.stringify({ bytes })));
    });
    proxyUrl = await listen(proxy);
});

afterEach(async () => {
    forwarder.close();
    proxy.closeAllConnections();
    host.closeAllConnections();
    await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => host.close(r))]);
});

const call = async (method: string, body?: string) => {
    const res = await fetch(`${hostUrl}/api/x`, { method, body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

test('a kept-alive connection reset before any body was sent: the request is sent once more, on a new connection', async () => {
    hostUrl = await startHost(proxyUrl);
    expect(await call('GET')).toMatchObject({ status: 200, text: '{"bytes":0}' });
    expect(await call('GET')).toMatchObject({ status: 200, text: '{"bytes":0}' });
    expect(seen).toEqual([{ method: 'GET', reset: false }, { method: 'GET', reset: true }, { method: 'GET', reset: false }]);
});

test('a kept-alive connection reset after part of the body was sent: a 502 problem with its code', async () => {
    hostUrl = await startHost(proxyUrl);
    expect((await call('GET')).status).toBe(200);
    const res = await call('POST', 'x'.repeat(100));
    expect([res.status, res.type, JSON.parse(res.text).code]).toEqual([502, 'application/problem+json', 'worker-connection-reset']);
    expect(seen.map((s) => s.reset)).toEqual([false, true]);
});

test('a proxy that cannot be reached: a 503 problem with its code', async () => {
    const gone = proxyUrl;
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
    proxy = http.createServer();
    hostUrl = await startHost(gone);
    const res = await call('GET');
    expect([res.status, res.type, JSON.parse(res.text).code]).toEqual([503, 'application/problem+json', 'worker-unavailable']);
});
