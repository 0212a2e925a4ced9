// The overage read model through the local host: GET overage served from the
// store (Partner Center failing every read meanwhile proves it), `asOf` on
// every answer, `?refresh=true` rate-limited, GET /api/customers paged and
// limited to the caller's partner, and a run keeping a document current.
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });
afterEach(async () => { await app.call('DELETE', '/simulator/faults'); });

const status = (c: string, query = '') => `/api/customers/${c}/overage${query}`;
/** Every Partner Center (and credits) read about a customer fails: an answer that still comes is not from them. */
const failCustomerReads = () => app.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '^/v1/customers/' }, kind: 'status500' }] });

test('a refresh reads live and stores; the next GET comes from the store with its asOf, even while Partner Center fails', async () => {
    const sales = app.as('contosoSales');
    const live = await sales('GET', status(CUSTOMERS.graphicDesign));
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ servedFrom: 'partner-center', asOf: expect.any(String) });

    const refreshed = await sales('GET', status(CUSTOMERS.graphicDesign, '?refresh=true'));
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ servedFrom: 'partner-center', overageEnabled: true, ownerPartnerId: '1001' });

    await failCustomerReads();
    const stored = await sales('GET', status(CUSTOMERS.graphicDesign));
    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({
        servedFrom: 'read-model', asOf: refreshed.json.asOf, overageEnabled: true, ownerPartnerId: '1001',
        credits: { balance: 42.75, payer: 'communicationsCredits', postpaidActive: false },
        links: { audit: expect.stringContaining(`/api/customers/${CUSTOMERS.graphicDesign}/overage/audit`) },
    });
    // a partner the document does not name goes the live way, and Partner Center is failing
    expect((await app.as('litwareAdmin')('GET', status(CUSTOMERS.graphicDesign))).status).toBeGreaterThanOrEqual(500);
    // no token: still 401, the store is not a way around the guard
    expect((await app.call('GET', status(CUSTOMERS.graphicDesign))).status).toBe(401);
});

test('refresh=true is rate-limited per partner and customer: 429 refresh-rate-limited with Retry-After', async () => {
    const first = await app.as('contosoSales')('GET', status(CUSTOMERS.blueYonder, '?refresh=true'));
    expect(first.status).toBe(200);
    const again = await app.as('contosoAdmin')('GET', status(CUSTOMERS.blueYonder, '?refresh=true'));
    expect(again.status).toBe(429);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.json).toMatchObject({ code: 'refresh-rate-limited', remedy: expect.any(String) });
    const retryAfter = Number(again.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // another customer, or a plain read, is not limited
    expect((await app.as('contosoSales')('GET', status(CUSTOMERS.blueYonder))).json.servedFrom).toBe('read-model');
    expect((await app.as('contosoSales')('GET', status(CUSTOMERS.coho, '?refresh=true'))).status).toBe(200);
});

test('a refresh of a customer that is not the caller\'s takes nothing: it is refused as not found every time, never rate-limited', async () => {
    const stranger = '99999999-9999-4999-8999-999999999999';
    for (let i = 0; i < 2; i++) expect((await app.as('contosoAdmin')('GET', status(stranger, '?refresh=true'))).status).toBe(404);
});

test('GET /api/customers lists the caller\'s partner\'s customers from the read model, paged', async () => {
    const mine = [CUSTOMERS.fabrikam, CUSTOMERS.woodgrove, CUSTOMERS.vanArsdel];
    for (const c of mine) expect((await app.as('contosoSales')('GET', status(c, '?refresh=true'))).status).toBe(200);
    expect((await app.as('litwareAdmin')('GET', status(CUSTOMERS.trey, '?refresh=true'))).status).toBe(200);

    await failCustomerReads();
    const seen: any[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
        const res: any = await app.as('contosoSales')('GET', `/api/customers?limit=2${token ? `&continuationToken=${token}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.json.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.json.items);
        token = res.json.continuationToken;
        pages++;
    } while (token && pages < 50);
    const ids = seen.map((i) => i.customerTenantId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(mine));
    expect(ids).not.toContain(CUSTOMERS.trey);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen.find((i) => i.customerTenantId === CUSTOMERS.fabrikam)).toEqual({
        customerTenantId: CUSTOMERS.fabrikam, name: expect.any(String), overage: expect.anything(), payerNow: 'nobody', postpaidActive: false, asOf: expect.any(String),
    });

    const litware = await app.as('litwareAdmin')('GET', '/api/customers?limit=100');
    expect(litware.json.items.map((i: any) => i.customerTenantId)).toEqual([CUSTOMERS.trey]);
    expect(litware.json.continuationToken).toBeNull();
    expect((await app.as('contosoSales')('GET', '/api/customers?limit=0')).status).toBe(400);
    expect((await app.as('contosoSales')('GET', '/api/customers?limit=101')).status).toBe(400);
    expect((await app.call('GET', '/api/customers')).status).toBe(401);
});

test('a run keeps the customer\'s document current', async () => {
    const sales = app.as('contosoSales');
    const before = await sales('GET', status(CUSTOMERS.relecloud, '?refresh=true'));
    expect(before.json).toMatchObject({ overageEnabled: false });
    const post = await app.enable(CUSTOMERS.relecloud, { azureEntitlementId: 'new' });
    expect(post.status).toBe(202);
    expect((await app.finish(post.headers.get('location')!, 'contosoAdmin', 30_000)).result).toBe('enabled');

    await failCustomerReads();
    const after = await sales('GET', status(CUSTOMERS.relecloud));
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ servedFrom: 'read-model', overageEnabled: true, ownerPartnerId: '1001', azureEntitlementId: expect.any(String), lastRun: { id: post.json.id } });
    expect(Date.parse(after.json.asOf)).toBeGreaterThan(Date.parse(before.json.asOf));
    const listed = (await sales('GET', '/api/customers?limit=100')).json.items.find((i: any) => i.customerTenantId === CUSTOMERS.relecloud);
    expect(listed).toMatchObject({ overage: { enabled: true, partnerId: '1001' }, asOf: after.json.asOf });
});
