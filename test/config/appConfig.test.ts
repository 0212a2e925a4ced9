// The settings check the app runs at start-up: fine under the local host with
// nothing set, and in Azure only with the whole identity-based profile and no
// key or secret; every problem named at once.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AZURE_LIKE_SETTINGS } from '../../scripts/deploy/azureLikeSettings';
import { AZURE_SETTINGS, configProblems } from '../../shared/features/config/appConfig';

/** What infra/ gives the Function App, resolved (Key Vault references already replaced by the platform): the package load check's settings too. */
const azure = (): Record<string, string> => ({ ...AZURE_LIKE_SETTINGS });

const named = (env: Record<string, string | undefined>) => configProblems(env).map((p) => p.setting).sort();

it('under the local host nothing needs setting', () => {
    expect(configProblems({ LOCAL_HOST_URL: 'http://localhost:7071', LOCAL_HOST_KEY: 'k', LOCAL_SMTP_PORT: '2525', APPROVAL_SIGNING_KEY: 'x'.repeat(32) })).toEqual([]);
});

it('in Azure the identity-based profile is enough, with blank optional settings (the settings the package load check loads the app with)', () => {
    expect(configProblems(azure())).toEqual([]);
});

it('in Azure every key, secret and connection string is refused, each named with what to do', () => {
    const problems = configProblems({
        ...azure(),
        COSMOS_KEY: 'key', AZURE_CLIENT_SECRET: 'secret', SMTP_PASSWORD: 'pw',
        ServiceBusConnection: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=b',
        AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y',
    });
    expect([...new Set(problems.map((p) => p.setting))].sort()).toEqual(['AZURE_CLIENT_SECRET', 'AzureWebJobsStorage', 'COSMOS_KEY', 'SMTP_PASSWORD', 'ServiceBusConnection'].sort());
    expect(problems.find((p) => p.setting === 'COSMOS_KEY')!.problem).toMatch(/must not be set in Azure: .*identity/);
});

it('names each missing or malformed setting together', () => {
    const env: Record<string, string | undefined> = { ...azure(), COSMOS_ENDPOINT: undefined, MAIL_SENDER: 'not a mailbox', PUBLIC_URL: 'http://plain.example', STATE_STORE: 'embedded' };
    expect(named(env)).toEqual(expect.arrayContaining(['COSMOS_ENDPOINT', 'MAIL_SENDER', 'PUBLIC_URL', 'STATE_STORE']));
    expect(configProblems(env).find((p) => p.setting === 'COSMOS_ENDPOINT')!.problem).toBe('is missing');
});

it('says when the platform could not resolve the Key Vault reference', () => {
    const env = { ...azure(), APPROVAL_SIGNING_KEY: '@Microsoft.KeyVault(SecretUri=https://kv-telco.vault.azure.net/secrets/approval-signing-key/)' };
    expect(configProblems(env)).toEqual([{ setting: 'APPROVAL_SIGNING_KEY', problem: expect.stringMatching(/unresolved Key Vault reference.*Key Vault Secrets User/) }]);
});

it('requires in Azure exactly the profile, and forbids every secret', () => {
    for (const name of AZURE_SETTINGS.required) expect(named({ ...azure(), [name]: undefined })).toContain(name);
    for (const name of AZURE_SETTINGS.optional) expect(named({ ...azure(), [name]: undefined })).toEqual([]);
    expect(AZURE_SETTINGS.forbidden).toEqual(expect.arrayContaining(['COSMOS_KEY', 'AZURE_CLIENT_SECRET', 'SMTP_PASSWORD']));
});

it('the app refuses to start with bad settings, naming them', () => {
    const entry = path.resolve(__dirname, '../../dist/functions/index.js');
    const env = { PATH: process.env.PATH, ...azure(), COSMOS_KEY: 'key', MAIL_SENDER: undefined };
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)})`], { env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ConfigError: The app cannot start \(azure\):/);
    expect(run.stderr).toMatch(/COSMOS_KEY must not be set in Azure/);
    expect(run.stderr).toMatch(/MAIL_SENDER is missing/);
});

it('with the Azure settings the entry loads without LMDB (a native module the Azure package must not need)', () => {
    const entry = path.resolve(__dirname, '../../dist/functions/index.js');
    const blockLmdb = "const M=require('module');const load=M._load;M._load=function(r,...a){if(r==='lmdb')throw new Error('lmdb was loaded');return load.call(this,r,...a)};";
    const run = spawnSync(process.execPath, ['-e', `${blockLmdb}require(${JSON.stringify(entry)});console.log('loaded')`], { env: { PATH: process.env.PATH, ...azure() } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/lmdb was loaded|Error/);
    expect(run.stdout).toContain('loaded');
});

it('in Azure a LOCAL_HOST_URL does not switch the Azure checks off: it is refused itself', () => {
    const problems = configProblems({ ...azure(), LOCAL_HOST_URL: 'http://localhost:7071', COSMOS_KEY: 'key' });
    expect(problems.map((p) => p.setting)).toEqual(expect.arrayContaining(['LOCAL_HOST_URL', 'COSMOS_KEY']));
});

it('in Azure BILLING_ACCOUNTS must name at least one partner\'s account, and be JSON', () => {
    expect(named({ ...azure(), BILLING_ACCOUNTS: '{}' })).toEqual(['BILLING_ACCOUNTS']);
    expect(named({ ...azure(), BILLING_ACCOUNTS: '1001=acct' })).toContain('BILLING_ACCOUNTS');
});

it('the daily usage pull\'s schedule must be six NCRONTAB fields, its concurrency 1 to 50, and the Control Panel Vendors partner ids', () => {
    const local = { LOCAL_HOST_URL: 'http://localhost:7071', LOCAL_HOST_KEY: 'k', LOCAL_SMTP_PORT: '2525', APPROVAL_SIGNING_KEY: 'x'.repeat(32) };
    expect(configProblems({ ...local, USAGE_PULL_SCHEDULE: '0 30 4 * * *', USAGE_PULL_CONCURRENCY: '8', CPV_PARTNERS: '1001, 1002' })).toEqual([]);
    const problems = configProblems({ ...local, USAGE_PULL_SCHEDULE: '0 3 * * *', USAGE_PULL_CONCURRENCY: '0', CPV_PARTNERS: '1001;1002' });
    expect(problems.map((p) => p.setting).sort()).toEqual(['CPV_PARTNERS', 'USAGE_PULL_CONCURRENCY', 'USAGE_PULL_SCHEDULE']);
    expect(problems.find((p) => p.setting === 'USAGE_PULL_SCHEDULE')!.problem).toMatch(/six-field NCRONTAB/);
});
