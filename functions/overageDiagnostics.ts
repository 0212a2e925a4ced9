// GET /api/customers/{customerTenantId}/overage/diagnostics: would a call
// beyond the included minutes go through right now, who pays for it, and
// every reason it would not (each with its remedy). Read live from Microsoft's
// APIs at most once per refresh window per partner and customer; in between,
// the last answer (`asOf`, `servedFrom: "cache"`). `usage` is the customer's
// usage state as the last pull from Microsoft Graph left it (read from the
// store every time): a rating without Microsoft's calls is a rating of what
// partners uploaded only.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import * as df from 'durable-functions';
import { azureStanding } from '../shared/features/overage/azureStanding';
import type { Blocker } from '../shared/core/domain/findings';
import { assessCredits } from '../shared/core/domain/rules/credits';
import { checkEligibility } from '../shared/core/domain/rules/eligibility';
import { preflightBlockers } from '../shared/core/domain/rules/preflight';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import type { MicrosoftClients } from '../shared/adapters/microsoftClients';
import { licenseSubscriptions, partnerFacts } from '../shared/adapters/partnerCenter/toDomain';
import { limitedRead } from '../shared/features/readModel/limitedRead';
import { runsOf } from '../shared/features/overage/runs';
import { refreshWindowMs } from '../shared/features/readModel/refreshLimit';
import type { Dependencies } from '../shared/adapters/dependencies';
import { readPullState } from '../shared/features/usage/pull/pullState';
import { usageStateView } from '../shared/features/usage/pull/usageStateView';
import { guarded } from './http/guard';
import { rateLimited } from './http/rateLimited';
import type { Diagnostics } from '../shared/features/api/apiSchemas';

const REFUSED_REMEDY = 'Enable overage for this customer, or have the customer buy Communications Credits.';

export function registerOverageDiagnostics(deps: Dependencies): void {
    df.app.client.http('overageDiagnostics', {
        route: 'customers/{customerTenantId}/overage/diagnostics',
        methods: ['GET'],
        authLevel: 'anonymous',
        handler: (req: HttpRequest, _client, ctx) => guarded(deps, 'read', async ({ caller, customerTenantId, ms }): Promise<HttpResponseInit> => {
            // the partner's last run may have changed what the last reading said (overage on: no longer refused)
            const [lastRun] = await runsOf(deps.stateStore, customerTenantId, caller.partnerId, 1);
            const changedAt = lastRun && Date.parse(lastRun.ended?.at ?? lastRun.startedAt);
            const read = await limitedRead(deps.stateStore, caller.partnerId, `diagnostics:${customerTenantId}`, () => diagnose(ms, caller.partnerId, customerTenantId), { windowMs: refreshWindowMs(deps.env), changedAt });
            if ('limited' in read) return rateLimited(caller.partnerId, read.retryAfterSeconds, 'There is no earlier reading to answer with yet: ask');
            const usage = usageStateView(customerTenantId, await readPullState(deps.stateStore, customerTenantId), caller.partnerId, deps.env);
            return { headers: { 'cache-control': 'no-store' }, jsonBody: { ...read.value, usage, asOf: read.asOf, servedFrom: read.servedFrom } satisfies Diagnostics };
        })(req, ctx),
    });
}

/** The live reading: Partner Center, the credits service and, while overage is off, ARM and Graph for the preflight. */
async function diagnose(ms: MicrosoftClients, partnerId: string, customerTenantId: string) {
    const pc = ms.partnerCenter;
    const [customer, subscriptions, overage, { credits }, profile] = await Promise.all([
        pc.customer(customerTenantId), pc.subscriptions(customerTenantId), pc.overage(customerTenantId), ms.credits.credits(customerTenantId), pc.partnerProfile(),
    ]);
    const name = customer.companyProfile.companyName;
    const setting = overage.items.find((i) => i.type === PHONE_SERVICES) ?? null;
    const assessment = assessCredits(credits, setting);
    const reasons: Blocker[] = [...assessment.blockers];
    const eligibility = checkEligibility({ name, subscriptions: licenseSubscriptions(subscriptions) });
    if (!eligibility.eligible) reasons.push({ code: eligibility.code, detail: eligibility.detail, remedy: eligibility.remedy });
    if (!setting?.overageEnabled) {
        const azure = await azureStanding(ms, profile.partnerType === 'indirectReseller' ? null : partnerId, customerTenantId);
        const policies = await ms.policies.policies(customerTenantId, azure.entitlements.map((e) => e.id));
        reasons.push(...preflightBlockers({ partner: partnerFacts(profile), customer: { name, azure, policies } }));
    }
    const refused = assessment.payer === 'nothing';
    return {
        customerTenantId, service: PHONE_SERVICES,
        outboundBeyondIncludedMinutes: refused ? 'refused' as const : 'allowed' as const,
        payer: assessment.payer,
        postpaidActive: assessment.postpaidActive,
        reasons: [
            ...(refused ? [{ code: 'outbound-calls-refused' as const, detail: `${name} has no overage and no Communications Credits balance: calls beyond the included minutes are refused with an announcement.`, remedy: REFUSED_REMEDY }] : []),
            ...reasons,
        ],
        warnings: assessment.warnings,
    };
}
