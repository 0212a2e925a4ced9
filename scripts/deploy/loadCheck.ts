// Before azd uploads the package: does the app load from it alone, as in
// Azure? A child process (loadStaged.ts) loads it with Azure's settings (the
// identity-based profile of shared/settings/azureProfile.ts, made-up values,
// nothing else from this machine's environment), finding no module outside
// the package, and reports what it registered: every function the
// repository's own build registers, loaded the same way, or the check fails.
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

/**
 * Throws unless the app in `out` registers, from the package alone, every function the repository's own
 * build registers with the same settings and the same loader (where every module resolves); the error names
 * the functions missing and the modules the package lacked. `repoRoot`'s build (npm run build) holds the loader.
 */
export function checkLoads(out: string, repoRoot: string, loader = path.join(repoRoot, compiledDir(repoRoot), 'scripts', 'deploy', 'loadStaged.js')): LoadReport {
    const built = load(loader, repoRoot, `the repository's build (${repoRoot}) does not load`);
    const staged = load(loader, out, `the app does not load from ${out}`);
    const missing = built.functions.filter((name) => !staged.functions.includes(name));
    if (missing.length > 0) {
        const lacked = staged.notFound.length > 0 ? `; modules not found in the package: ${staged.notFound.join(', ')}` : '';
        throw new Error(`the app in ${out} does not register ${missing.join(', ')}, which the repository's build registers (${built.functions.length} functions)${lacked}`);
    }
    if (staged.functions.length === 0) throw new Error(`the app in ${out} registered no function`);
    return staged;
}

/** What the app in `dir` registers, loaded by `loader` in a process of its own with Azure's settings. */
function load(loader: string, dir: string, failure: string): LoadReport {
    const r = spawnSync(process.execPath, [loader, dir], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${failure}:\n${r.stderr || r.error?.message || `exit code ${r.status}`}`);
    return JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{"functions"'))) as LoadReport;
}
