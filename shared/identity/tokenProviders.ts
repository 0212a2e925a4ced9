// Tokens for OUTBOUND calls (Partner Center, ARM). A TokenProvider is all an
// adapter needs; @azure/identity's credentials cache and refresh the tokens,
// so asking before every request is cheap.
import { ClientSecretCredential, DefaultAzureCredential, TokenCredential } from '@azure/identity';

/** A bearer token for `scope`, e.g. `https://management.azure.com/.default`. */
export type TokenProvider = (scope: string) => Promise<string>;

export interface ClientSecret {
    tenantId: string;
    clientId: string;
    clientSecret: string;
}

/**
 * An app registration's secret when given; otherwise DefaultAzureCredential
 * (managed identity in Azure, environment variables or `az login` elsewhere).
 */
export function azureTokenProvider(secret?: ClientSecret): TokenProvider {
    return credentialTokenProvider(secret ? new ClientSecretCredential(secret.tenantId, secret.clientId, secret.clientSecret) : new DefaultAzureCredential());
}

export function credentialTokenProvider(credential: TokenCredential): TokenProvider {
    return async (scope) => {
        const token = await credential.getToken(scope);
        if (!token) throw new Error(`no token was issued for ${scope}`);
        return token.token;
    };
}

/** A token issued by a customer's tenant (GDAP calls into the customer: Graph, ARM). */
export type CustomerTokenProvider = (scope: string, customerTenantId: string) => Promise<string>;

export function azureCustomerTokenProvider(secret?: ClientSecret): CustomerTokenProvider {
    const credential: TokenCredential = secret ? new ClientSecretCredential(secret.tenantId, secret.clientId, secret.clientSecret, { additionallyAllowedTenants: ['*'] }) : new DefaultAzureCredential({ additionallyAllowedTenants: ['*'] });
    return async (scope, customerTenantId) => {
        const token = await credential.getToken(scope, { tenantId: customerTenantId });
        if (!token) throw new Error(`no token was issued for ${scope} in tenant ${customerTenantId}`);
        return token.token;
    };
}

/** The same token for every scope: tests, and local runs with a token minted by the simulator. */
