// The host with an app that streams HTTP (test/apps/streamingApp.ts): each
// request forwarded as a stream to the app's own proxy, and the property
// suite over its function routes. One file, so the app loads once; each part
// on its own host.
import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import { TestHost, startTestHost } from '../helpers/testHost';
import { describeHostProperties, query } from './hostProperties';
import { describeHttpSemantics } from './httpSemantics';

describe('HTTP streaming', () => {
    // HTTP triggers of an app that enables @azure/functions HTTP streaming: the
    // host forwards the request, streamed, to the worker's own HTTP proxy and
    // streams the answer back. A function that refuses the caller answers before
    // the body is read, so the host never holds a body nobody asked for.
    const APP = path.join(__dirname, '..', 'apps', 'streamingApp.ts');
    const LIMIT = 8 * 1024 * 1024;
    let t: TestHost;

    beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: LIMIT }); });
    afterAll(async () => { await t.stop(); });

    describeHttpSemantics(() => t, LIMIT);

    /**
     * Over a raw socket (keep-alive, as browsers and SDKs do): declares `declared`
     * body bytes, writes only `write` of them, and waits for the host to answer
     * and close the connection (or 5 s). A host that waited for the rest of the
     * body would never answer.
     */
    function partialPost(hostUrl: string, urlPath: string, declared: number, write: number, headers: Record<string, string> = {}) {
        const { port } = new URL(hostUrl);
        const head = [`POST ${urlPath} HTTP/1.1`, `Host: localhost:${port}`, `Content-Length: ${declared}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
        return new Promise<{ status: number; headers: Record<string, string>; body: string; closedByHost: boolean }>((resolve) => {
            const chunks: Buffer[] = [];
            const socket = net.connect(Number(port), '127.0.0.1');
            const done = (closedByHost: boolean) => {
                clearTimeout(timer);
                socket.destroy();
                const text = Buffer.concat(chunks).toString('latin1');
                const [top, body = ''] = text.split('\r\n\r\n');
                const [statusLine, ...lines] = top.split('\r\n');
                const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
                resolve({ status: Number(statusLine.split(' ')[1]), headers: fields, body, closedByHost });
            };
            const timer = setTimeout(() => done(false), 5000);
            socket.on('data', (c: Buffer) => chunks.push(c));
            socket.on('close', () => done(true));
            socket.on('error', () => undefined); // a reset after the answer still counts as closed
            socket.write(`${head}\r\n\r\n`);
            socket.write(Buffer.alloc(write, 'x'));
        });
    }

    test('an unauthenticated 90 MB POST is refused with 401 after 64 KB, without the rest being sent', async () => {
        const big = await startTestHost(APP); // Azure's 100 MB limit: 90 MB may be sent
        try {
            const res = await partialPost(big.url, '/api/uploads', 90_000_000, 64 * 1024);
            expect(res.status).toBe(401);
            expect(res.body).toContain('{"code":"unauthenticated"}');
            expect(res.headers.connection).toBe('close');
            expect(res.closedByHost).toBe(true);
        } finally {
            await big.stop();
        }
    });

    test('an authenticated body arrives intact, streamed in many chunks', async () => {
        const body = randomBytes(3 * 1024 * 1024 + 17);
        const res = await fetch(`${t.url}/api/uploads`, { method: 'POST', body, headers: { authorization: 'Bearer let-me-in', 'content-type': 'application/octet-stream' } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    });

    test('a small POST keeps its connection for the next request', async () => {
        const res = await fetch(`${t.url}/api/uploads`, { method: 'POST', body: 'hello', headers: { authorization: 'Bearer let-me-in' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('connection')).not.toBe('close');
        expect(await res.json()).toMatchObject({ bytes: 5 });
    });

    test('a function that answers without reading all of a body does not fail the next request: never a bare 500', async () => {
        // 2 MB sent whole; the function reads one chunk and answers, leaving the rest unread
        const body = Buffer.alloc(2 * 1024 * 1024, 'z');
        for (let i = 0; i < 3; i++) {
            const refused = await fetch(`${t.url}/api/uploads/peek`, { method: 'POST', body });
            expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([400, 'refused-after-a-look']);
            const next = await t.call('GET', '/api/countdown/3');
            expect([next.status, next.text]).toEqual([200, '3\n2\n1\n']);
        }
    }, 60_000);

    test('a body without a declared length is cut off at the limit with 413', async () => {
        const chunk = Buffer.alloc(1024 * 1024, 'y');
        let sent = 0;
        const stream = new ReadableStream({
            pull(controller) {
                if (sent > LIMIT + chunk.length) return controller.close();
                sent += chunk.length;
                controller.enqueue(chunk);
            },
        });
        const res = await fetch(`${t.url}/api/uploads`, { method: 'POST', body: stream, duplex: 'half', headers: { authorization: 'Bearer let-me-in' } } as RequestInit);
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    test('a declared length over the limit is refused before anything is read', async () => {
        const res = await partialPost(t.url, '/api/uploads', LIMIT + 1, 0, { authorization: 'Bearer let-me-in' });
        expect(res.status).toBe(413);
        expect(res.closedByHost).toBe(true);
    });

    test('a streamed response arrives whole', async () => {
        const res = await t.call('GET', '/api/countdown/5');
        expect(res.status).toBe(200);
        expect(res.text).toBe('5\n4\n3\n2\n1\n');
    });
});

describe('properties of the streamed routes', () => {
    // The property suite (see hostProperties.ts) against an app that streams
    // HTTP: its function routes go through the app's own proxy.
    const APP = path.join(__dirname, '..', 'apps', 'streamingApp.ts');
    let t: TestHost;

    beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: 512 * 1024 }); });
    afterAll(async () => { await t.stop(); });

    describeHostProperties(() => t, [
        { name: 'streamed function routes', prefixes: ['/', '/api/', '/api/items/', '/api/orders', '/api/uploads', '/api/countdown/', '/api/cookies', '/api/empty'], query: query(() => t) },
    ]);
});
