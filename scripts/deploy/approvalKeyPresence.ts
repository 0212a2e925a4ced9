// Does the deployment's Key Vault already hold the approval signing key? Asked
// of Azure Resource Manager before every provision (infra/hooks/preprovision.sh),
// so the deployment creates the key only when there is none and never replaces
// it: the key signs the approval links mailed to partners, and a new one voids
// every link in flight. Resource Manager answers with the secret's metadata,
// never its value, so any deployer (Reader on the resource group suffices)
// can ask, without the Key Vault data role only the first deployer used to hold.

/** The secret infra/app/keyvault.bicep creates (test/infra checks they agree). */
export const APPROVAL_SIGNING_KEY_SECRET = 'approval-signing-key';

/** The tag main.bicep puts on the vault (and every resource it deploys): the azd environment's name. */
export const AZD_ENV_TAG = 'azd-env-name';

const KEY_VAULT_API = '2023-07-01';

/** A GET on Resource Manager: `path` from `/subscriptions/...`, query included. */
export type ArmGet = (path: string) => Promise<{ status: number; body: unknown }>;

export interface DeploymentTarget {
    subscriptionId: string;
    resourceGroup: string;
    /** The azd environment: its vault is the one of the resource group tagged azd-env-name=<environment>. */
    environmentName: string;
}

export type Presence = 'present' | 'absent';

/**
 * Where to look, from the azd environment: the resource group of the last
 * provision when this environment has it, else the name main.bicep gives
 * (`rg-<environment>`). The vault is always found by its tag, never by a
 * name the environment holds: a name set by hand could be another vault's,
 * which would answer `absent`, and the deployment would then write a new key
 * into the app's own vault.
 */
export function deploymentTarget(env: Record<string, string | undefined>): DeploymentTarget {
    const subscriptionId = env.AZURE_SUBSCRIPTION_ID?.trim();
    if (!subscriptionId) throw new Error('AZURE_SUBSCRIPTION_ID is not set: run `azd env set AZURE_SUBSCRIPTION_ID <subscription id>` and provision again');
    const environmentName = env.AZURE_ENV_NAME?.trim();
    if (!environmentName) throw new Error('AZURE_ENV_NAME is not set: run this from an azd hook');
    const resourceGroup = env.AZURE_RESOURCE_GROUP?.trim() || `rg-${environmentName}`;
    return { subscriptionId, resourceGroup, environmentName };
}

interface VaultPage {
    value?: Array<{ name: string; tags?: Record<string, string> }>;
    nextLink?: string;
}

export async function approvalKeyPresence(get: ArmGet, target: DeploymentTarget): Promise<Presence> {
    const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
    const ours: string[] = [];
    for (let page: string | undefined = `${group}/providers/Microsoft.KeyVault/vaults?api-version=${KEY_VAULT_API}`; page;) {
        const list = await get(page);
        if (list.status === 404) return 'absent'; // no resource group yet: the first provision
        if (list.status !== 200) throw armError(`listing the key vaults of ${group}`, list);
        const body = list.body as VaultPage;
        ours.push(...(body.value ?? []).filter((v) => envTag(v.tags) === target.environmentName).map((v) => v.name));
        page = body.nextLink ? armPath(body.nextLink) : undefined;
    }
    // none: the first provision of this environment (the group may hold other environments' vaults, or others)
    if (ours.length === 0) return 'absent';
    if (ours.length > 1) {
        throw new Error(`${group} holds more than one key vault tagged ${AZD_ENV_TAG}=${target.environmentName} (${ours.join(', ')}): the deployment's own cannot be told apart, so it stops rather than replace the key; delete the vault this environment no longer uses, or remove its ${AZD_ENV_TAG} tag`);
    }
    const [vault] = ours;
    const secret = await get(`${group}/providers/Microsoft.KeyVault/vaults/${vault}/secrets/${APPROVAL_SIGNING_KEY_SECRET}?api-version=${KEY_VAULT_API}`);
    if (secret.status === 200) return 'present';
    if (secret.status === 404) return 'absent'; // no such secret (or the vault was deleted since it was listed)
    throw armError(`reading ${APPROVAL_SIGNING_KEY_SECRET}'s metadata in key vault ${vault}`, secret);
}

/** The azd-env-name tag's value (Azure's tag names are case-insensitive). */
function envTag(tags: Record<string, string> | undefined): string | undefined {
    const key = Object.keys(tags ?? {}).find((k) => k.toLowerCase() === AZD_ENV_TAG);
    return key === undefined ? undefined : tags![key];
}

/** A next page's link is a whole URL on Resource Manager: its path and query. */
function armPath(link: string): string {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
}

function armError(what: string, res: { status: number; body: unknown }): Error {
    const error = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const why = error ? `${error.code}: ${error.message}` : 'no error body';
    return new Error(`Resource Manager answered ${res.status} ${what} (${why}); the deployment cannot tell whether the vault holds the key, so it stops rather than replace it`);
}
