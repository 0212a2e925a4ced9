// The accrual's mails: to a partner when its reconciliation file for a month
// is ready, and to a customer's admin when the month's Communications Credits
// ran out, or when auto-recharge kept post-paid billing from starting.
import type { MailMessage } from '../../adapters/mail/mailer';

export function reconciliationReadyMail(to: string, partnerName: string, month: string, link: string): MailMessage {
    return {
        to,
        subject: `Telco overage reconciliation for ${month} is ready`,
        text: [
            `Hello ${partnerName},`,
            '',
            `The overage of your customers' Teams calls in ${month} (UTC) has been rated. Your reconciliation file lists one line per customer, Azure subscription, meter and day, at the published per-minute rates (no discount, no partner earned credit):`,
            '',
            link,
            '',
            'Download it with an agent of your partner account (the link needs your bearer token). Rating the month again gives the same lines, so nothing is charged twice.',
        ].join('\n'),
    };
}

export function creditsExhaustedMail(to: string, customerName: string, month: string, overageAmount: string, currency: string): MailMessage {
    return {
        to,
        subject: `${customerName}: Communications Credits ran out in ${month}`,
        text: [
            'Hello,',
            '',
            `The Communications Credits balance of ${customerName} reached zero during ${month} (UTC). Calls beyond the included minutes after that were billed as overage where overage was on (${overageAmount} ${currency} this month), and refused where it was not.`,
            'Nothing needs doing unless you would rather keep paying calls from credits: then buy credits in the Microsoft 365 admin center.',
        ].join('\n'),
    };
}

export function autoRechargeMail(to: string, customerName: string, month: string, recharges: number): MailMessage {
    return {
        to,
        subject: `${customerName}: auto-recharge kept paying calls from credits in ${month}`,
        text: [
            'Hello,',
            '',
            `Communications Credits auto-recharge bought credits ${recharges} time${recharges === 1 ? '' : 's'} for ${customerName} during ${month} (UTC). While auto-recharge is on, calls beyond the included minutes are always paid from credits, so post-paid overage billing never starts.`,
            'If you want overage to take over, an admin of your organisation turns auto-recharge off in the Microsoft 365 admin center (Billing, Communications Credits).',
        ].join('\n'),
    };
}
