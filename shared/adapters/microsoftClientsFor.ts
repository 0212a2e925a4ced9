// The clients for Microsoft's APIs, acting for one agent. In Azure the app's
// own identity gets the tokens (@azure/identity); under the local host the
// simulator mints them for the agent, as Entra ID would for a signed-in user.
import type { z } from 'zod';
import { AzureBillingClient } from './billing/azureBillingClient';
import { billingAccountOf } from './billing/billingAccount';
import { CallRecordsClient } from './callRecords/callRecordsClient';
import { SubscriptionAliases } from './billing/subscriptionAliases';
import { CreditsClient } from './credits/creditsClient';
import type { Caller } from '../core/domain/partner';
import type { TokenCredential } from '@azure/core-auth';
import { appCredential, lazyCredential } from './identity/appCredential';
import { simulatorTokenProvider } from './identity/simulatorTokenProvider';
import { azureCustomerTokenProvider, azureTokenProvider, CustomerTokenProvider, TokenProvider } from './identity/tokenProviders';
import { type CallBudget, type MicrosoftClients, type MicrosoftClientsOf, microsoftEnv } from './microsoftClients';
import { PartnerCenterClient } from './partnerCenter/partnerCenterClient';
import { TenantLicencesClient } from './tenantLicences/tenantLicencesClient';
import { TenantPoliciesClient } from './tenantPolicies/tenantPoliciesClient';

function budgetOf(budget: CallBudget, e: z.infer<typeof microsoftEnv>) {
    return budget === 'run'
        ? { retries: 3, budgetMs: 60_000, timeoutMs: 20_000 }
        : { retries: 3, budgetMs: e.SYNC_READ_BUDGET_MS, timeoutMs: e.SYNC_READ_BUDGET_MS };
}

/** Clients (and with them their token caches) are kept per agent and endpoints, up to this many. */
const KEPT = 256;

/**
 * The clients for whoever acts, from the settings in `env` (read at each call,
 * so endpoints set after start are found), kept in this function's own cache:
 * one per app (built at start, functions/index.ts), none per module.
 */
export function microsoftClientsFor(env: Record<string, string | undefined>, o: { credential?: TokenCredential } = {}): MicrosoftClientsOf {
    // the app's own identity, for the federated exchange (made when first needed: the simulator needs none)
    const credential = o.credential ?? lazyCredential(() => appCredential(env));
    const kept = new Map<string, MicrosoftClients>();
    const appTokens = new Map<string, AppTokens>();
    return (caller, budget = 'run') => {
        const e = microsoftEnv.parse(env);
        // who acts is the partner and user (its roles are Partner Center's, whatever a token says), and the
        // secret identifies the app: the key needs only where calls go and who acts
        const key = JSON.stringify([caller.partnerId, caller.upn.toLowerCase(), budget, e.SYNC_READ_BUDGET_MS, e.PARTNER_CENTER_URL, e.ARM_URL, e.GRAPH_URL, e.CREDITS_API_URL, e.LOCAL_HOST_URL]);
        const hit = kept.get(key);
        if (hit) return hit;
        const clients = createClients(caller, budgetOf(budget, e), e, env, { appTokens, credential });
        kept.set(key, clients);
        if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
        return clients;
    };
}

type AppTokens = { token: TokenProvider; customerToken: CustomerTokenProvider };

/** What one app's clients share: its own tokens (per identity), and its credential. */
interface AppIdentity {
    appTokens: Map<string, AppTokens>;
    credential: TokenCredential;
}

function createClients(caller: Caller, limits: ReturnType<typeof budgetOf>, e: z.infer<typeof microsoftEnv>, env: Record<string, string | undefined>, app: AppIdentity): MicrosoftClients {
    const { token, customerToken } = tokensFor(caller, e, app);
    if (!e.CREDITS_API_URL) throw new Error('CREDITS_API_URL is not set: the Communications Credits reader needs the service that exposes balances.');
    return {
        partnerCenter: new PartnerCenterClient({ ...limits, baseUrl: e.PARTNER_CENTER_URL, token }),
        billing: new AzureBillingClient({ ...limits, baseUrl: e.ARM_URL, token }),
        aliases: new SubscriptionAliases({ ...limits, baseUrl: e.ARM_URL, token }),
        credits: new CreditsClient({ ...limits, baseUrl: e.CREDITS_API_URL, token }),
        policies: new TenantPoliciesClient({ ...limits, graphBaseUrl: e.GRAPH_URL, armBaseUrl: e.ARM_URL, token, customerToken }),
        callRecords: new CallRecordsClient({ ...limits, baseUrl: e.GRAPH_URL, token, customerToken }),
        licences: new TenantLicencesClient({ ...limits, graphBaseUrl: e.GRAPH_URL, token, customerToken }),
        billingAccount: (partnerId) => billingAccountOf(partnerId, env),
    };
}

/** Partner-tenant tokens, and customer-tenant ones for calls made through GDAP (the simulator does not tell them apart). */
function tokensFor(caller: Caller, e: z.infer<typeof microsoftEnv>, { appTokens, credential }: AppIdentity): { token: TokenProvider; customerToken?: CustomerTokenProvider } {
    const simulated = e.LOCAL_HOST_URL && e.PARTNER_CENTER_URL?.startsWith(`${e.LOCAL_HOST_URL}/simulator/`);
    if (simulated) return { token: simulatorTokenProvider(e.LOCAL_HOST_URL!, caller) };
    // the app's own tokens, whichever agent acts: made once, so their caches (and Entra's exchanges) are shared
    const key = JSON.stringify([e.AZURE_TENANT_ID, e.PARTNER_APP_CLIENT_ID, e.AZURE_CLIENT_ID, e.AZURE_CLIENT_SECRET]); // in memory only, never logged
    let tokens = appTokens.get(key);
    if (!tokens) {
        const federated = e.AZURE_TENANT_ID && e.PARTNER_APP_CLIENT_ID ? { tenantId: e.AZURE_TENANT_ID, clientId: e.PARTNER_APP_CLIENT_ID, identity: credential } : undefined;
        const secret = !federated && e.AZURE_TENANT_ID && e.AZURE_CLIENT_ID && e.AZURE_CLIENT_SECRET
            ? { tenantId: e.AZURE_TENANT_ID, clientId: e.AZURE_CLIENT_ID, clientSecret: e.AZURE_CLIENT_SECRET } : undefined;
        tokens = { token: azureTokenProvider(secret, federated), customerToken: azureCustomerTokenProvider(secret, federated) };
        appTokens.set(key, tokens);
    }
    return tokens;
}
