// POST /api/customers/{customerTenantId}/usage/consent: for a partner that is
// a Control Panel Vendor (CPV_PARTNERS), an AdminAgent asks Partner Center to
// consent the app (PARTNER_APP_CLIENT_ID) to Microsoft Graph's
// CallRecords.Read.All in the customer's tenant
// (POST /v1/customers/{id}/applicationconsents), the other remedy for a usage
// state `consent-missing` besides the customer's admin consenting. 200 with
// what Partner Center granted (`granted: "now"`, or `"already"` when it held
// that consent); 409 `not-control-panel-vendor` (the admin consent link
// instead) or `app-registration-missing`; Partner Center's refusals as 502.
import { app } from '@azure/functions';
import type { Dependencies } from '../shared/adapters/dependencies';
import { adminConsentUrl, CALL_RECORDS_PERMISSION, MICROSOFT_GRAPH_APP_ID } from '../shared/features/usage/pull/consentRemedy';
import { isControlPanelVendor } from '../shared/features/usage/pull/pullConfig';
import { guarded } from './http/guard';
import { problem } from './http/problem';

export function registerUsageConsent(deps: Dependencies): void {
    app.http('usageConsent', {
        route: 'customers/{customerTenantId}/usage/consent',
        methods: ['POST'],
        authLevel: 'anonymous',
        handler: guarded(deps, 'manage', async ({ caller, customerTenantId, ms }) => {
            const applicationId = deps.env.PARTNER_APP_CLIENT_ID?.trim();
            if (!applicationId) {
                return problem(409, 'app-registration-missing', 'This deployment names no app registration (PARTNER_APP_CLIENT_ID), so there is no app to consent to.', {
                    remedy: 'Set PARTNER_APP_CLIENT_ID to the partner\'s multi-tenant app registration, then ask again.',
                });
            }
            if (!isControlPanelVendor(caller.partnerId, deps.env)) {
                return problem(409, 'not-control-panel-vendor', `Partner ${caller.partnerId} is not set up as a Control Panel Vendor here (CPV_PARTNERS): Partner Center grants application consent only to CPVs.`, {
                    remedy: `Have a Global Administrator of the customer's tenant consent at ${adminConsentUrl(customerTenantId, deps.env)}.`, adminConsentUrl: adminConsentUrl(customerTenantId, deps.env),
                });
            }
            const granted = await ms.partnerCenter.requestApplicationConsent(customerTenantId, {
                applicationId, displayName: 'Telco Overage Orchestrator', applicationGrants: [{ enterpriseApplicationId: MICROSOFT_GRAPH_APP_ID, scope: CALL_RECORDS_PERMISSION }],
            });
            return {
                status: 200, headers: { 'cache-control': 'no-store' },
                jsonBody: {
                    customerTenantId, applicationId, permission: CALL_RECORDS_PERMISSION, granted: granted.granted, requestedBy: caller.upn,
                    links: { pull: `/api/customers/${customerTenantId}/usage/pull`, usage: `/api/customers/${customerTenantId}/usage` },
                },
            };
        }),
    });
}
