// Where the app runs, from what each place sets: Azure App Service (every
// Functions plan) sets WEBSITE_SITE_NAME, the embedded local host sets
// LOCAL_HOST_URL; anything else is Core Tools or a self-managed host. Azure is
// asked first: a LOCAL_HOST_URL set there must not switch off Azure's checks.
export type Deployment = 'local-host' | 'azure' | 'self-hosted';

export function deploymentOf(env: Record<string, string | undefined>): Deployment {
    if (env.WEBSITE_SITE_NAME) return 'azure';
    if (env.LOCAL_HOST_URL) return 'local-host';
    return 'self-hosted';
}
