// HTTP triggers through the embedded host, for an app that does not enable
// HTTP streaming: the host reads the body (up to its limit) and hands it over.
import * as path from 'node:path';
import { HttpServer } from '../../local/http/server';
import { startTestHost, TestHost } from '../helpers/testHost';
import { describeHttpSemantics } from './httpSemantics';

const APP = path.join(__dirname, '..', 'apps', 'triggersApp.ts');
const LIMIT = 1024;
let t: TestHost;

beforeAll(async () => { t = await startTestHost(APP, { maxRequestBodyBytes: LIMIT }); });
afterAll(async () => { await t.stop(); });

describeHttpSemantics(() => t, LIMIT);

test('while the app is loading, requests get a 503 with Retry-After', async () => {
    const server = new HttpServer({ mounts: [], maxRequestBodyBytes: LIMIT });
    const port = await server.listen(0, '127.0.0.1');
    try {
        const res = await fetch(`http://127.0.0.1:${port}/api/items/a`);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
    } finally {
        await server.close();
    }
});
