// Who the app itself is to Azure services (Cosmos DB, Service Bus, Graph,
// Entra's token exchange). In Azure: its user-assigned managed identity,
// named by AZURE_CLIENT_ID, asked directly so nothing else is probed.
// Elsewhere: DefaultAzureCredential (environment, workload identity, `az login`).
// Each call makes one; the app makes one for all its adapters (its
// Dependencies, shared/adapters/appDependencies.ts), on its first token.
import { DefaultAzureCredential, ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import { deploymentOf } from '../../core/deployment';

export function appCredential(env: Record<string, string | undefined>): TokenCredential {
    const managed = deploymentOf(env) === 'azure' && env.AZURE_CLIENT_ID;
    return managed ? new ManagedIdentityCredential({ clientId: env.AZURE_CLIENT_ID! }) : new DefaultAzureCredential();
}

/** A credential made by `make` when the first token is asked for: handing it around connects to nothing. */
export function lazyCredential(make: () => TokenCredential): TokenCredential {
    let made: TokenCredential | undefined;
    return { getToken: (scopes, options) => (made ??= make()).getToken(scopes, options) };
}
