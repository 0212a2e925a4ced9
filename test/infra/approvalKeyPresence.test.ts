// Before every provision the deployment learns whether Key Vault already holds
// the approval signing key, from Resource Manager (metadata only), and creates
// one only when it does not: a replaced key voids every approval link in flight.
// Resource Manager is stood in for by a small model of resource groups, vaults
// and secrets; the hook's commands by stand-ins that record what they are asked.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPROVAL_SIGNING_KEY_SECRET, approvalKeyPresence, ArmGet, AZD_ENV_TAG, deploymentTarget } from '../../scripts/deploy/approvalKeyPresence';
import { BicepFile, literal, properties } from './bicep';

const ROOT = path.join(__dirname, '..', '..');
const SUB = '00000000-1111-2222-3333-444444444444';
const ENV = 'contoso-overage';

interface Vault {
    tags?: Record<string, string>;
    secrets: string[];
}
/** A vault main.bicep deployed for azd environment `env`, holding `secrets`. */
const vault = (secrets: string[], env = ENV): Vault => ({ tags: { [AZD_ENV_TAG]: env }, secrets });

/**
 * Resource groups -> vaults (with their tags) -> secret names, answering as Resource Manager does;
 * `pageSize`: vaults listed per page (then a nextLink); `forbidden`: 403 for everything.
 */
function resourceManager(groups: Record<string, Record<string, Vault>>, o: { forbidden?: boolean; pageSize?: number } = {}): ArmGet & { asked: string[] } {
    const asked: string[] = [];
    const get = async (p: string) => {
        asked.push(p);
        if (o.forbidden) return { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read' } } };
        const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults(?:\/([^/?]+)\/secrets\/([^/?]+))?\?api-version=[\d-]+(?:&%24skiptoken=(\d+))?$/.exec(p);
        if (!m || m[1] !== SUB) return { status: 400, body: { error: { code: 'BadRequest', message: p } } };
        const group = groups[m[2]];
        if (!group) return { status: 404, body: { error: { code: 'ResourceGroupNotFound', message: m[2] } } };
        if (!m[3]) {
            const all = Object.entries(group).map(([name, v]) => ({ name, type: 'Microsoft.KeyVault/vaults', ...(v.tags ? { tags: v.tags } : {}) }));
            const from = Number(m[5] ?? 0);
            const to = o.pageSize ? from + o.pageSize : all.length;
            const nextLink = to < all.length ? `https://management.azure.com${p.replace(/&%24skiptoken=\d+$/, '')}&%24skiptoken=${to}` : undefined;
            return { status: 200, body: { value: all.slice(from, to), ...(nextLink ? { nextLink } : {}) } };
        }
        const found = group[m[3]];
        if (!found) return { status: 404, body: { error: { code: 'ResourceNotFound', message: m[3] } } };
        // metadata only: Resource Manager never returns a secret's value
        return found.secrets.includes(m[4]) ? { status: 200, body: { name: m[4], properties: { attributes: { enabled: true } } } } : { status: 404, body: { error: { code: 'SecretNotFound', message: m[4] } } };
    };
    return Object.assign(get, { asked });
}

describe('whether the vault holds the approval signing key', () => {
    const target = { subscriptionId: SUB, resourceGroup: 'rg-contoso-overage', environmentName: ENV };

    test('a first provision: no resource group yet, so the deployment creates the key', async () => {
        expect(await approvalKeyPresence(resourceManager({}), target)).toBe('absent');
    });

    test('a fresh azd environment (CI, a second deployer) finds the vault tagged with its name, and the key in it', async () => {
        const arm = resourceManager({ 'rg-contoso-overage': { 'kv-abc123': vault([APPROVAL_SIGNING_KEY_SECRET]) } });
        expect(await approvalKeyPresence(arm, target)).toBe('present');
        expect(arm.asked.every((p) => !/\/secrets\/[^/?]+\/(versions|value)/.test(p))).toBe(true);
    });

    test('the vault without the key, or an empty resource group: absent', async () => {
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': { 'kv-abc123': vault(['other']) } }), target)).toBe('absent');
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': {} }), target)).toBe('absent');
    });

    test('only the vault tagged with this environment counts, whatever else the resource group holds', async () => {
        const others = {
            'kv-staging': vault([APPROVAL_SIGNING_KEY_SECRET], 'contoso-staging'),
            'kv-untagged': { secrets: [APPROVAL_SIGNING_KEY_SECRET] },
            'kv-other-tags': { tags: { owner: ENV }, secrets: [APPROVAL_SIGNING_KEY_SECRET] },
        };
        // the app's vault holds the key: present, though another vault holds none
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': { 'kv-empty': { secrets: [] }, 'kv-app': vault([APPROVAL_SIGNING_KEY_SECRET]) } }), target)).toBe('present');
        // this environment's first provision in a shared group: absent, though other vaults hold a secret of that name
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': others }), target)).toBe('absent');
        const arm = resourceManager({ 'rg-contoso-overage': { ...others, 'kv-app': vault(['other']) } });
        expect(await approvalKeyPresence(arm, target)).toBe('absent');
        expect(arm.asked.filter((p) => p.includes('/secrets/'))).toEqual([expect.stringContaining('/vaults/kv-app/secrets/')]);
    });

    test('Azure\'s tag names are case-insensitive', async () => {
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': { 'kv-app': { tags: { 'AZD-ENV-NAME': ENV }, secrets: [APPROVAL_SIGNING_KEY_SECRET] } } }), target)).toBe('present');
    });

    test('a long list is read to its last page', async () => {
        const group: Record<string, Vault> = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`kv-other-${i}`, vault([APPROVAL_SIGNING_KEY_SECRET], `env-${i}`)]));
        group['kv-app'] = vault([APPROVAL_SIGNING_KEY_SECRET]);
        const arm = resourceManager({ 'rg-contoso-overage': group }, { pageSize: 2 });
        expect(await approvalKeyPresence(arm, target)).toBe('present');
        expect(arm.asked.filter((p) => !p.includes('/secrets/'))).toHaveLength(3);
    });

    test('two vaults tagged with this environment: it cannot tell which is the app\'s, and stops naming both', async () => {
        const arm = resourceManager({ 'rg-contoso-overage': { 'kv-a': vault([]), 'kv-b': vault([APPROVAL_SIGNING_KEY_SECRET]) } });
        await expect(approvalKeyPresence(arm, target)).rejects.toThrow(/kv-a, kv-b.*rather than replace the key/);
        expect(arm.asked.some((p) => p.includes('/secrets/'))).toBe(false);
    });

    test('when Resource Manager refuses, it cannot tell, and says so rather than let the key be replaced', async () => {
        await expect(approvalKeyPresence(resourceManager({}, { forbidden: true }), target)).rejects.toThrow(/403.*AuthorizationFailed.*rather than replace it/);
    });
});

describe('where it looks', () => {
    test('the last provision\'s resource group when the environment has it; never a vault name from the environment', () => {
        expect(deploymentTarget({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: 'x', AZURE_RESOURCE_GROUP: 'rg-custom', AZURE_KEY_VAULT_NAME: 'kv-1' }))
            .toEqual({ subscriptionId: SUB, resourceGroup: 'rg-custom', environmentName: 'x' });
    });

    test('else the resource group main.bicep names after the environment', () => {
        const main = new BicepFile(path.join(ROOT, 'infra', 'main.bicep'));
        const abbrs = JSON.parse(fs.readFileSync(path.join(ROOT, 'infra', 'abbreviations.json'), 'utf8')) as Record<string, string>;
        expect(main.text).toMatch(/name: !empty\(resourceGroupName\) \? resourceGroupName : '\$\{abbrs\.resourcesResourceGroups\}\$\{environmentName\}'/);
        expect(deploymentTarget({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: ENV }))
            .toEqual({ subscriptionId: SUB, resourceGroup: `${abbrs.resourcesResourceGroups}${ENV}`, environmentName: ENV });
    });

    test('main.bicep tags the vault with the environment\'s name', () => {
        const main = new BicepFile(path.join(ROOT, 'infra', 'main.bicep'));
        expect(main.vars().get('tags')).toMatch(new RegExp(`^\\{\\s*'${AZD_ENV_TAG}':\\s*environmentName\\s*\\}$`));
        const call = main.declarations().find((d) => d.kind === 'module' && d.type === './app/keyvault.bicep')!;
        expect(properties(properties(call.body).get('params')!).get('tags')).toBe('tags');
        const keyVault = new BicepFile(path.join(ROOT, 'infra', 'app', 'keyvault.bicep'));
        expect(properties(keyVault.declaration('vault').body).get('tags')).toBe('tags');
    });

    test('without a subscription or an environment it cannot look, and says so', () => {
        expect(() => deploymentTarget({ AZURE_ENV_NAME: 'x' })).toThrow(/azd env set AZURE_SUBSCRIPTION_ID/);
        expect(() => deploymentTarget({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_RESOURCE_GROUP: 'rg-custom' })).toThrow(/AZURE_ENV_NAME/);
    });

    test('the secret it asks about is the one keyvault.bicep creates', () => {
        const keyVault = new BicepFile(path.join(ROOT, 'infra', 'app', 'keyvault.bicep'));
        expect(literal(keyVault.vars().get('signingKeyName'))).toBe(APPROVAL_SIGNING_KEY_SECRET);
    });
});

describe('infra/hooks/preprovision.sh', () => {
    let bin: string;
    beforeAll(() => {
        bin = fs.mkdtempSync(path.join(os.tmpdir(), 'too-hook-'));
        // stand-ins: npm and azd record their arguments; node compiles with the real TypeScript, then the
        // presence check answers $ANSWER (or fails), or with ANSWER=real the compiled check runs itself
        fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "$*" >> "${bin}/npm-calls"\n`, { mode: 0o755 });
        fs.writeFileSync(path.join(bin, 'node'), [
            '#!/bin/sh',
            `case "$1" in */typescript/bin/tsc) exec "${process.execPath}" "$@" ;; esac`,
            // the script it is given: recorded, and it must exist then, with the project's modules to load
            `printf '%s\\n' "$1" >> "${bin}/node-scripts"`,
            '[ -f "$1" ] || { echo "node: no script $1" >&2; exit 97; }',
            `[ "$NODE_PATH" = "${path.join(ROOT, 'node_modules')}" ] || { echo "node: NODE_PATH is $NODE_PATH" >&2; exit 98; }`,
            `[ "$ANSWER" = real ] && exec "${process.execPath}" "$@"`,
            '[ "$ANSWER" = fail ] && { echo "cannot tell" >&2; exit 1; }',
            'echo "$ANSWER"',
            '',
        ].join('\n'), { mode: 0o755 });
        fs.writeFileSync(path.join(bin, 'azd'), `#!/bin/sh\necho "$*" >> "${bin}/azd-calls"\n`, { mode: 0o755 });
    });
    afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

    const calls = (name: string) => (fs.existsSync(path.join(bin, name)) ? fs.readFileSync(path.join(bin, name), 'utf8').trim().split('\n') : []);
    const run = (answer: string) => {
        for (const name of ['azd-calls', 'npm-calls', 'node-scripts']) fs.rmSync(path.join(bin, name), { force: true });
        const r = spawnSync('sh', [path.join(ROOT, 'infra', 'hooks', 'preprovision.sh')], { cwd: ROOT, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, ANSWER: answer, AZURE_ENV_NAME: 'contoso-overage' }, encoding: 'utf8' });
        return { status: r.status, calls: calls('azd-calls'), stderr: r.stderr };
    };

    test('absent: the deployment creates the key; present: it leaves it alone (in this azd environment, not the default one)', () => {
        expect(run('absent')).toMatchObject({ status: 0, calls: ['env set CREATE_APPROVAL_SIGNING_KEY true -e contoso-overage'] });
        expect(run('present')).toMatchObject({ status: 0, calls: ['env set CREATE_APPROVAL_SIGNING_KEY false -e contoso-overage'] });
    });

    test('node runs the check compiled from scripts/deploy/approvalKeyPresenceCli.ts, in a temp folder outside the repository, removed afterwards', () => {
        expect(run('absent').status).toBe(0);
        const scripts = calls('node-scripts');
        expect(scripts).toHaveLength(1);
        const [script] = scripts;
        expect(path.isAbsolute(script)).toBe(true);
        expect(path.relative(ROOT, script).startsWith('..')).toBe(true);
        const rel = /\/(scripts\/deploy\/[^/]+)\.js$/.exec(script)?.[1];
        expect(rel).toBe('scripts/deploy/approvalKeyPresenceCli');
        expect(fs.readFileSync(path.join(ROOT, `${rel}.ts`), 'utf8')).toMatch(/approvalKeyPresence\(get, target\)/);
        expect(fs.existsSync(script.slice(0, -`${rel}.js`.length))).toBe(false);
    });

    test('when the check cannot tell, the provision stops and nothing is set', () => {
        expect(run('fail')).toMatchObject({ calls: [] });
        expect(run('fail').status).not.toBe(0);
        expect(run('maybe').status).not.toBe(0);
    });

    test('it builds nothing of the app (azd packages it meanwhile): the check it compiles on its own runs, and stops here for want of a subscription', () => {
        const r = run('real');
        expect(calls('npm-calls')).toEqual([]);
        expect(r.stderr).toMatch(/approval signing key: AZURE_SUBSCRIPTION_ID is not set/);
        expect(r).toMatchObject({ status: 1, calls: [] });
    });
});

describe('infra/hooks/postprovision.sh', () => {
    let bin: string;
    beforeAll(() => {
        bin = fs.mkdtempSync(path.join(os.tmpdir(), 'too-hook-'));
        // azd records its arguments, or fails with AZD_FAILS
        fs.writeFileSync(path.join(bin, 'azd'), `#!/bin/sh\n[ -n "$AZD_FAILS" ] && exit 1\necho "$*" >> "${bin}/azd-calls"\n`, { mode: 0o755 });
    });
    afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

    const run = (env: Record<string, string>) => {
        fs.rmSync(path.join(bin, 'azd-calls'), { force: true });
        const r = spawnSync('sh', [path.join(ROOT, 'infra', 'hooks', 'postprovision.sh')], { cwd: ROOT, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, AZURE_ENV_NAME: ENV, ...env }, encoding: 'utf8' });
        const calls = fs.existsSync(path.join(bin, 'azd-calls')) ? fs.readFileSync(path.join(bin, 'azd-calls'), 'utf8').trim().split('\n') : [];
        return { status: r.status, calls, stderr: r.stderr };
    };

    test('after every provision CREATE_APPROVAL_SIGNING_KEY is false again, so a true never outlives the provision it was set for', () => {
        const reset = `env set CREATE_APPROVAL_SIGNING_KEY false -e ${ENV}`;
        expect(run({ AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID: '0f1e2d3c-4b5a-4697-8876-5a4b3c2d1e0f' })).toMatchObject({ status: 0, calls: [reset] });
        expect(run({ GRANT_MAIL_SEND: 'true' })).toMatchObject({ status: 0, calls: [reset] });
        expect(run({})).toMatchObject({ status: 0, calls: [reset] });
    });

    test('if it cannot be set back, the hook fails saying what to run', () => {
        const r = run({ AZD_FAILS: '1', GRANT_MAIL_SEND: 'true' });
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(/azd env set CREATE_APPROVAL_SIGNING_KEY false -e contoso-overage/);
    });
});
