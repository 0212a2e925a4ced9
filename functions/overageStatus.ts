// GET /api/customers/{customerTenantId}/overage: the current setting and its
// owner, the subscription charges go to, the credits situation, the caller's
// partner's last run and where its audit trail is.
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { assessCredits } from '../shared/domain/rules/credits';
import { PHONE_SERVICES } from '../shared/overage/enablement';
import { runsOf, settle } from '../shared/overage/runs';
import { getStateStore } from '../shared/runtime';
import { guarded } from './http/guard';
import { runResource } from './http/runResource';

df.app.client.http('overageStatus', {
    route: 'customers/{customerTenantId}/overage',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, client, ctx) => guarded('read', async ({ caller, customerTenantId, ms }) => {
        const [overage, { credits }, [last]] = await Promise.all([
            ms.partnerCenter.overage(customerTenantId), ms.credits.credits(customerTenantId), runsOf(getStateStore(), customerTenantId, caller.partnerId, 1),
        ]);
        const setting = overage.items.find((i) => i.type === PHONE_SERVICES) ?? null;
        const origin = new URL(req.url).origin;
        const lastRun = last && (await settle(client, getStateStore(), last));
        return {
            headers: { 'cache-control': 'no-store' },
            jsonBody: {
                customerTenantId, service: PHONE_SERVICES,
                overageEnabled: setting?.overageEnabled ?? false,
                ownerPartnerId: setting?.partnerId ?? null,
                azureEntitlementId: setting?.azureEntitlementId ?? null,
                credits: { ...(credits ?? { balance: 0, currency: null, autoRecharge: null }), ...assessCredits(credits, setting) },
                lastRun: lastRun ? runResource(lastRun.run, lastRun.live, origin) : null,
                links: {
                    runs: new URL(`/api/customers/${customerTenantId}/overage/runs`, origin).toString(),
                    audit: new URL(`/api/customers/${customerTenantId}/overage/audit`, origin).toString(),
                    diagnostics: new URL(`/api/customers/${customerTenantId}/overage/diagnostics`, origin).toString(),
                },
            },
        };
    })(req, ctx),
});
