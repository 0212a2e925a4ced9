// Partner Center's application consent for a Control Panel Vendor
// (POST /v1/customers/{id}/applicationconsents), against a stand-in of
// Partner Center on a local port: the simulator does not serve this route,
// so the request the app sends and what it makes of the answers are checked here.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamHttpError } from '../../shared/adapters/http/httpClient';
import { PartnerCenterClient } from '../../shared/adapters/partnerCenter/partnerCenterClient';
import { CALL_RECORDS_PERMISSION, MICROSOFT_GRAPH_APP_ID } from '../../shared/features/usage/pull/consentRemedy';

const CUSTOMER = '10000000-0000-4000-8000-0000000000dd';
const APP = '5e3f0000-0000-4000-8000-0000000000aa';
const CONSENT = { applicationId: APP, displayName: 'Telco Overage Orchestrator', applicationGrants: [{ enterpriseApplicationId: MICROSOFT_GRAPH_APP_ID, scope: CALL_RECORDS_PERMISSION }] };

let server: http.Server;
let base: string;
let received: Array<{ method: string; url: string; body: unknown; auth?: string }>;
let reply: { status: number; body?: unknown };

beforeAll(async () => {
    server = http.createServer((req, res) => {
        let text = '';
        req.on('data', (c) => { text += c; });
        req.on('end', () => {
            received.push({ method: req.method!, url: req.url!, body: text ? JSON.parse(text) : undefined, auth: req.headers.authorization });
            res.writeHead(reply.status, { 'content-type': 'application/json' });
            res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
        });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((r) => server.close(r)); });
beforeEach(() => { received = []; });

const client = () => new PartnerCenterClient({ baseUrl: base, token: async (scope) => `token-for ${scope}`, backoffMs: 10, retries: 1 });

test('the consent is asked for the app, for Microsoft Graph\'s CallRecords.Read.All, in the customer\'s tenant; 201 is granted now', async () => {
    reply = { status: 201, body: { ...CONSENT, customerId: CUSTOMER } };
    expect(await client().requestApplicationConsent(CUSTOMER, CONSENT)).toEqual({ granted: 'now', consent: { ...CONSENT, customerId: CUSTOMER } });
    expect(received).toEqual([{ method: 'POST', url: `/v1/customers/${CUSTOMER}/applicationconsents`, body: CONSENT, auth: 'Bearer token-for https://api.partnercenter.microsoft.com/.default' }]);
});

test('409 (the app holds the consent already) is granted as well; a refusal is Partner Center\'s error, not asked again', async () => {
    reply = { status: 409, body: { code: 600041, description: 'Permission entry already exists.' } };
    expect(await client().requestApplicationConsent(CUSTOMER, CONSENT)).toEqual({ granted: 'already', consent: null });
    reply = { status: 403, body: { code: 900, description: 'The partner is not a Control Panel Vendor.' } };
    const err = await client().requestApplicationConsent(CUSTOMER, CONSENT).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect(err).toMatchObject({ status: 403 });
    expect(received).toHaveLength(2);
});

test('a consent the app would not send is refused before any request', async () => {
    await expect(client().requestApplicationConsent(CUSTOMER, { ...CONSENT, applicationGrants: [] })).rejects.toThrow();
    expect(received).toEqual([]);
});
