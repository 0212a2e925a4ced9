// Port: sending a mail to people (handover links, reconciliation reports).
// Microsoft Graph sendMail in Azure (graphMailer.ts); SMTP locally, where the
// server is the simulator's sink, and for partners who prefer their relay.

export interface MailMessage {
    to: string | readonly string[];
    subject: string;
    text: string;
    html?: string;
}

export interface Mailer {
    /** Resolves once the server accepted the message; `messageId` identifies it (SMTP: its Message-ID; Graph: our x-overage-message-id header). */
    send(message: MailMessage): Promise<{ messageId: string }>;
}
