// Before every provision the deployment learns whether Key Vault already holds
// the approval signing key, from Resource Manager (metadata only), and creates
// one only when it does not: a replaced key voids every approval link in flight.
// Resource Manager is stood in for by a small model of resource groups, vaults
// and secrets; the hook's commands by stand-ins that record what they are asked.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPROVAL_SIGNING_KEY_SECRET, approvalKeyPresence, ArmGet, deploymentTarget } from '../../scripts/deploy/approvalKeyPresence';
import { BicepFile, literal } from './bicep';

const ROOT = path.join(__dirname, '..', '..');
const SUB = '00000000-1111-2222-3333-444444444444';

/** Resource groups -> vaults -> secret names, answering as Resource Manager does; `forbidden`: 403 for everything. */
function resourceManager(groups: Record<string, Record<string, string[]>>, o: { forbidden?: boolean } = {}): ArmGet & { asked: string[] } {
    const asked: string[] = [];
    const get = async (p: string) => {
        asked.push(p);
        if (o.forbidden) return { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read' } } };
        const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults(?:\/([^/?]+)\/secrets\/([^/?]+))?\?api-version=[\d-]+$/.exec(p);
        if (!m || m[1] !== SUB) return { status: 400, body: { error: { code: 'BadRequest', message: p } } };
        const group = groups[m[2]];
        if (!group) return { status: 404, body: { error: { code: 'ResourceGroupNotFound', message: m[2] } } };
        if (!m[3]) return { status: 200, body: { value: Object.keys(group).map((name) => ({ name, type: 'Microsoft.KeyVault/vaults' })) } };
        const secrets = group[m[3]];
        if (!secrets) return { status: 404, body: { error: { code: 'ResourceNotFound', message: m[3] } } };
        // metadata only: Resource Manager never returns a secret's value
        return secrets.includes(m[4]) ? { status: 200, body: { name: m[4], properties: { attributes: { enabled: true } } } } : { status: 404, body: { error: { code: 'SecretNotFound', message: m[4] } } };
    };
    return Object.assign(get, { asked });
}

describe('whether the vault holds the approval signing key', () => {
    const target = (vaultName?: string) => ({ subscriptionId: SUB, resourceGroup: 'rg-contoso-overage', vaultName });

    test('a first provision: no resource group yet, so the deployment creates the key', async () => {
        expect(await approvalKeyPresence(resourceManager({}), target())).toBe('absent');
    });

    test('a fresh azd environment (CI, a second deployer) finds the vault of the resource group, and the key in it', async () => {
        const arm = resourceManager({ 'rg-contoso-overage': { 'kv-abc123': [APPROVAL_SIGNING_KEY_SECRET] } });
        expect(await approvalKeyPresence(arm, target())).toBe('present');
        expect(arm.asked.every((p) => !/\/secrets\/[^/?]+\/(versions|value)/.test(p))).toBe(true);
    });

    test('the known vault without the key, or a vault gone with its group: absent', async () => {
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': { 'kv-abc123': ['other'] } }), target('kv-abc123'))).toBe('absent');
        expect(await approvalKeyPresence(resourceManager({}), target('kv-abc123'))).toBe('absent');
    });

    test('an empty resource group: absent', async () => {
        expect(await approvalKeyPresence(resourceManager({ 'rg-contoso-overage': {} }), target())).toBe('absent');
    });

    test('when Resource Manager refuses, it cannot tell, and says so rather than let the key be replaced', async () => {
        await expect(approvalKeyPresence(resourceManager({}, { forbidden: true }), target('kv-abc123'))).rejects.toThrow(/403.*AuthorizationFailed.*rather than replace it/);
    });

    test('two vaults and no AZURE_KEY_VAULT_NAME: it asks which', async () => {
        const arm = resourceManager({ 'rg-contoso-overage': { 'kv-a': [], 'kv-b': [APPROVAL_SIGNING_KEY_SECRET] } });
        await expect(approvalKeyPresence(arm, target())).rejects.toThrow(/kv-a, kv-b.*AZURE_KEY_VAULT_NAME/);
        expect(await approvalKeyPresence(arm, target('kv-b'))).toBe('present');
    });
});

describe('where it looks', () => {
    test('the last provision\'s outputs when the environment has them', () => {
        expect(deploymentTarget({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: 'x', AZURE_RESOURCE_GROUP: 'rg-custom', AZURE_KEY_VAULT_NAME: 'kv-1' }))
            .toEqual({ subscriptionId: SUB, resourceGroup: 'rg-custom', vaultName: 'kv-1' });
    });

    test('else the resource group main.bicep names after the environment', () => {
        const main = new BicepFile(path.join(ROOT, 'infra', 'main.bicep'));
        const abbrs = JSON.parse(fs.readFileSync(path.join(ROOT, 'infra', 'abbreviations.json'), 'utf8')) as Record<string, string>;
        expect(main.text).toMatch(/name: !empty\(resourceGroupName\) \? resourceGroupName : '\$\{abbrs\.resourcesResourceGroups\}\$\{environmentName\}'/);
        expect(deploymentTarget({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: 'contoso-overage' }))
            .toEqual({ subscriptionId: SUB, resourceGroup: `${abbrs.resourcesResourceGroups}contoso-overage`, vaultName: undefined });
    });

    test('without a subscription it cannot look, and says how to set one', () => {
        expect(() => deploymentTarget({ AZURE_ENV_NAME: 'x' })).toThrow(/azd env set AZURE_SUBSCRIPTION_ID/);
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
