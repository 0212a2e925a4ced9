// What to do when Microsoft Graph refuses a customer's PSTN call log for want
// of consent: the customer's admin consents to the partner's multi-tenant app
// registration (PARTNER_APP_CLIENT_ID) through Entra's admin consent page, or,
// for a partner that is a Control Panel Vendor, Partner Center grants it
// (POST /api/customers/{id}/usage/consent, which asks Partner Center's
// applicationconsents). Without a client id (the local host) there is no page to link.
import { isControlPanelVendor } from './pullConfig';

/** The permission the pull needs in the customer's tenant (application, Microsoft Graph). */
export const CALL_RECORDS_PERMISSION = 'CallRecords.Read.All';
/** Microsoft Graph's application id, the same in every tenant: the API the consent is for. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface ConsentRemedy {
    /** Entra's admin consent page for the app in the customer's tenant; null when the deployment names no app. */
    adminConsentUrl: string | null;
    remedy: string;
}

export function adminConsentUrl(customerTenantId: string, env: Record<string, string | undefined>): string | null {
    const clientId = env.PARTNER_APP_CLIENT_ID?.trim();
    if (!clientId) return null;
    return `https://login.microsoftonline.com/${encodeURIComponent(customerTenantId)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}

/** The remedy as the customer's partner reads it (a Control Panel Vendor is offered Partner Center's consent too). */
export function consentRemedy(customerTenantId: string, partnerId: string | undefined, env: Record<string, string | undefined>): ConsentRemedy {
    const url = adminConsentUrl(customerTenantId, env);
    const admin = url
        ? `A Global Administrator of the customer's tenant opens ${url} and consents to the app reading call records (${CALL_RECORDS_PERMISSION}, application permission)`
        : `This deployment names no app registration (PARTNER_APP_CLIENT_ID is not set), so there is no consent page to link: set it to the partner's multi-tenant app registration, whose ${CALL_RECORDS_PERMISSION} application permission a Global Administrator of the customer's tenant then consents to`;
    const cpv = url && partnerId !== undefined && isControlPanelVendor(partnerId, env)
        ? '; or, as a Control Panel Vendor, an admin agent asks Partner Center for that consent'
        : '';
    return { adminConsentUrl: url, remedy: `${admin}${cpv}. The next pull, daily or one asked for now, then reads the calls since the last one.` };
}
