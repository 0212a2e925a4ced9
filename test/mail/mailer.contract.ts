// What every Mailer adapter must do, whatever carries the mail (SMTP, Graph):
// run by mailerContract.test.ts against each adapter and a server it talks to.
import type { Mailer } from '../../shared/adapters/mail/mailers';

/** A message as the server on the other side received it. */
export interface ReceivedMail {
    recipients: string[];
    subject: string;
    text?: string;
    html?: string;
    /** The id the message carries (Message-ID for SMTP; our x- header for Graph). */
    messageId: string;
}

export interface MailerUnderTest {
    mailer: Mailer;
    /** What the server accepted so far, oldest first. */
    received(): ReceivedMail[];
    /** The server refuses the next send, as it refuses a sender it does not allow. */
    refuseNext(): void;
    cleanup(): Promise<void>;
}

/** Each test gets its own server on a free port, so suites run in parallel. */
export function mailerContract(name: string, setup: () => Promise<MailerUnderTest>): void {
    describe(`Mailer contract: ${name}`, () => {
        let subject: MailerUnderTest;

        beforeEach(async () => {
            subject = await setup();
        });
        afterEach(() => subject.cleanup());

        test('delivers one message to each recipient', async () => {
            await subject.mailer.send({ to: ['ada@fabrikam.example', 'bob@fabrikam.example', 'cy@northwind.example'], subject: 'Report', text: 'See the report.' });
            const [mail, ...rest] = subject.received();
            expect(rest).toEqual([]);
            expect([...mail.recipients].sort()).toEqual(['ada@fabrikam.example', 'bob@fabrikam.example', 'cy@northwind.example']);
        });

        test('a single recipient given as a string is delivered too', async () => {
            await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'One', text: 'one' });
            expect(subject.received().map((m) => m.recipients)).toEqual([['ada@fabrikam.example']]);
        });

        test('subject and text arrive as sent, non-ASCII and line breaks included', async () => {
            const text = 'Überziehung für Contoso: 12,50 €\nAccept: https://portal.example/h/42?t=a&b=c';
            await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'Überziehung — Contoso (März)', text });
            const [mail] = subject.received();
            expect(mail.subject).toBe('Überziehung — Contoso (März)');
            expect(mail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(text);
        });

        test('an HTML body arrives as sent', async () => {
            const html = '<p>Accept the <a href="https://portal.example/h/42?t=a&amp;b=c">handover</a></p>';
            await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'HTML', text: 'Accept the handover', html });
            expect(subject.received()[0].html).toContain(html);
        });

        test('each send returns its own messageId, the one the server received', async () => {
            const first = await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'same', text: 'same' });
            const second = await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'same', text: 'same' });
            expect(first.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
            expect(second.messageId).not.toBe(first.messageId);
            expect(subject.received().map((m) => m.messageId)).toEqual([first.messageId, second.messageId]);
        });

        test('a send the server refuses rejects, is not kept, and the next one goes through', async () => {
            subject.refuseNext();
            await expect(subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'refused', text: 'no' })).rejects.toThrow();
            expect(subject.received()).toEqual([]);
            await subject.mailer.send({ to: 'ada@fabrikam.example', subject: 'accepted', text: 'yes' });
            expect(subject.received().map((m) => m.subject)).toEqual(['accepted']);
        });
    });
}
