// GET /api/customers/{customerTenantId}/overage: the current setting and its
// owner, the subscription charges go to, the credits situation, the last run
// and where its audit trail is.
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { assessCredits } from '../shared/domain/rules/credits';
import { microsoftClients } from '../shared/microsoftClients';
import { PHONE_SERVICES } from '../shared/overage/enablement';
import { lastRun } from '../shared/overage/runs';
import { getStateStore } from '../shared/runtime';
import { guarded } from './http/guard';


df.app.client.http('overageStatus', {
    route: 'customers/{customerTenantId}/overage',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: (req: HttpRequest, client, ctx) => guarded('read', async ({ caller, customerTenantId }) => {
        const ms = microsoftClients(caller);
        const [overage, { credits }, run] = await Promise.all([
            ms.partnerCenter.overage(customerTenantId), ms.credits.credits(customerTenantId), lastRun(getStateStore(), customerTenantId, PHONE_SERVICES, caller.partnerId),
        ]);
        const setting = overage.items.find((i) => i.type === PHONE_SERVICES) ?? null;
        const status = run ? await client.getStatus(run.instanceId).catch(() => undefined) : undefined;
        return {
            jsonBody: {
                customerTenantId, service: PHONE_SERVICES,
                overageEnabled: setting?.overageEnabled ?? false,
                ownerPartnerId: setting?.partnerId ?? null,
                azureEntitlementId: setting?.azureEntitlementId ?? null,
                credits: { ...(credits ?? { balance: 0, currency: null, autoRecharge: null }), ...assessCredits(credits, setting) },
                lastRun: run ? { instanceId: run.instanceId, orchestration: run.orchestration, startedAt: run.startedAt, runtimeStatus: status?.runtimeStatus ?? 'Unknown', customStatus: status?.customStatus ?? null, output: status?.output ?? null } : null,
                links: { audit: new URL(`/api/customers/${customerTenantId}/overage/audit`, req.url).toString(), diagnostics: new URL(`/api/customers/${customerTenantId}/overage/diagnostics`, req.url).toString() },
            },
        };
    })(req, ctx),
});
