// GET /simulator/mailbox for a person and for a script: the HTML list when the
// caller asks for HTML, the JSON list otherwise (curl's */*, application/json,
// no Accept at all); mail content escaped, only http(s) links made clickable.
import { createMailer } from '../../shared/adapters/mail/mailers';
import { wantsHtml } from '../../simulator/http/accept';
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('which form a caller asked for', () => {
    test.each([
        [BROWSER_ACCEPT, true],
        ['text/html', true],
        ['text/*, application/json;q=0.5', false], // names no text/html
        ['*/*', false],
        ['application/json', false],
        ['application/json, text/html;q=0.9', false],
        ['text/html;q=0, */*', false],
        ['text/html, application/json', false], // a tie keeps JSON
        [undefined, false],
        ['', false],
    ])('Accept %p: HTML %p', (accept, html) => {
        expect(wantsHtml(accept)).toBe(html);
    });
});

describe('the mailbox as a page and as JSON', () => {
    let sim: SimulatorHost;
    beforeAll(async () => {
        sim = await startSimulatorHost();
        const mailer = createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT });
        await mailer.send({ to: 'it@fabrikam.example', subject: 'Approve the handover', text: 'Open https://localhost:7071/api/approvals/abc?x=1&y=2. Thanks.' });
        // what a party may type ends up in mails: it must stay text
        await mailer.send({ to: 'ops@litware.example', subject: '<img src=x onerror=alert(1)> & "quotes"', text: 'Reason: <script>alert(1)</script> javascript:alert(1) see http://x.example/a"b' });
    });
    afterAll(() => sim?.stop());

    test.each([['*/*'], ['application/json'], [undefined]])('Accept %p answers the JSON list', async (accept) => {
        const res = await sim.call('GET', '/simulator/mailbox', undefined, accept ? { accept } : {});
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.json.map((m: { subject: string }) => m.subject)).toEqual(['Approve the handover', '<img src=x onerror=alert(1)> & "quotes"']);
    });

    test("a browser's Accept gets the page: newest first, escaped, links clickable, no script allowed", async () => {
        const res = await sim.call('GET', '/simulator/mailbox', undefined, { accept: BROWSER_ACCEPT });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('vary')).toBe('Accept');
        expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'/);
        const page = res.text;
        expect(page).toContain('<title>Mailbox (2 mails) – local simulator</title>');
        expect(page.indexOf('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;')).toBeLessThan(page.indexOf('Approve the handover'));
        expect(page).toContain('<a href="https://localhost:7071/api/approvals/abc?x=1&amp;y=2">https://localhost:7071/api/approvals/abc?x=1&amp;y=2</a>. Thanks.');
        expect(page).toContain('Reason: &lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1) see <a href="http://x.example/a">http://x.example/a</a>&quot;b');
        expect(page).not.toMatch(/<script|<img|href="javascript/i);
        expect(page).toContain('<dt>To</dt><dd>it@fabrikam.example</dd>');
        expect(page).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);
    });

    test('an empty mailbox says so', async () => {
        const empty = await startSimulatorHost();
        try {
            const res = await empty.call('GET', '/simulator/mailbox', undefined, { accept: 'text/html' });
            expect(res.text).toContain('<p>No mail yet.');
            expect((await empty.call('GET', '/simulator/mailbox')).json).toEqual([]);
        } finally {
            await empty.stop();
        }
    });
});
