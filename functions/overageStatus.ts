// GET /api/customers/{customerTenantId}/overage: the current setting and its
// owner, the subscription charges go to, the credits situation, the caller's
// partner's last run and where its audit trail is.
//
// Hot path: when the read model holds a document read within
// READ_MODEL_MAX_AGE_MS and its `viewers` name the caller's partner, the
// guard takes it for the customer check and the answer comes from it, without
// calling Partner Center (a partner that lost the customer keeps reading it
// for at most that age). Otherwise the guard checks the customer, and the
// setting and credits are read live and kept, so the next reads are answered
// from them. `?refresh=true` reads live and stores the result (and assesses
// the caller's fleet row again, so a blocker fixed is no longer foreseen), once per
// partner and customer per READ_MODEL_REFRESH_WINDOW_MS (30 s; else 429
// refresh-rate-limited). Every answer says how fresh it is: `asOf` and
// `servedFrom`. A bearer token that verified is remembered for up to a minute
// (identity/verifiedTokens.ts), and the agent's roles too (access/agentRoles.ts).
// `actions` says which changes the caller may make now and why not the others
// (core/domain/rules/actions.ts: the rules the runs apply); partner names and
// the partner's account are kept per process (features/partners), so the hot
// path still calls nothing.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import type { Caller } from '../shared/core/domain/partner';
import { assessCredits } from '../shared/core/domain/rules/credits';
import { PHONE_SERVICES } from '../shared/core/overage/enablement';
import { runsOf, settle, type StoredRun } from '../shared/features/overage/runs';
import { runNames, type RunNames } from '../shared/features/overage/runNames';
import type { ReadModelDoc } from '../shared/features/readModel/readModel';
import { currentView } from '../shared/features/readModel/refresh';
import { reassessOnRefresh } from '../shared/features/readiness/afterRefresh';
import { refreshWindowMs, takeRefresh } from '../shared/features/readModel/refreshLimit';
import type { StateStore } from '../shared/adapters/state/stateStore';
import type { Dependencies } from '../shared/adapters/dependencies';
import { namedActions, type NamedActions } from '../shared/features/actions/namedActions';
import { guarded } from './http/guard';
import { problem } from './http/problem';
import type { OverageStatus } from '../shared/features/api/apiSchemas';
import { rateLimited } from './http/rateLimited';
import { runResource } from './http/runResource';

interface View {
    overage: ReadModelDoc['overage'];
    credits: ReadModelDoc['credits'];
    asOf: string;
    servedFrom: 'read-model' | 'partner-center';
}

/** Made only when the caller's last run may still be going (df.app.client.http would make one per request). */
type LazyClient = () => DurableClient;

export function registerOverageStatus(deps: Dependencies): void {
    app.http('overageStatus', {
        route: 'customers/{customerTenantId}/overage',
        methods: ['GET'],
        authLevel: 'anonymous',
        extraInputs: [df.input.durableClient()],
        handler: async (req: HttpRequest, ctx: InvocationContext) => {
            let made: DurableClient | undefined;
            const client: LazyClient = () => (made ??= df.getClient(ctx));
            const refresh = new URL(req.url).searchParams.get('refresh') === 'true';
            return guarded(deps, 'read', async ({ caller, customerTenantId, fresh, ms }) => {
                const store = deps.stateStore;
                if (refresh) {
                    // taken only now that the customer is known to be the caller's: no limit document for a made-up id
                    const taken = await takeRefresh(store, caller.partnerId, customerTenantId, deps.clock.now(), refreshWindowMs(deps.env));
                    if (!taken.allowed) return rateLimited(caller.partnerId, taken.retryAfterSeconds);
                }
                const view = await currentView(deps, customerTenantId, PHONE_SERVICES, caller, refresh ? undefined : fresh);
                if (!view) return problem(404, 'customer-not-found', 'Partner Center does not show this customer to your partner.', { remedy: 'Check the customer tenant id.' });
                // read live: the blockers the actions foresee are read again too
                if (refresh) await reassessOnRefresh(ms, store, caller, customerTenantId, PHONE_SERVICES, (m) => ctx.warn(m));
                const actions = await namedActions(deps, ms, caller, customerTenantId, view.doc.overage);
                const names: NameRuns = (runs) => runNames(deps, ms, caller, runs);
                return answer(store, req, client, caller, customerTenantId, { ...view.doc, servedFrom: view.servedFrom }, actions, names);
            })(req, ctx);
        },
    });
}

/** The names beside a run's ids (shared/features/overage/runNames.ts), read only when there is a run. */
type NameRuns = (runs: StoredRun[]) => Promise<Map<string, RunNames>>;

async function answer(store: StateStore, req: HttpRequest, client: LazyClient, caller: Caller, customerTenantId: string, view: View, named: NamedActions, nameRuns: NameRuns): Promise<HttpResponseInit> {
    const [last] = await runsOf(store, customerTenantId, caller.partnerId, 1);
    const lastRun = last && (await settle(client, store, last));
    const runNamed = lastRun ? (await nameRuns([lastRun.run])).get(lastRun.run.id) : undefined;
    const origin = new URL(req.url).origin;
    const setting = view.overage && { overageEnabled: view.overage.enabled };
    return {
        headers: { 'cache-control': 'no-store' },
        jsonBody: {
            customerTenantId, service: PHONE_SERVICES,
            overageEnabled: view.overage?.enabled ?? false,
            ownerPartnerId: view.overage?.partnerId ?? null,
            ownerPartnerName: named.ownerPartnerName,
            reseller: named.reseller,
            azureEntitlementId: view.overage?.azureEntitlementId ?? null,
            azureSubscriptionName: named.azureSubscriptionName,
            credits: { ...(view.credits ?? { balance: 0, currency: null, autoRecharge: null }), ...assessCredits(view.credits, setting) },
            lastRun: lastRun ? runResource(lastRun.run, lastRun.live, origin, runNamed) : null,
            actions: named.actions,
            asOf: view.asOf,
            servedFrom: view.servedFrom,
            links: {
                runs: new URL(`/api/customers/${customerTenantId}/overage/runs`, origin).toString(),
                audit: new URL(`/api/customers/${customerTenantId}/overage/audit`, origin).toString(),
                diagnostics: new URL(`/api/customers/${customerTenantId}/overage/diagnostics`, origin).toString(),
            },
        } satisfies OverageStatus,
    };
}
