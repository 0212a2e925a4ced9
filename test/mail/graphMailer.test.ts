// The real GraphMailer against a stand-in of Graph's sendMail over HTTP: what
// arrives, which answers are retried (and after how long), and what a refusal says.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMailer, GraphMailer, GraphMailerOptions, graphScope, MESSAGE_ID_HEADER } from '../../shared/adapters/mail/mailers';
import { GraphSendMailStandIn } from '../helpers/graphSendMailStandIn';

const TOKEN = 'graph-token-for-the-app';
const MAILBOX = 'overage@contoso.example';

let graph: GraphSendMailStandIn;
let baseUrl: string;
let scopes: string[];

function mailer(options: Partial<GraphMailerOptions> = {}): GraphMailer {
    const token = async (scope: string) => {
        scopes.push(scope);
        return TOKEN;
    };
    return new GraphMailer({ baseUrl, mailbox: MAILBOX, token, timeoutMs: 2000, budgetMs: 5000, backoffMs: 10, ...options });
}

beforeEach(async () => {
    scopes = [];
    graph = new GraphSendMailStandIn({ token: TOKEN, mailboxes: [MAILBOX, 'shared-reports@contoso.example'], deniedMailboxes: ['shared-reports@contoso.example'] });
    baseUrl = await graph.start();
});
afterEach(() => graph.close());

test('a mail arrives as the mailbox, with subject, HTML body, every recipient and our Message-ID', async () => {
    const { messageId } = await mailer().send({
        to: ['ada@fabrikam.example', 'bob@fabrikam.example'],
        subject: 'Overage handover for Fabrikam',
        text: 'Accept: https://portal.example/h/42',
        html: '<p><a href="https://portal.example/h/42">Accept</a></p>',
    });
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@contoso\.example>$/);
    expect(graph.accepted).toEqual([{
        mailbox: MAILBOX,
        subject: 'Overage handover for Fabrikam',
        contentType: 'html',
        content: '<p><a href="https://portal.example/h/42">Accept</a></p>',
        to: ['ada@fabrikam.example', 'bob@fabrikam.example'],
        cc: [],
        bcc: [],
        headers: { [MESSAGE_ID_HEADER]: messageId },
        saveToSentItems: true,
    }]);
    // the stand-in is not Graph's origin: the token is for the resource the base URL names
    expect(scopes).toEqual([`${baseUrl}/.default`]);
});

test('a text-only mail is sent as a Text body; Sent Items can be skipped', async () => {
    await mailer({ saveToSentItems: false }).send({ to: 'ada@fabrikam.example', subject: 'plain', text: 'no links here' });
    expect(graph.accepted).toEqual([expect.objectContaining({ contentType: 'text', content: 'no links here', to: ['ada@fabrikam.example'], saveToSentItems: false })]);
});

test("the token's scope is Graph's own, or a national cloud's, never a path", () => {
    expect(graphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us/')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('http://127.0.0.1:7071/simulator/graph')).toBe('http://127.0.0.1:7071/.default');
});

test('a mailbox given by object id is addressed by it', async () => {
    const id = '6e4f3c2a-1b0d-4e8f-9a7b-5c6d7e8f9a0b';
    await graph.close();
    graph = new GraphSendMailStandIn({ token: TOKEN, mailboxes: [id] });
    baseUrl = await graph.start();
    const { messageId } = await mailer({ mailbox: id }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
    expect(graph.accepted).toEqual([expect.objectContaining({ mailbox: id, headers: { [MESSAGE_ID_HEADER]: messageId } })]);
    expect(messageId).toMatch(/@graph-mail\.invalid>$/);
});

test.each([429, 503, 504])('a %i with Retry-After is waited out and the send then succeeds, once', async (status) => {
    graph.throttleNext(1, 1, status);
    await mailer().send({ to: 'ada@fabrikam.example', subject: 'after throttling', text: 't' });
    expect(graph.requests.map((r) => r.status)).toEqual([status, 202]);
    // Retry-After: 1 is a second; jittered backoff alone would have retried within milliseconds
    expect(graph.requests[1].at - graph.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(graph.accepted.map((m) => m.subject)).toEqual(['after throttling']);
    // a token per attempt, so a long wait never sends an expired one
    expect(scopes).toHaveLength(2);
});

test('throttling that outlasts the budget fails at once, without waiting in vain', async () => {
    graph.throttleNext(1, 30);
    const started = Date.now();
    const sent = mailer({ budgetMs: 2000 }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
    await expect(sent).rejects.toMatchObject({ name: 'GraphMailError', status: 429, graphCode: 'ApplicationThrottled', message: expect.stringMatching(/throttling beyond the retry budget/) });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(graph.requests).toHaveLength(1);
});

test('a token Graph does not accept fails at once with what to check', async () => {
    const sent = mailer({ token: async () => 'someone-elses-token' }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
    await expect(sent).rejects.toMatchObject({ status: 401, graphCode: 'InvalidAuthenticationToken', message: expect.stringMatching(/InvalidAuthenticationToken.*managed identity/) });
    expect(graph.requests).toHaveLength(1);
    expect(graph.accepted).toEqual([]);
});

test('a mailbox the app may not send as fails at once, naming Mail.Send and the application access policy', async () => {
    const sent = mailer({ mailbox: 'shared-reports@contoso.example' }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
    await expect(sent).rejects.toMatchObject({ status: 403, graphCode: 'ErrorAccessDenied' });
    await expect(sent).rejects.toThrow(/shared-reports@contoso\.example.*ErrorAccessDenied.*Mail\.Send application permission.*application access policy/);
    expect(graph.requests).toHaveLength(1);
});

test('an unknown mailbox fails, pointing at MAIL_SENDER', async () => {
    const sent = mailer({ mailbox: 'nobody@contoso.example' }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
    await expect(sent).rejects.toMatchObject({ status: 404, graphCode: 'ErrorInvalidUser', message: expect.stringMatching(/MAIL_SENDER/) });
    expect(graph.requests).toHaveLength(1);
});

test('a recipient Graph cannot resolve fails the send, and nothing is sent', async () => {
    const sent = mailer().send({ to: ['ada@fabrikam.example', 'not an address'], subject: 's', text: 't' });
    await expect(sent).rejects.toMatchObject({ status: 400, graphCode: 'ErrorInvalidRecipients', message: expect.stringMatching(/not an address.*check the To addresses/) });
    expect(graph.requests).toHaveLength(1);
    expect(graph.accepted).toEqual([]);
});

test('a Graph that never answers fails each attempt at its timeout, within the budget', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
        const started = Date.now();
        const sent = mailer({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200, retries: 1, budgetMs: 1000 }).send({ to: 'ada@fabrikam.example', subject: 's', text: 't' });
        await expect(sent).rejects.toMatchObject({ code: 'upstream-timeout', attempts: 2 });
        expect(Date.now() - started).toBeLessThan(1500);
    } finally {
        silent.closeAllConnections();
        await new Promise((resolve) => silent.close(resolve));
    }
});

test('createMailer with MAIL_TRANSPORT=graph sends to GRAPH_URL as MAIL_SENDER', async () => {
    const viaEnv = createMailer({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: MAILBOX, GRAPH_URL: baseUrl, LOCAL_SMTP_PORT: '2525' }, { graphToken: async () => TOKEN });
    const { messageId } = await viaEnv.send({ to: 'ada@fabrikam.example', subject: 'from the environment', text: 't' });
    expect(graph.accepted).toEqual([expect.objectContaining({ mailbox: MAILBOX, subject: 'from the environment', headers: { [MESSAGE_ID_HEADER]: messageId } })]);
});
