// The alerts' mails: to the partner's contact (who set the thresholds, so the
// figures against its limits), and, when the partner asked, to the customer's
// admin, in plain words: what is happening to the phone bill, the figures,
// and what can be done about it.
import type { MailMessage } from '../../adapters/mail/mailer';
import type { AlertDoc } from './alertStore';

const WHAT: Record<AlertDoc['threshold'], (a: AlertDoc) => string> = {
    'forecast-overage': (a) => `the month's overage is forecast at ${a.figures.value} ${a.figures.currency} (range ${a.figures.forecastOverage.low} to ${a.figures.forecastOverage.high}), above your threshold of ${a.figures.limit}`,
    'pool-used': (a) => `${a.figures.value}% of the included calling minutes are used, above your threshold of ${a.figures.limit}%`,
    'credits-run-out': (a) => `the Communications Credits balance is forecast to reach zero on ${a.figures.day}, before the month ends`,
    'day-overage': (a) => `the overage of ${a.figures.day} was ${a.figures.value} ${a.figures.currency}, above your threshold of ${a.figures.limit}`,
};

export function partnerAlertMail(to: string, partnerName: string, customerName: string, alerts: readonly AlertDoc[]): MailMessage {
    const month = alerts[0].month;
    return {
        to,
        subject: `${customerName}: ${alerts.length === 1 ? 'an overage alert' : `${alerts.length} overage alerts`} for ${month}`,
        text: [
            `Hello ${partnerName},`,
            '',
            `Usage imported for ${customerName} (tenant ${alerts[0].customerTenantId}) crossed the alert thresholds you set for ${month} (UTC):`,
            '',
            ...alerts.map((a) => `- ${WHAT[a.threshold](a)}.`),
            '',
            `Figures as of the last call included (${alerts[0].figures.asOf ?? 'none yet'}). Each alert is sent once a month; the customer's page in the partner console lists them with your thresholds.`,
        ].join('\n'),
    };
}

const PLAIN: Record<AlertDoc['threshold'], (a: AlertDoc) => string> = {
    'forecast-overage': (a) => `At the rate your organisation has been calling this month, calls beyond what your licences include are expected to cost about ${a.figures.value} ${a.figures.currency} by the end of the month (between ${a.figures.forecastOverage.low} and ${a.figures.forecastOverage.high}). They are billed after the month ends.`,
    'pool-used': (a) => `Your organisation has used ${a.figures.value}% of the calling minutes its licences include this month. Calls beyond them are billed per minute.`,
    'credits-run-out': (a) => `Your Communications Credits are expected to run out around ${a.figures.day}. After that, calls beyond the included minutes are billed per minute, or refused if per-minute billing is off.`,
    'day-overage': (a) => `On ${a.figures.day}, calls beyond what your licences include cost ${a.figures.value} ${a.figures.currency}, more than usual for one day (${a.figures.limit}).`,
};

export function customerAlertMail(to: string, customerName: string, partnerName: string, alerts: readonly AlertDoc[]): MailMessage {
    return {
        to,
        subject: `${customerName}: your Teams calling costs this month`,
        text: [
            'Hello,',
            '',
            `${partnerName}, your Microsoft partner, watches the cost of your organisation's Teams phone calls. This month so far (${alerts[0].month}, UTC):`,
            '',
            ...alerts.map((a) => `- ${PLAIN[a.threshold](a)}`),
            '',
            'What you can do: check that the calls are expected (for example international or toll-free calls, or a busy day); if they are, nothing needs doing. To pay less, ask your partner about calling plans with more included minutes, or, if you pay with Communications Credits, about topping them up. If the calls are not expected, look at the call records in the Teams admin center (Analytics & reports, PSTN usage).',
            '',
            `Questions about these figures go to ${partnerName}.`,
        ].join('\n'),
    };
}
