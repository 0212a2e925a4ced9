// The Mailer contract, run for each adapter against a server it really talks
// to: SmtpMailer against an smtp-server sink, GraphMailer against the sendMail stand-in.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { GraphMailer, loadMailConfig, MESSAGE_ID_HEADER, SmtpMailer } from '../../shared/adapters/mail/mailers';
import { GraphSendMailStandIn } from '../helpers/graphSendMailStandIn';
import { mailerContract, MailerUnderTest, ReceivedMail } from './mailer.contract';

mailerContract('SMTP (nodemailer → smtp-server)', async (): Promise<MailerUnderTest> => {
    const received: ReceivedMail[] = [];
    let refuse = 0;
    const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onMailFrom(_address, _session, callback) {
            if (refuse === 0) return callback();
            refuse--;
            callback(Object.assign(new Error('5.7.1 Sender not allowed'), { responseCode: 550 }));
        },
        onData(stream, session, callback) {
            // keep the message before answering 250, so it is there when send() resolves
            simpleParser(stream).then((mail) => {
                received.push({
                    recipients: session.envelope.rcptTo.map((r) => r.address),
                    subject: mail.subject ?? '',
                    text: mail.text,
                    html: mail.html === false ? undefined : mail.html,
                    messageId: mail.messageId ?? '',
                });
                callback();
            }, callback);
        },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const settings = loadMailConfig({ LOCAL_SMTP_PORT: String((server.server.address() as AddressInfo).port), MAIL_FROM: 'Overage <overage@contoso.example>' });
    if (settings.transport !== 'smtp') throw new Error('expected SMTP settings');
    const mailer = new SmtpMailer(settings, { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 });
    return {
        mailer,
        received: () => received,
        refuseNext: () => void refuse++,
        async cleanup() {
            mailer.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
});

mailerContract('Microsoft Graph (sendMail stand-in)', async (): Promise<MailerUnderTest> => {
    const graph = new GraphSendMailStandIn({ token: 'contract-token', mailboxes: ['overage@contoso.example'] });
    const baseUrl = await graph.start();
    const mailer = new GraphMailer({ baseUrl, mailbox: 'overage@contoso.example', token: async () => 'contract-token', timeoutMs: 2000, budgetMs: 5000 });
    return {
        mailer,
        received: () => graph.accepted.map((m) => ({
            recipients: [...m.to, ...m.cc, ...m.bcc],
            subject: m.subject ?? '',
            text: m.contentType === 'text' ? m.content : undefined,
            html: m.contentType === 'html' ? m.content : undefined,
            messageId: m.headers[MESSAGE_ID_HEADER],
        })),
        refuseNext: () => graph.refuseNext(1),
        cleanup: () => graph.close(),
    };
});
