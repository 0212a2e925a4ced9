// Tokens for OUTBOUND calls (Partner Center, ARM). A TokenProvider is all an
// adapter needs; @azure/identity's credentials cache and refresh the tokens,
// so asking before every request is cheap.
import { ClientAssertionCredential, type ClientAssertionCredentialOptions, ClientSecretCredential, DefaultAzureCredential, TokenCredential } from '@azure/identity';

/** A bearer token for `scope`, e.g. `https://management.azure.com/.default`. */
export type TokenProvider = (scope: string) => Promise<string>;

export interface ClientSecret {
    tenantId: string;
    clientId: string;
    clientSecret: string;
}

/**
 * The app registration through the managed identity (Azure); else its secret
 * when given (self-hosted only: the settings forbid a secret in Azure);
 * otherwise DefaultAzureCredential (environment, certificate, `az login`).
 */
export function azureTokenProvider(secret?: ClientSecret, federated?: FederatedApp): TokenProvider {
    if (federated) return credentialTokenProvider(federatedCredential(federated));
    return credentialTokenProvider(secret ? new ClientSecretCredential(secret.tenantId, secret.clientId, secret.clientSecret) : new DefaultAzureCredential());
}

export function credentialTokenProvider(credential: TokenCredential): TokenProvider {
    return async (scope) => {
        const token = await credential.getToken(scope);
        if (!token) throw new Error(`no token was issued for ${scope}`);
        return token.token;
    };
}

/**
 * The Partner Center app registration, signed in without any secret: the
 * app's managed identity is a federated credential of the registration, so
 * Entra exchanges the identity's token for the registration's.
 */
export interface FederatedApp {
    tenantId: string;
    clientId: string;
    identity: TokenCredential;
}

const EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

/** `options` reach @azure/identity as they are (tests point `authorityHost` at a stand-in of Entra). */
export function federatedCredential(app: FederatedApp, tenants?: string[], options: ClientAssertionCredentialOptions = {}): TokenCredential {
    const assertion = async () => {
        const token = await app.identity.getToken(EXCHANGE_SCOPE);
        if (!token) throw new Error('the managed identity issued no token for the exchange with the Partner Center app registration');
        return token.token;
    };
    return new ClientAssertionCredential(app.tenantId, app.clientId, assertion, { ...options, ...(tenants ? { additionallyAllowedTenants: tenants } : {}) });
}

/** A token issued by a customer's tenant (GDAP calls into the customer: Graph, ARM). */
export type CustomerTokenProvider = (scope: string, customerTenantId: string) => Promise<string>;

export function azureCustomerTokenProvider(secret?: ClientSecret, federated?: FederatedApp): CustomerTokenProvider {
    const credential: TokenCredential = federated
        ? federatedCredential(federated, ['*'])
        : secret ? new ClientSecretCredential(secret.tenantId, secret.clientId, secret.clientSecret, { additionallyAllowedTenants: ['*'] }) : new DefaultAzureCredential({ additionallyAllowedTenants: ['*'] });
    return async (scope, customerTenantId) => {
        const token = await credential.getToken(scope, { tenantId: customerTenantId });
        if (!token) throw new Error(`no token was issued for ${scope} in tenant ${customerTenantId}`);
        return token.token;
    };
}

/** The same token for every scope: tests, and local runs with a token minted by the simulator. */
