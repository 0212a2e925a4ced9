// HTTP triggers through the embedded host: routing, request and response
// semantics of @azure/functions v4, and the host's own limits.
import * as path from 'node:path';
import { startTestHost, TestHost } from '../helpers/testHost';

const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: 1024 }); });
afterAll(async () => { await t.stop(); });

test('route params (with constraint and optional), query, headers and body reach the handler', async () => {
    const res = await t.call('POST', '/api/items/phones/42?q=search', 'raw text', { 'x-custom': 'yes', 'content-type': 'text/plain' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-function')).toBe('echo');
    expect(res.json).toEqual({ method: 'POST', params: { category: 'phones', id: '42' }, q: 'search', header: 'yes', body: 'raw text' });
    const optional = await t.call('GET', '/api/items/phones');
    expect(optional.json.params).toEqual({ category: 'phones' });
});

test('a route whose constraint does not match is a 404; a known route with another method is a 405', async () => {
    expect((await t.call('GET', '/api/items/phones/not-a-number')).status).toBe(404);
    expect((await t.call('GET', '/api/nowhere')).status).toBe(404);
    expect((await t.call('GET', '/elsewhere')).status).toBe(404);
    const res = await t.call('DELETE', '/api/items/phones/1');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, PUT');
});

test('HttpResponse cookies become Set-Cookie headers', async () => {
    const res = await t.call('GET', '/api/cookies');
    expect(res.text).toBe('ok');
    expect(res.headers.get('set-cookie')).toBe('session=abc; Path=/; HttpOnly; SameSite=Strict');
});

test('a throwing handler is a bare 500 and a failed invocation log line', async () => {
    const res = await t.call('GET', '/api/throws');
    expect(res.status).toBe(500);
    expect(res.text).toBe('');
    const line = t.logs.find((l) => l.function === 'throws');
    expect(line).toMatchObject({ outcome: 'failed', error: 'handler exploded', trigger: 'httpTrigger', invocationId: expect.any(String), durationMs: expect.any(Number) });
});

test('no response from the handler is a 204', async () => {
    expect((await t.call('DELETE', '/api/empty')).status).toBe(204);
});

test('a body over the limit is refused with 413 before the function runs', async () => {
    const before = t.logs.filter((l) => l.function === 'echo').length;
    const res = await t.call('POST', '/api/items/x', 'a'.repeat(2048), { 'content-type': 'text/plain' });
    expect(res.status).toBe(413);
    expect(t.logs.filter((l) => l.function === 'echo').length).toBe(before);
});

test('every invocation logs one structured line', async () => {
    const before = t.logs.length;
    await t.call('GET', '/api/items/a');
    const lines = t.logs.slice(before).filter((l) => l.function === 'echo');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', outcome: 'succeeded', trigger: 'httpTrigger' });
});
