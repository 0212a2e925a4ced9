// The local mailbox (/simulator/mailbox) in a real browser, as a person opens
// it from the banner or the README: the mails listed with their subject,
// recipients, time and text, an approval-style link that a click follows,
// hostile mail content shown as text, axe clean and no sideways scroll at
// desktop and phone widths, and nothing refused by the page's CSP.
import { createMailer } from '../../shared/adapters/mail/mailers';
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { browserSuite } from './browserSuite';

browserSuite('the mailbox page in chromium', { shots: 'mailbox', host: startSimulatorHost }, (s) => {
    let sim: SimulatorHost;

    beforeAll(async () => {
        sim = s.host;
        const mailer = createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT });
        await mailer.send({
            to: 'admin@contoso-telecom.example', subject: 'Approve handing over Lucerne Publishing’s overage to Litware Voice',
            text: `Litware Voice asks to take over overage for Lucerne Publishing.\n\nApprove or decline: ${sim.url}/simulator/world?party=currentPartner&token=${'x'.repeat(300)}\n\nThe link expires on 2026-12-21.`,
        });
        await mailer.send({ to: 'it@lucerne.example', subject: '<img src=x onerror="document.title=1">', text: 'Reason: <b>not now</b>' });
    });

    /** The mailbox, opened as a person would; a CSP refusal, a script error or a failed load fails the test. */
    async function open() {
        const opened = await s.open();
        const res = await opened.page.goto(`${sim.url}/simulator/mailbox`);
        expect(res?.status()).toBe(200);
        return opened;
    }

    test('lists each mail by subject, with who it went to, when, and its text; hostile content stays text', async () => {
        const { page, errors, close } = await open();
        try {
            await expect(page.title()).resolves.toBe('Mailbox (2 mails) – local simulator');
            const subjects = await page.getByRole('heading', { level: 2 }).allTextContents();
            expect(subjects).toEqual(['<img src=x onerror="document.title=1">', 'Approve handing over Lucerne Publishing’s overage to Litware Voice']);
            expect(await page.locator('main img, main b').count()).toBe(0);
            const approval = page.getByRole('article', { name: subjects[1] });
            expect(await approval.getByRole('definition').first().textContent()).toBe('admin@contoso-telecom.example');
            expect(await approval.locator('time').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
            expect(await approval.textContent()).toContain('The link expires on 2026-12-21.');
            // axe, and a 300-character token in a link may not force a sideways scroll at either width
            await s.check(page, 'mailbox');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a link in a mail is a link: a click opens it', async () => {
        const { page, errors, close } = await open();
        try {
            const link = page.getByRole('link', { name: /\/simulator\/world\?party=currentPartner/ });
            await Promise.all([page.waitForURL(/\/simulator\/world\?party=currentPartner/), link.click()]);
            expect(page.url()).toBe(`${sim.url}/simulator/world?party=currentPartner&token=${'x'.repeat(300)}`);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
