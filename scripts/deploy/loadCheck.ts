// Before azd uploads the package: does the app load from it alone, as in
// Azure? A child process (loadStaged.ts) loads it with Azure's settings (the
// identity-based profile of shared/settings/azureProfile.ts, made-up values,
// nothing else from this machine's environment), finding no module outside
// the package, and reports what it registered.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compiledDir } from './azurePackage';

const IDENTITY = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-8999-000000000000';

/** What infra/app/api.bicep sets, Key Vault reference resolved; no request leaves the process while the app loads. */
export const AZURE_LIKE_SETTINGS: Readonly<Record<string, string>> = {
    WEBSITE_SITE_NAME: 'func-package-check',
    FUNCTIONS_WORKER_RUNTIME: 'node',
    AzureWebJobsStorage__accountName: 'stpackagecheck',
    AzureWebJobsStorage__credential: 'managedidentity',
    AzureWebJobsStorage__clientId: IDENTITY,
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${IDENTITY};Authorization=AAD`,
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING: `Endpoint=https://dts-package-check.durabletask.io;Authentication=ManagedIdentity;ClientID=${IDENTITY}`,
    TASKHUB_NAME: 'TelcoOverageHub',
    STATE_STORE: 'cosmos',
    COSMOS_ENDPOINT: 'https://cosmos-package-check.documents.azure.com:443/',
    COSMOS_DATABASE: 'telco-overage',
    ServiceBusConnection__fullyQualifiedNamespace: 'sb-package-check.servicebus.windows.net',
    ServiceBusConnection__credential: 'managedidentity',
    ServiceBusConnection__clientId: IDENTITY,
    AZURE_CLIENT_ID: IDENTITY,
    AZURE_TENANT_ID: TENANT,
    PARTNER_APP_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    APPROVAL_SIGNING_KEY: 'package-check-key-not-a-secret-0123456789abcdef',
    PUBLIC_URL: 'https://func-package-check.azurewebsites.net',
    AUTH_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    AUTH_AUDIENCE: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    AUTH_JWKS_URL: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    CREDITS_API_URL: 'https://credits.package-check.example/',
    SERVED_PARTNERS: '{"1001":"admin@package-check.example"}',
    BILLING_ACCOUNTS: '{"1001":"1001-mpa"}',
    MAIL_TRANSPORT: 'graph',
    MAIL_SENDER: 'overage@package-check.example',
};

export interface LoadReport {
    functions: string[];
    /** Modules the app asked for and did without (optional requires), found only outside the package: as in Azure. */
    notFound: string[];
}

/** `repoRoot`'s build (npm run build) holds the loader. Throws unless the app registers its functions from the package alone. */
export function checkLoads(out: string, repoRoot: string): LoadReport {
    const loader = path.join(repoRoot, compiledDir(repoRoot), 'scripts', 'deploy', 'loadStaged.js');
    const r = spawnSync(process.execPath, [loader, out], { cwd: out, env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`the app does not load from ${out}:\n${r.stderr || r.error?.message || `exit code ${r.status}`}`);
    const report = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{"functions"'))) as LoadReport;
    if (report.functions.length === 0) throw new Error(`the app in ${out} registered no function`);
    return report;
}
