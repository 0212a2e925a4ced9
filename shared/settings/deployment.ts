// Where the app runs, from what each place sets: the embedded local host sets
// LOCAL_HOST_URL, Azure App Service (every Functions plan) sets
// WEBSITE_SITE_NAME; anything else is Core Tools or a self-managed host.
export type Deployment = 'local-host' | 'azure' | 'self-hosted';

export function deploymentOf(env: Record<string, string | undefined>): Deployment {
    if (env.LOCAL_HOST_URL) return 'local-host';
    if (env.WEBSITE_SITE_NAME) return 'azure';
    return 'self-hosted';
}
