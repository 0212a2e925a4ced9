// Does the deployment's Key Vault already hold the approval signing key? Asked
// of Azure Resource Manager before every provision (infra/hooks/preprovision.sh),
// so the deployment creates the key only when there is none and never replaces
// it: the key signs the approval links mailed to partners, and a new one voids
// every link in flight. Resource Manager answers with the secret's metadata,
// never its value, so any deployer (Reader on the resource group suffices)
// can ask, without the Key Vault data role only the first deployer used to hold.

/** The secret infra/app/keyvault.bicep creates (test/infra checks they agree). */
export const APPROVAL_SIGNING_KEY_SECRET = 'approval-signing-key';

const KEY_VAULT_API = '2023-07-01';

/** A GET on Resource Manager: `path` from `/subscriptions/...`, query included. */
export type ArmGet = (path: string) => Promise<{ status: number; body: unknown }>;

export interface DeploymentTarget {
    subscriptionId: string;
    resourceGroup: string;
    /** Unknown in a fresh azd environment (CI, a second deployer): then the resource group's one vault. */
    vaultName?: string;
}

export type Presence = 'present' | 'absent';

/**
 * Where to look, from the azd environment: the outputs of the last provision
 * when this environment has them, else the names main.bicep gives (`rg-<environment>`).
 */
export function deploymentTarget(env: Record<string, string | undefined>): DeploymentTarget {
    const subscriptionId = env.AZURE_SUBSCRIPTION_ID?.trim();
    if (!subscriptionId) throw new Error('AZURE_SUBSCRIPTION_ID is not set: run `azd env set AZURE_SUBSCRIPTION_ID <subscription id>` and provision again');
    const resourceGroup = env.AZURE_RESOURCE_GROUP?.trim() || (env.AZURE_ENV_NAME?.trim() ? `rg-${env.AZURE_ENV_NAME.trim()}` : undefined);
    if (!resourceGroup) throw new Error('neither AZURE_RESOURCE_GROUP nor AZURE_ENV_NAME is set: run this from an azd hook');
    return { subscriptionId, resourceGroup, vaultName: env.AZURE_KEY_VAULT_NAME?.trim() || undefined };
}

export async function approvalKeyPresence(get: ArmGet, target: DeploymentTarget): Promise<Presence> {
    const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
    let vault = target.vaultName;
    if (!vault) {
        const list = await get(`${group}/providers/Microsoft.KeyVault/vaults?api-version=${KEY_VAULT_API}`);
        if (list.status === 404) return 'absent'; // no resource group yet: the first provision
        if (list.status !== 200) throw armError(`listing the key vaults of ${group}`, list);
        const page = list.body as { value?: Array<{ name: string }>; nextLink?: string };
        const names = (page.value ?? []).map((v) => v.name);
        if (names.length === 0) return 'absent';
        if (names.length > 1 || page.nextLink) throw new Error(`${group} holds more than one key vault (${names.join(', ')}): set AZURE_KEY_VAULT_NAME to the app's (azd env set AZURE_KEY_VAULT_NAME <name>)`);
        vault = names[0];
    }
    const secret = await get(`${group}/providers/Microsoft.KeyVault/vaults/${vault}/secrets/${APPROVAL_SIGNING_KEY_SECRET}?api-version=${KEY_VAULT_API}`);
    if (secret.status === 200) return 'present';
    if (secret.status === 404) return 'absent'; // no such vault (deleted with its group) or no such secret
    throw armError(`reading ${APPROVAL_SIGNING_KEY_SECRET}'s metadata in key vault ${vault}`, secret);
}

function armError(what: string, res: { status: number; body: unknown }): Error {
    const error = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const why = error ? `${error.code}: ${error.message}` : 'no error body';
    return new Error(`Resource Manager answered ${res.status} ${what} (${why}); the deployment cannot tell whether the vault holds the key, so it stops rather than replace it`);
}
