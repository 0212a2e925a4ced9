// The HTTP semantics every app gets from the host, streaming or not: routing,
// request and response of @azure/functions v4, and the host's own limits.
// Run by triggers.test.ts (buffered) and streaming.test.ts (HTTP streaming).
import { TestHost } from '../helpers/testHost';

export function describeHttpSemantics(host: () => TestHost, limitBytes: number): void {
    test('route params (with constraint and optional), query, headers and body reach the handler', async () => {
        const res = await host().call('POST', '/api/items/phones/42?q=search', 'raw text', { 'x-custom': 'yes', 'content-type': 'text/plain' });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-function')).toBe('echo');
        expect(res.json).toEqual({ method: 'POST', params: { category: 'phones', id: '42' }, q: 'search', header: 'yes', body: 'raw text' });
        const optional = await host().call('GET', '/api/items/phones');
        expect(optional.json.params).toEqual({ category: 'phones' });
    });

    test('a route whose constraint does not match is a 404; a known route with another method is a 405', async () => {
        expect((await host().call('GET', '/api/items/phones/not-a-number')).status).toBe(404);
        expect((await host().call('GET', '/api/nowhere')).status).toBe(404);
        expect((await host().call('GET', '/elsewhere')).status).toBe(404);
        const res = await host().call('DELETE', '/api/items/phones/1');
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, POST, PUT');
    });

    test('HttpResponse cookies become Set-Cookie headers', async () => {
        const res = await host().call('GET', '/api/cookies');
        expect(res.text).toBe('ok');
        expect(res.headers.get('set-cookie')).toBe('session=abc; Path=/; HttpOnly; SameSite=Strict');
    });

    test('a throwing handler is a bare 500 and a failed invocation log line', async () => {
        const res = await host().call('GET', '/api/throws');
        expect(res.status).toBe(500);
        expect(res.text).toBe('');
        const line = host().logs.find((l) => l.function === 'throws');
        expect(line).toMatchObject({ outcome: 'failed', error: 'handler exploded', trigger: 'httpTrigger', invocationId: expect.any(String), durationMs: expect.any(Number) });
    });

    test('no response from the handler is a 204', async () => {
        expect((await host().call('DELETE', '/api/empty')).status).toBe(204);
    });

    test('a body over the limit is refused with 413 before the function runs', async () => {
        const before = host().logs.filter((l) => l.function === 'echo').length;
        const res = await host().call('POST', '/api/items/x', 'a'.repeat(limitBytes + 1024), { 'content-type': 'text/plain' });
        expect(res.status).toBe(413);
        expect(host().logs.filter((l) => l.function === 'echo').length).toBe(before);
    });

    test('every invocation logs one structured line', async () => {
        const before = host().logs.length;
        await host().call('GET', '/api/items/a');
        const lines = host().logs.slice(before).filter((l) => l.function === 'echo');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ level: 'info', outcome: 'succeeded', trigger: 'httpTrigger' });
    });
}
