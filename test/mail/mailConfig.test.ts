// Where mail goes, from the environment.
import { loadMailConfig } from '../../shared/mail';
import { extractLinks } from '../../simulator/mail/links';

test('under the local host, the sink on 127.0.0.1 without TLS, with a default sender', () => {
    expect(loadMailConfig({ LOCAL_SMTP_PORT: '2525' })).toEqual({ host: '127.0.0.1', port: 2525, tls: 'none', auth: undefined, from: expect.stringContaining('@localhost') });
});

test('a real server: STARTTLS required on 587 by default, implicit TLS on 465 with SMTP_SECURE', () => {
    const base = { SMTP_HOST: 'smtp.office365.com', MAIL_FROM: 'overage@contoso.example', SMTP_USER: 'u', SMTP_PASSWORD: 'p', LOCAL_SMTP_PORT: '2525' };
    expect(loadMailConfig(base)).toEqual({ host: 'smtp.office365.com', port: 587, tls: 'starttls', auth: { user: 'u', pass: 'p' }, from: 'overage@contoso.example' });
    expect(loadMailConfig({ ...base, SMTP_SECURE: 'true' })).toMatchObject({ port: 465, tls: 'implicit' });
    expect(loadMailConfig({ ...base, SMTP_SECURE: 'false', SMTP_PORT: '25' })).toMatchObject({ port: 25, tls: 'starttls' });
});

test('incomplete settings are refused with what to set', () => {
    expect(() => loadMailConfig({})).toThrow(/SMTP_HOST.*LOCAL_SMTP_PORT/);
    expect(() => loadMailConfig({ SMTP_HOST: 'smtp.example' })).toThrow(/MAIL_FROM is required/);
    expect(() => loadMailConfig({ SMTP_HOST: 'smtp.example', MAIL_FROM: 'a@b.example', SMTP_USER: 'u' })).toThrow(/together/);
    expect(() => loadMailConfig({ LOCAL_SMTP_PORT: 'not-a-port' })).toThrow();
});

test('links: text first then HTML, entities decoded, sentence punctuation trimmed, each once', () => {
    const text = 'Go to https://a.example/x?y=1. Or (http://b.example/z), or https://a.example/x?y=1!';
    const html = '<a href="https://a.example/x?y=1&amp;z=2">a</a> &lt;https://c.example/&gt; <a href=\'https://b.example/z\'>b</a>';
    expect(extractLinks(text, html)).toEqual(['https://a.example/x?y=1', 'http://b.example/z', 'https://a.example/x?y=1&z=2', 'https://c.example/', 'https://b.example/z']);
    expect(extractLinks('ftp://no.example mailto:a@b.example', null)).toEqual([]);
});
