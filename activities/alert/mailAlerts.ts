// Mails a partner's alerts: to the partner's contact as Partner Center holds
// it (the legal business profile's primary contact, as the handover's mails),
// and, when the thresholds ask, to the customer's admin (Partner Center's
// company profile email). Never an address someone typed into the app. Each
// mail once (notifications), so a step run again does not mail twice; a mail
// that cannot go out is reported, not thrown: the webhook still goes.
import { createHash } from 'node:crypto';
import type { Dependencies } from '../../shared/adapters/dependencies';
import type { MailMessage } from '../../shared/adapters/mail/mailer';
import { servedAgent } from '../../shared/adapters/partnerCenter/servedPartners';
import { partnerContact } from '../../shared/adapters/partnerCenter/toDomain';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { StateConflictError } from '../../shared/adapters/state/stateErrors';
import { mailAlerts } from '../../shared/core/steps/alertSteps';
import { customerAlertMail, partnerAlertMail } from '../../shared/features/alerts/alertMails';
import { readAlerts } from '../../shared/features/alerts/alertStore';
import { implement } from '../implement';

export const mailAlertsActivity = implement(mailAlerts, async ({ partnerId, customerTenantId, alertIds }, deps, ctx) => {
    const sent: string[] = [];
    const failed: string[] = [];
    const alerts = await readAlerts(deps.stateStore, partnerId, alertIds);
    const agent = servedAgent(partnerId, deps.env);
    if (!agent || alerts.length === 0) {
        ctx.warn(`mailAlerts ${partnerId} ${customerTenantId}: ${agent ? 'the alerts are gone' : 'this deployment does not serve the partner: no contact to mail'}`);
        return { sent, failed: ['partner'] };
    }
    const key = createHash('sha256').update(alertIds.join('\n')).digest('hex').slice(0, 32);
    const mail = async (who: 'partner' | 'customer', make: () => Promise<MailMessage | null>) => {
        try {
            const m = await mailOnce(deps, partnerId, `alerts:${key}:${who}`, make);
            if (m) sent.push(who);
        } catch (err) {
            ctx.warn(`mailAlerts ${partnerId} ${customerTenantId}: the ${who} mail was not sent: ${err instanceof Error ? err.message : String(err)}`);
            failed.push(who);
        }
    };
    const pc = deps.microsoft(agent).partnerCenter;
    let partner: { name: string; contact: string };
    let customer: Awaited<ReturnType<typeof pc.customer>>;
    try {
        [partner, customer] = await Promise.all([pc.legalBusinessProfile().then(partnerContact), pc.customer(customerTenantId)]);
    } catch (err) {
        // Partner Center did not name the addresses (after its own retries): no mail, but the webhook still goes
        ctx.warn(`mailAlerts ${partnerId} ${customerTenantId}: the contacts could not be read from Partner Center: ${err instanceof Error ? err.message : String(err)}`);
        return { sent, failed: ['partner', ...(alerts.some((a) => a.mailCustomerAdmin) ? ['customer'] : [])] };
    }
    await mail('partner', async () => partnerAlertMail(partner.contact, partner.name, customer.companyProfile.companyName, alerts));
    if (alerts.some((a) => a.mailCustomerAdmin)) {
        const admin = customer.companyProfile.email;
        if (!admin) ctx.warn(`mailAlerts ${customerTenantId}: Partner Center holds no email for the customer's admin`);
        else await mail('customer', async () => customerAlertMail(admin, customer.companyProfile.companyName, partner.name, alerts.filter((a) => a.mailCustomerAdmin)));
    }
    return { sent, failed };
});

/** Sends the mail unless it was sent before; the message, or null when it had been sent. */
async function mailOnce({ stateStore: store, mailer, clock }: Pick<Dependencies, 'stateStore' | 'mailer' | 'clock'>, partnerId: string, id: string, make: () => Promise<MailMessage | null>): Promise<MailMessage | null> {
    if (await store.read(CONTAINERS.notifications, partnerId, id)) return null;
    const message = await make();
    if (!message) return null;
    await mailer.send(message);
    await store.create(CONTAINERS.notifications, partnerId, { id, to: message.to, at: new Date(clock.now()).toISOString() }).catch((err: unknown) => {
        if (!(err instanceof StateConflictError)) throw err;
    });
    return message;
}
