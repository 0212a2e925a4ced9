// GET /api/customers/{customerTenantId}/overage: the current setting and its
// owner, the subscription charges go to, the credits situation, the caller's
// partner's last run and where its audit trail is.
//
// Hot path: when the read model holds a document read within
// READ_MODEL_MAX_AGE_MS and its `viewers` name the caller's partner, the
// answer comes from it, without calling Partner Center (the viewers stand in
// for the guard's per-request customer check; a partner that lost the
// customer keeps reading it for at most that age). Otherwise, as before, the
// guard checks the customer and the setting and credits are read live.
// `?refresh=true` reads live and stores the result, once per partner and
// customer per READ_MODEL_REFRESH_WINDOW_MS (30 s; else 429 refresh-rate-limited).
// Every answer says how fresh it is: `asOf` and `servedFrom`. On this path a
// bearer token that verified is remembered for up to a minute (identity/verifiedTokens.ts, for every endpoint).
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { z } from 'zod';
import { isoNow } from '../shared/clock';
import type { Caller } from '../shared/domain/partner';
import { assessCredits } from '../shared/domain/rules/credits';
import { canReadOverage } from '../shared/domain/rules/roles';
import { PHONE_SERVICES } from '../shared/overage/enablement';
import { runsOf, settle } from '../shared/overage/runs';
import { isFresh, readDoc, type ReadModelDoc } from '../shared/readModel/readModel';
import { refreshCustomer } from '../shared/readModel/refresh';
import { mayRefresh, refreshWindowMs, takeRefresh } from '../shared/readModel/refreshLimit';
import { readModelMaxAgeMs } from '../shared/readModel/settings';
import { getStateStore } from '../shared/runtime';
import { authenticate, isResponse } from './http/caller';
import { guarded } from './http/guard';
import { problem } from './http/problem';
import { runResource } from './http/runResource';

const TenantId = z.guid();

interface View {
    overage: ReadModelDoc['overage'];
    credits: ReadModelDoc['credits'];
    asOf: string;
    servedFrom: 'read-model' | 'partner-center';
}

/** Made only when the caller's last run may still be going (df.app.client.http would make one per request). */
type LazyClient = () => DurableClient;

app.http('overageStatus', {
    route: 'customers/{customerTenantId}/overage',
    methods: ['GET'],
    authLevel: 'anonymous',
    extraInputs: [df.input.durableClient()],
    handler: async (req: HttpRequest, ctx: InvocationContext) => {
        let made: DurableClient | undefined;
        const client: LazyClient = () => (made ??= df.getClient(ctx));
        const refresh = new URL(req.url).searchParams.get('refresh') === 'true';
        const early = await beforeGuard(req, client, refresh).catch((err: unknown) => {
            ctx.warn(`overage: the read-model path failed, answering through the guard: ${err instanceof Error ? err.message : String(err)}`);
            return undefined;
        });
        if (early) return early;
        return guarded('read', async ({ caller, customerTenantId, ms }) => {
            if (refresh) {
                // taken only now that the customer is known to be the caller's: no limit document for a made-up id
                const taken = await takeRefresh(getStateStore(), caller.partnerId, customerTenantId);
                if (!taken.allowed) return rateLimited(caller, taken.retryAfterSeconds);
                const doc = await refreshCustomer(getStateStore(), customerTenantId, PHONE_SERVICES, [caller], { source: 'refresh', budget: 'request', keepViewers: true });
                if (doc) return answer(req, client, caller, customerTenantId, { ...doc, servedFrom: 'partner-center' });
            }
            const asOf = isoNow();
            const [overage, { credits }] = await Promise.all([ms.partnerCenter.overage(customerTenantId), ms.credits.credits(customerTenantId)]);
            const setting = overage.items.find((i) => i.type === PHONE_SERVICES);
            return answer(req, client, caller, customerTenantId, {
                overage: setting ? { enabled: setting.overageEnabled, partnerId: setting.partnerId, azureEntitlementId: setting.azureEntitlementId } : null,
                credits, asOf, servedFrom: 'partner-center',
            });
        })(req, ctx);
    },
});

function rateLimited(caller: Caller, retryAfterSeconds: number): HttpResponseInit {
    const res = problem(429, 'refresh-rate-limited', `Partner ${caller.partnerId} already refreshed this customer's overage from Partner Center within the last ${Math.round(refreshWindowMs() / 1000)} s.`, {
        remedy: `Read it without refresh=true (the answer says how fresh it is in "asOf"), or refresh again after ${retryAfterSeconds} s.`,
    });
    return { ...res, headers: { ...(res.headers as Record<string, string>), 'retry-after': String(retryAfterSeconds) } };
}

/**
 * What can be answered before the guard: a refresh asked for too often, or a
 * fresh read-model document the caller's partner may see. Anything else
 * (a bad token, a bad id, no document) is left to the guard, which answers as before.
 */
async function beforeGuard(req: HttpRequest, client: LazyClient, refresh: boolean): Promise<HttpResponseInit | undefined> {
    const caller = await authenticate(req);
    if (isResponse(caller)) return undefined;
    if (!canReadOverage(caller).allowed) return undefined;
    const tenant = TenantId.safeParse(req.params.customerTenantId);
    if (!tenant.success) return undefined;
    if (refresh) {
        // only looked at here (nothing is written before the guard has checked the customer)
        const may = await mayRefresh(getStateStore(), caller.partnerId, tenant.data);
        return may.allowed ? undefined : rateLimited(caller, may.retryAfterSeconds);
    }
    const doc = await readDoc(getStateStore(), tenant.data, PHONE_SERVICES);
    if (!doc || !doc.viewers.includes(caller.partnerId) || !isFresh(doc, readModelMaxAgeMs())) return undefined;
    return answer(req, client, caller, tenant.data, { ...doc, servedFrom: 'read-model' });
}

async function answer(req: HttpRequest, client: LazyClient, caller: Caller, customerTenantId: string, view: View): Promise<HttpResponseInit> {
    const store = getStateStore();
    const [last] = await runsOf(store, customerTenantId, caller.partnerId, 1);
    const lastRun = last && (await settle(client, store, last));
    const origin = new URL(req.url).origin;
    const setting = view.overage && { overageEnabled: view.overage.enabled };
    return {
        headers: { 'cache-control': 'no-store' },
        jsonBody: {
            customerTenantId, service: PHONE_SERVICES,
            overageEnabled: view.overage?.enabled ?? false,
            ownerPartnerId: view.overage?.partnerId ?? null,
            azureEntitlementId: view.overage?.azureEntitlementId ?? null,
            credits: { ...(view.credits ?? { balance: 0, currency: null, autoRecharge: null }), ...assessCredits(view.credits, setting) },
            lastRun: lastRun ? runResource(lastRun.run, lastRun.live, origin) : null,
            asOf: view.asOf,
            servedFrom: view.servedFrom,
            links: {
                runs: new URL(`/api/customers/${customerTenantId}/overage/runs`, origin).toString(),
                audit: new URL(`/api/customers/${customerTenantId}/overage/audit`, origin).toString(),
                diagnostics: new URL(`/api/customers/${customerTenantId}/overage/diagnostics`, origin).toString(),
            },
        },
    };
}
