// Whatever a client sends as a body, the answer is a 4xx problem (or 202 for
// the rare valid one), never a 5xx: generated bodies against the live API.
import fc from 'fast-check';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';

let app: AppHost;
beforeAll(async () => { app = await startAppHost(); });
afterAll(async () => { await app.stop(); });

const nearlyValid = fc.record({
    service: fc.oneof(fc.constant('PhoneServices'), fc.string(), fc.integer(), fc.constant(null)),
    azureEntitlementId: fc.oneof(fc.constant('new'), fc.uuid(), fc.string(), fc.constant(null), fc.boolean()),
    subscriptionName: fc.oneof(fc.string({ maxLength: 80 }), fc.integer()),
    waitForAutoRechargeOff: fc.oneof(fc.boolean(), fc.string()),
    resellerPartnerId: fc.oneof(fc.string(), fc.constant('')),
}, { requiredKeys: [] });
const anyBody = fc.oneof(
    nearlyValid.map((b) => JSON.stringify(b)),
    fc.anything().map((v) => JSON.stringify(v) ?? ''),
    fc.string(), // mostly not JSON at all
);

const check = async (method: string, path: string, body: string) => {
    const res = await app.as('contosoAdmin')(method, path, body, { 'content-type': 'application/json' });
    if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
    return res.status;
};

test('POST enablements: any body gets a 4xx problem or a 202, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(anyBody, async (body) => {
        const status = await check('POST', `/api/customers/${CUSTOMERS.coho}/overage/enablements`, body);
        expect(status < 500).toBe(true);
        expect([202, 400, 403, 409].includes(status)).toBe(true);
    }), { numRuns: 150 });
});

test('PUT Partner Center overage: any body gets a 4xx problem or a 202, never a 5xx', async () => {
    const pcBody = fc.oneof(
        fc.record({ azureEntitlementId: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)), overageEnabled: fc.oneof(fc.boolean(), fc.string()), partnerId: fc.string() }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
        anyBody,
    );
    await fc.assert(fc.asyncProperty(pcBody, async (body) => {
        const status = await check('PUT', `/api/v1/customers/${CUSTOMERS.coho}/subscriptions/overage`, body);
        expect(status < 500).toBe(true);
    }), { numRuns: 150 });
});
