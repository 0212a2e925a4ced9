// Where mail goes, from the environment.
import { loadMailConfig } from '../../shared/adapters/mail/mailers';
import { extractLinks } from '../../simulator/mail/links';

test('under the local host, the sink on 127.0.0.1 without TLS, with a default sender', () => {
    expect(loadMailConfig({ LOCAL_SMTP_PORT: '2525' })).toEqual({ transport: 'smtp', host: '127.0.0.1', port: 2525, tls: 'none', auth: undefined, from: expect.stringContaining('@localhost') });
});

test('a real server: STARTTLS required on 587 by default, implicit TLS on 465 with SMTP_SECURE', () => {
    const base = { SMTP_HOST: 'smtp.office365.com', MAIL_FROM: 'overage@contoso.example', SMTP_USER: 'u', SMTP_PASSWORD: 'p', LOCAL_SMTP_PORT: '2525' };
    expect(loadMailConfig(base)).toEqual({ transport: 'smtp', host: 'smtp.office365.com', port: 587, tls: 'starttls', auth: { user: 'u', pass: 'p' }, from: 'overage@contoso.example' });
    expect(loadMailConfig({ ...base, SMTP_SECURE: 'true' })).toMatchObject({ port: 465, tls: 'implicit' });
    expect(loadMailConfig({ ...base, SMTP_SECURE: 'false', SMTP_PORT: '25' })).toMatchObject({ port: 25, tls: 'starttls' });
});

test('incomplete settings are refused with what to set', () => {
    expect(() => loadMailConfig({})).toThrow(/SMTP_HOST.*LOCAL_SMTP_PORT/);
    expect(() => loadMailConfig({ SMTP_HOST: 'smtp.example' })).toThrow(/MAIL_FROM is required/);
    expect(() => loadMailConfig({ SMTP_HOST: 'smtp.example', MAIL_FROM: 'a@b.example', SMTP_USER: 'u' })).toThrow(/together/);
    expect(() => loadMailConfig({ LOCAL_SMTP_PORT: 'not-a-port' })).toThrow();
});

test('MAIL_TRANSPORT=graph: Graph as MAIL_SENDER (with the app\'s identity: graphMailIdentity.test.ts)', () => {
    expect(loadMailConfig({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: 'overage@contoso.example' })).toEqual({ transport: 'graph', graphUrl: 'https://graph.microsoft.com', mailbox: 'overage@contoso.example' });
    // the SMTP settings a local run leaves behind do not pull mail back to SMTP
    expect(loadMailConfig({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: 'overage@contoso.example', GRAPH_URL: 'https://graph.microsoft.us', AZURE_CLIENT_ID: 'mi-client-id', SMTP_HOST: 'smtp.example', LOCAL_SMTP_PORT: '2525' }))
        .toEqual({ transport: 'graph', graphUrl: 'https://graph.microsoft.us', mailbox: 'overage@contoso.example' });
});

test('SMTP stays the default, and MAIL_TRANSPORT=smtp says so explicitly; MAIL_SENDER alone does not switch to Graph', () => {
    expect(loadMailConfig({ LOCAL_SMTP_PORT: '2525', MAIL_SENDER: 'overage@contoso.example', GRAPH_URL: 'http://127.0.0.1:1/simulator/graph' })).toMatchObject({ transport: 'smtp', port: 2525 });
    expect(loadMailConfig({ MAIL_TRANSPORT: 'smtp', SMTP_HOST: 'smtp.example', MAIL_FROM: 'a@b.example' })).toMatchObject({ transport: 'smtp', host: 'smtp.example' });
    expect(() => loadMailConfig({ MAIL_SENDER: 'overage@contoso.example' })).toThrow(/MAIL_TRANSPORT=graph/);
});

test('Graph settings that cannot work are refused with what to set', () => {
    expect(() => loadMailConfig({ MAIL_TRANSPORT: 'graph' })).toThrow(/MAIL_SENDER is required/);
    expect(() => loadMailConfig({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: 'a@b.example', GRAPH_URL: 'graph.microsoft.com' })).toThrow();
    expect(() => loadMailConfig({ MAIL_TRANSPORT: 'pigeon', LOCAL_SMTP_PORT: '2525' })).toThrow(/MAIL_TRANSPORT/);
    // Mail.Send as an application reaches every mailbox: no secret may carry it
    expect(() => loadMailConfig({ MAIL_TRANSPORT: 'graph', MAIL_SENDER: 'a@b.example', AZURE_CLIENT_ID: 'app', AZURE_CLIENT_SECRET: 's3cret' })).toThrow(/never a client secret/);
});

test('links: text first then HTML, entities decoded, sentence punctuation trimmed, each once', () => {
    const text = 'Go to https://a.example/x?y=1. Or (http://b.example/z), or https://a.example/x?y=1!';
    const html = '<a href="https://a.example/x?y=1&amp;z=2">a</a> &lt;https://c.example/&gt; <a href=\'https://b.example/z\'>b</a>';
    expect(extractLinks(text, html)).toEqual(['https://a.example/x?y=1', 'http://b.example/z', 'https://a.example/x?y=1&z=2', 'https://c.example/', 'https://b.example/z']);
    expect(extractLinks('ftp://no.example mailto:a@b.example', null)).toEqual([]);
});
