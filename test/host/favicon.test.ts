// The host answers a browser's /favicon.ico itself (pages that name no icon,
// such as a JSON answer, would otherwise log a 404 in DevTools): an SVG for
// GET, its headers alone for HEAD, and no icon for another method or path.
import { HttpServer } from '../../local/http/server';

describe('/favicon.ico on the local host', () => {
    let server: HttpServer;
    let url: string;
    beforeAll(async () => {
        server = new HttpServer({ mounts: [], maxRequestBodyBytes: 1024 });
        url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
        server.configure({ mounts: [] });
    });
    afterAll(async () => { await server.close(); });

    test('GET answers the icon as SVG, cached for a day', async () => {
        const res = await fetch(`${url}/favicon.ico`);
        expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'image/svg+xml', 'public, max-age=86400']);
        expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<\/svg>$/);
    });

    test('HEAD answers its headers without a body', async () => {
        const res = await fetch(`${url}/favicon.ico`, { method: 'HEAD' });
        expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'image/svg+xml', '']);
    });

    test('another method, or another path, gets no icon', async () => {
        expect((await fetch(`${url}/favicon.ico`, { method: 'POST' })).status).toBe(404);
        expect((await fetch(`${url}/favicon.png`)).status).toBe(404);
    });
});
