// Port: sending a mail to people (handover links, reconciliation reports).
// SMTP in Azure and locally; locally the server is the simulator's sink.

export interface MailMessage {
    to: string | readonly string[];
    subject: string;
    text: string;
    html?: string;
}

export interface Mailer {
    /** Resolves once the server accepted the message; `messageId` is its Message-ID header. */
    send(message: MailMessage): Promise<{ messageId: string }>;
}
