// The identity createMailer sends Graph mail with, end to end: @azure/identity's
// managed identity credential asks an App Service identity endpoint (a stand-in
// serving that documented protocol: IDENTITY_ENDPOINT + X-IDENTITY-HEADER) for a
// token for the Graph resource, and the sendMail stand-in accepts only the token
// issued to the right identity.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMailer } from '../../shared/adapters/mail/mailers';
import { GraphSendMailStandIn } from '../helpers/graphSendMailStandIn';

const MAILBOX = 'overage@contoso.example';
const SECRET_HEADER = 'identity-header-value';

interface TokenRequest {
    resource: string | null;
    clientId: string | null;
}

let identity: http.Server;
let identityRequests: TokenRequest[];
const saved: Record<string, string | undefined> = {};
const ENV_NAMES = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_TOKEN_CREDENTIALS'];

/** The token the identity endpoint issues names the identity, so the Graph stand-in can insist on the right one. */
const tokenFor = (clientId: string | null) => `mi-token.${clientId ?? 'system-assigned'}`;

// one endpoint for the whole file: MSAL keeps the managed identity source it first found for the process
beforeAll(async () => {
    identity = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://identity');
        if (req.headers['x-identity-header'] !== SECRET_HEADER || url.searchParams.get('api-version') !== '2019-08-01') {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
            return;
        }
        const request = { resource: url.searchParams.get('resource'), clientId: url.searchParams.get('client_id') };
        identityRequests.push(request);
        const expiresOn = Math.floor(Date.now() / 1000) + 3600;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: tokenFor(request.clientId), expires_on: String(expiresOn), resource: request.resource, token_type: 'Bearer' }));
    });
    await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
    for (const name of ENV_NAMES) {
        saved[name] = process.env[name];
        delete process.env[name];
    }
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(identity.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = SECRET_HEADER;
});

beforeEach(() => {
    identityRequests = [];
});

afterAll(async () => {
    for (const name of ENV_NAMES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
    }
    identity.closeAllConnections();
    await new Promise((resolve) => identity.close(resolve));
});

async function sendThroughGraph(env: Record<string, string>, expectedToken: string): Promise<{ graph: GraphSendMailStandIn; graphUrl: string; sent: Promise<unknown> }> {
    const graph = new GraphSendMailStandIn({ token: expectedToken, mailboxes: [MAILBOX] });
    const graphUrl = await graph.start();
    const mailer = createMailer({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: MAILBOX, GRAPH_URL: graphUrl, ...env });
    const sent = mailer.send({ to: 'ada@fabrikam.example', subject: 'via managed identity', text: 't' });
    await sent.catch(() => undefined);
    return { graph, graphUrl, sent };
}

test('AZURE_CLIENT_ID: the user-assigned managed identity gets the Graph token, and the mail goes out with it', async () => {
    const { graph, graphUrl, sent } = await sendThroughGraph({ WEBSITE_SITE_NAME: 'func-telco', AZURE_CLIENT_ID: 'mail-identity-client-id' }, tokenFor('mail-identity-client-id'));
    try {
        await expect(sent).resolves.toEqual({ messageId: expect.any(String) });
        expect(graph.accepted.map((m) => m.subject)).toEqual(['via managed identity']);
        expect(identityRequests).toEqual([{ resource: graphUrl, clientId: 'mail-identity-client-id' }]);
    } finally {
        await graph.close();
    }
});

test('without AZURE_CLIENT_ID: the system-assigned identity (through DefaultAzureCredential)', async () => {
    const { graph, graphUrl, sent } = await sendThroughGraph({}, tokenFor(null));
    try {
        await expect(sent).resolves.toEqual({ messageId: expect.any(String) });
        expect(identityRequests).toEqual([{ resource: graphUrl, clientId: null }]);
    } finally {
        await graph.close();
    }
});

test("the wrong identity's token is refused by Graph, and the send fails saying so", async () => {
    const { graph, sent } = await sendThroughGraph({ WEBSITE_SITE_NAME: 'func-telco', AZURE_CLIENT_ID: 'some-other-identity' }, tokenFor('mail-identity-client-id'));
    try {
        await expect(sent).rejects.toMatchObject({ status: 401, graphCode: 'InvalidAuthenticationToken' });
        expect(graph.accepted).toEqual([]);
    } finally {
        await graph.close();
    }
});
