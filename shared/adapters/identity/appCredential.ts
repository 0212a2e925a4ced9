// Who the app itself is to Azure services (Cosmos DB, Service Bus, Graph,
// Entra's token exchange). In Azure: its user-assigned managed identity,
// named by AZURE_CLIENT_ID, asked directly so nothing else is probed.
// Elsewhere: DefaultAzureCredential (environment, workload identity, `az login`).
import { DefaultAzureCredential, ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import { deploymentOf } from '../../core/deployment';

const kept = new Map<string, TokenCredential>();

export function appCredential(env: Record<string, string | undefined>): TokenCredential {
    const managed = deploymentOf(env) === 'azure' && env.AZURE_CLIENT_ID;
    const key = managed ? `mi:${env.AZURE_CLIENT_ID}` : 'default';
    let credential = kept.get(key);
    if (!credential) {
        credential = managed ? new ManagedIdentityCredential({ clientId: env.AZURE_CLIENT_ID! }) : new DefaultAzureCredential();
        kept.set(key, credential);
    }
    return credential;
}
