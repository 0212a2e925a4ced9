// infra/ (Bicep, azd) against what the code needs, read as text: no Bicep
// compiler or azd here, so these checks are what keeps a renamed setting,
// a new container or queue, or a forgotten role from reaching Azure unnoticed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_HUB_NAME, readHostJson } from '../../local/config/hostJson';
import { AZURE_PACKAGE_DIR, azureNodeMajor, PRODUCTION_INSTALL } from '../../scripts/deploy/azurePackage';
import { AZURE_LIKE_SETTINGS } from '../../scripts/deploy/azureLikeSettings';
import { QUEUES } from '../../shared/adapters/messaging/queueSenders';
import { AZURE_SETTINGS } from '../../shared/features/config/appConfig';
import { CONTAINERS, PARTITION_KEY_PATH } from '../../shared/adapters/state/containers';
import { BicepFile, Declaration, literal, properties } from './bicep';

const ROOT = path.join(__dirname, '..', '..');
const INFRA = path.join(ROOT, 'infra');
const bicep = (rel: string) => new BicepFile(path.join(INFRA, rel));
const main = bicep('main.bicep');
const api = bicep('app/api.bicep');
const rbac = bicep('app/rbac.bicep');
const names = JSON.parse(fs.readFileSync(path.join(INFRA, 'app', 'names.json'), 'utf8')) as { partitionKeyPath: string; cosmosContainers: string[]; serviceBusQueues: string[] };
const allBicep = fs.readdirSync(INFRA, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bicep')).map((f) => bicep(f));

// Built-in role definition IDs, from Microsoft's built-in roles list (checked
// against Azure/bicep-registry-modules' role maps and azure-rbac-catalog).
const ROLE = {
    storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
    storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
    keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
    durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402',
    monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
    /** Cosmos DB's own data-plane role definition, not Azure RBAC. */
    cosmosBuiltInDataContributor: '00000000-0000-0000-0000-000000000002',
} as const;

const UAMI_PRINCIPAL = 'apiUserAssignedIdentity.outputs.principalId';
const UAMI_CLIENT_ID = 'apiUserAssignedIdentity.outputs.clientId';

const yaml = fs.readFileSync(path.join(ROOT, 'azure.yaml'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
/** `key: value` lines under a path of keys, by indentation. */
function section(...keys: string[]): Map<string, string> {
    let lines = yaml;
    let indent = -1;
    for (const key of keys) {
        // a direct child: at the shallowest indent of the lines left (`hooks:` of the project, not of a service)
        const depth = Math.min(...lines.map((l) => l.search(/\S/)));
        const at = lines.findIndex((l) => l.trim() === `${key}:` && l.search(/\S/) === depth && depth > indent);
        expect(at).toBeGreaterThanOrEqual(0);
        indent = lines[at].search(/\S/);
        const rest = lines.slice(at + 1);
        const end = rest.findIndex((l) => l.search(/\S/) <= indent);
        lines = end === -1 ? rest : rest.slice(0, end);
    }
    const own = lines.filter((l) => l.search(/\S/) === lines[0]?.search(/\S/));
    return new Map(own.map((l) => /^\s*([\w-]+):\s*(.*?)\s*$/.exec(l)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1], m[2]]));
}

function moduleCall(file: BicepFile, modulePath: string): Declaration {
    const calls = file.declarations().filter((d) => d.kind === 'module' && d.type.replace(/^\.\//, '') === modulePath);
    expect(calls).toHaveLength(1);
    return calls[0];
}

/** The Function App's settings: always set, and what may be set at all (conditional parts included). */
function functionAppSettings(): { always: Map<string, string>; possible: Map<string, string> } {
    const configs = allBicep.flatMap((f) => f.ofType('Microsoft.Web/sites/config'));
    expect(configs).toHaveLength(1);
    const config = properties(configs[0].body);
    expect(literal(config.get('name'))).toBe('appsettings');
    const expr = config.get('properties')!;
    const vars = api.vars();
    const [first, ...rest] = [...expr.matchAll(/\b(\w+)\b/g)].map((m) => m[1]).filter((id) => vars.get(id)?.startsWith('{'));
    expect(expr.startsWith(`union(${first},`) || expr === first).toBe(true);
    const always = properties(vars.get(first)!);
    const possible = new Map([...always, ...rest.flatMap((id) => [...properties(vars.get(id)!)])]);
    return { always, possible };
}

describe('(a) the Function App gets exactly the settings the app requires in Azure', () => {
    const { always, possible } = functionAppSettings();

    test.each([...AZURE_SETTINGS.required])('%s is set', (name) => {
        expect(always.has(name)).toBe(true);
        expect(always.get(name)).not.toBe("''");
    });

    test.each([...AZURE_SETTINGS.forbidden])('%s is never set', (name) => {
        expect(possible.has(name)).toBe(false);
        for (const file of allBicep) expect(file.masked).not.toMatch(new RegExp(`^\\s*${name}\\s*:`, 'm'));
    });

    test('every setting is one the app knows (required or optional)', () => {
        const known = new Set<string>([...AZURE_SETTINGS.required, ...AZURE_SETTINGS.optional]);
        const unknown = [...always.keys()].filter((k) => !known.has(k));
        expect(unknown).toEqual([]);
    });

    test('the settings the package is load-checked with (scripts/deploy/azureLikeSettings.ts) are exactly these, and the platform\'s', () => {
        const platform = ['WEBSITE_SITE_NAME', 'FUNCTIONS_WORKER_RUNTIME'];
        expect(Object.keys(AZURE_LIKE_SETTINGS).filter((k) => !platform.includes(k)).sort()).toEqual([...always.keys()].sort());
    });

    test('connections sign in as the user-assigned identity, and the secret is a Key Vault reference', () => {
        expect(literal(always.get('AzureWebJobsStorage__credential'))).toBe('managedidentity');
        expect(literal(always.get('ServiceBusConnection__credential'))).toBe('managedidentity');
        for (const name of ['AzureWebJobsStorage__clientId', 'ServiceBusConnection__clientId', 'AZURE_CLIENT_ID']) expect(always.get(name)).toBe('identityClientId');
        expect(always.get('DURABLE_TASK_SCHEDULER_CONNECTION_STRING')).toBe("'Endpoint=${dtsURL};Authentication=ManagedIdentity;ClientID=${identityClientId}'");
        expect(always.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')).toBe('applicationInsightsIdentity');
        expect(api.vars().get('applicationInsightsIdentity')).toBe("'ClientId=${identityClientId};Authorization=AAD'");
        expect(always.get('APPROVAL_SIGNING_KEY')).toBe("'@Microsoft.KeyVault(SecretUri=${approvalSigningKeyUri})'");
        expect(literal(always.get('STATE_STORE'))).toBe('cosmos');
        expect(literal(always.get('MAIL_TRANSPORT'))).toBe('graph');
        expect(always.get('PUBLIC_URL')).toBe("'https://${api.outputs.defaultHostname}'");
        expect(always.get('AZURE_TENANT_ID')).toBe('tenant().tenantId');

        const site = properties(api.declaration('api').body);
        const siteParams = properties(site.get('params')!);
        expect(api.declaration('api').type).toMatch(/^br\/public:avm\/res\/web\/site:/);
        expect(siteParams.get('keyVaultAccessIdentityResourceId')).toBe('identityId');
        expect(properties(siteParams.get('managedIdentities')!).get('userAssignedResourceIds')).toMatch(/^\[\s*identityId\s*\]$/);
        // the AVM module would write its own settings (a storage connection string with a key, even)
        for (const own of ['appSettingsKeyValuePairs', 'storageAccountResourceId', 'appInsightResourceId']) expect(siteParams.has(own)).toBe(false);
        expect(properties(properties(siteParams.get('functionAppConfig')!).get('runtime')!).get('name')).toBe('runtimeName');

        const call = properties(moduleCall(main, 'app/api.bicep').body);
        const passed = properties(call.get('params')!);
        expect(passed.get('identityClientId')).toBe(UAMI_CLIENT_ID);
        expect(passed.get('identityId')).toBe('apiUserAssignedIdentity.outputs.resourceId');
        expect(literal(passed.get('runtimeName'))).toBe('node');
    });

    test('the site runs on Flex Consumption', () => {
        const plan = properties(main.declaration('appServicePlan').body);
        const sku = properties(properties(plan.get('params')!).get('sku')!);
        expect(literal(sku.get('name'))).toBe('FC1');
        expect(literal(sku.get('tier'))).toBe('FlexConsumption');
    });
});

describe('(b) every container the app uses is provisioned, partitioned on /pk, and nothing else', () => {
    test('names.json lists exactly the CONTAINERS', () => {
        expect([...names.cosmosContainers].sort()).toEqual([...new Set(Object.values(CONTAINERS))].sort());
        expect(new Set(names.cosmosContainers).size).toBe(names.cosmosContainers.length);
        expect(names.partitionKeyPath).toBe(PARTITION_KEY_PATH);
    });

    test('cosmos.bicep deploys one container per name, each on the partition key', () => {
        const containers = allBicep.flatMap((f) => f.ofType('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers'));
        expect(containers).toHaveLength(1);
        const cosmos = bicep('app/cosmos.bicep');
        expect(cosmos.vars().get('names')).toBe("loadJsonContent('names.json')");
        const [loop] = containers;
        expect(loop.loop?.over).toBe('names.cosmosContainers');
        expect(loop.condition).toBeUndefined();
        const body = properties(loop.body);
        expect(body.get('name')).toBe(loop.loop!.item);
        const resource = properties(properties(body.get('properties')!).get('resource')!);
        expect(resource.get('id')).toBe(loop.loop!.item);
        expect(properties(resource.get('partitionKey')!).get('paths')).toMatch(/^\[\s*names\.partitionKeyPath\s*\]$/);
    });

    test('the account is serverless, keyless, and main.bicep deploys it with the database the app is told', () => {
        const cosmos = bicep('app/cosmos.bicep');
        const account = properties(properties(cosmos.declaration('account').body).get('properties')!);
        expect(account.get('disableLocalAuth')).toBe('true');
        expect(account.get('capabilities')).toContain("'EnableServerless'");
        const call = moduleCall(main, 'app/cosmos.bicep');
        expect(call.condition).toBeUndefined();
        expect(properties(properties(call.body).get('params')!).get('databaseName')).toBe('cosmosDatabaseName');
        expect(literal(main.params().get('cosmosDatabaseName')?.default)).toBe('telco-overage');
        const apiParams = properties(properties(moduleCall(main, 'app/api.bicep').body).get('params')!);
        expect(apiParams.get('cosmosDatabaseName')).toBe('cosmos.outputs.databaseName');
        expect(apiParams.get('cosmosEndpoint')).toBe('cosmos.outputs.endpoint');
    });
});

describe('(c) every queue the app uses is a Service Bus queue with a max delivery count, and nothing else', () => {
    test('names.json lists exactly the QUEUES', () => {
        expect([...names.serviceBusQueues].sort()).toEqual([...new Set(Object.values(QUEUES))].sort());
        expect(new Set(names.serviceBusQueues).size).toBe(names.serviceBusQueues.length);
    });

    test('servicebus.bicep deploys one queue per name, each with maxDeliveryCount', () => {
        const queues = allBicep.flatMap((f) => f.ofType('Microsoft.ServiceBus/namespaces/queues'));
        expect(queues).toHaveLength(1);
        const sb = bicep('app/servicebus.bicep');
        expect(sb.vars().get('names')).toBe("loadJsonContent('names.json')");
        const [loop] = queues;
        expect(loop.loop?.over).toBe('names.serviceBusQueues');
        expect(loop.condition).toBeUndefined();
        const body = properties(loop.body);
        expect(body.get('name')).toBe(loop.loop!.item);
        const count = properties(body.get('properties')!).get('maxDeliveryCount')!;
        // a literal, or the module's parameter as main.bicep sets it
        const passed = properties(properties(moduleCall(main, 'app/servicebus.bicep').body).get('params')!).get('maxDeliveryCount');
        const value = /^\d+$/.test(count) ? count : count === 'maxDeliveryCount' && passed ? main.params().get(passed)?.default ?? passed : undefined;
        expect(Number(value)).toBeGreaterThanOrEqual(1);
    });

    test('the namespace is Standard and keyless', () => {
        const ns = properties(bicep('app/servicebus.bicep').declaration('namespace').body);
        expect(literal(properties(ns.get('sku')!).get('name'))).toBe('Standard');
        expect(properties(ns.get('properties')!).get('disableLocalAuth')).toBe('true');
    });
});

interface Grant {
    scopeType: string;
    roleId: string;
    principal: string;
    conditional: boolean;
}

/** Role assignments of the user-assigned identity, wherever infra/ declares them. */
function identityGrants(): Grant[] {
    const rbacCall = properties(properties(moduleCall(main, 'app/rbac.bicep').body).get('params')!);
    expect(rbacCall.get('managedIdentityPrincipalId')).toBe(UAMI_PRINCIPAL);
    const vars = rbac.vars();
    const roleOf = (expr: string) => {
        const id = /(\w+)\s*\)\s*$/.exec(expr)?.[1] ?? /\$\{(\w+)\}'$/.exec(expr)?.[1];
        return literal(vars.get(id ?? '')) ?? '';
    };
    const typeOf = (symbol: string) => rbac.declarations().find((d) => d.symbol === symbol && d.existing)?.type.split('@')[0] ?? '';
    const principalOf = (expr: string) => (expr === 'managedIdentityPrincipalId' ? UAMI_PRINCIPAL : expr);

    const azureRbac = rbac.ofType('Microsoft.Authorization/roleAssignments').map((d) => {
        const p = properties(d.body);
        const props = properties(p.get('properties')!);
        return { scopeType: typeOf(p.get('scope')!), roleId: roleOf(props.get('roleDefinitionId')!), principal: principalOf(props.get('principalId')!), conditional: d.condition !== undefined || d.loop !== undefined };
    });
    const cosmos = rbac.ofType('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments').map((d) => {
        const p = properties(d.body);
        const props = properties(p.get('properties')!);
        expect(props.get('scope')).toBe(`${p.get('parent')}.id`);
        return { scopeType: typeOf(p.get('parent')!), roleId: roleOf(props.get('roleDefinitionId')!), principal: principalOf(props.get('principalId')!), conditional: d.condition !== undefined };
    });
    const mainVars = main.vars();
    const dts = main.declarations().filter((d) => d.kind === 'module' && d.type === 'app/dts-Access.bicep').map((d) => {
        const params = properties(properties(d.body).get('params')!);
        return { scopeType: 'Microsoft.DurableTask/schedulers', roleId: literal(mainVars.get(params.get('roleDefinitionID')!)) ?? '', principal: params.get('principalID')!, conditional: d.condition !== undefined };
    });
    // and dts-Access.bicep assigns the role it is given, on the scheduler
    const access = bicep('app/dts-Access.bicep');
    const assignment = properties(access.ofType('Microsoft.Authorization/roleAssignments')[0].body);
    expect(assignment.get('scope')).toBe('dts');
    expect(access.declaration('dts').type.split('@')[0]).toBe('Microsoft.DurableTask/schedulers');
    expect(properties(assignment.get('properties')!).get('principalId')).toBe('principalID');
    expect(properties(assignment.get('properties')!).get('roleDefinitionId')).toMatch(/roleDefinitionID\)$/);
    return [...azureRbac, ...cosmos, ...dts];
}

describe('(d) each identity-based connection has its role for the user-assigned identity', () => {
    const grants = identityGrants();
    const { always } = functionAppSettings();
    const cases: Array<[connection: string, scopeType: string, role: keyof typeof ROLE]> = [
        ['AzureWebJobsStorage__accountName', 'Microsoft.Storage/storageAccounts', 'storageBlobDataOwner'],
        ['AzureWebJobsStorage__accountName', 'Microsoft.Storage/storageAccounts', 'storageQueueDataContributor'],
        ['AzureWebJobsStorage__accountName', 'Microsoft.Storage/storageAccounts', 'storageTableDataContributor'],
        ['ServiceBusConnection__fullyQualifiedNamespace', 'Microsoft.ServiceBus/namespaces', 'serviceBusDataSender'],
        ['ServiceBusConnection__fullyQualifiedNamespace', 'Microsoft.ServiceBus/namespaces', 'serviceBusDataReceiver'],
        ['COSMOS_ENDPOINT', 'Microsoft.DocumentDB/databaseAccounts', 'cosmosBuiltInDataContributor'],
        ['APPROVAL_SIGNING_KEY', 'Microsoft.KeyVault/vaults', 'keyVaultSecretsUser'],
        ['DURABLE_TASK_SCHEDULER_CONNECTION_STRING', 'Microsoft.DurableTask/schedulers', 'durableTaskDataContributor'],
        ['APPLICATIONINSIGHTS_AUTHENTICATION_STRING', 'Microsoft.Insights/components', 'monitoringMetricsPublisher'],
    ];

    test.each(cases)('%s -> %s: %s', (connection, scopeType, role) => {
        expect(always.has(connection)).toBe(true);
        const grant = grants.find((g) => g.scopeType === scopeType && g.roleId === ROLE[role] && g.principal === UAMI_PRINCIPAL);
        expect(grant).toBeDefined();
        expect(grant!.conditional).toBe(false);
    });

    test('the identity holds no role beyond those', () => {
        const expected = new Set(cases.map(([, scopeType, role]) => `${scopeType} ${ROLE[role]}`));
        const extra = grants.filter((g) => g.principal === UAMI_PRINCIPAL && !expected.has(`${g.scopeType} ${g.roleId}`));
        expect(extra).toEqual([]);
    });

    test('keys are off wherever the identity connects', () => {
        const storage = properties(properties(main.declaration('storage').body).get('params')!);
        expect(storage.get('allowSharedKeyAccess')).toBe('false');
        const appInsights = properties(properties(main.declaration('monitoring').body).get('params')!);
        expect(appInsights.get('disableLocalAuth')).toBe('true');
        const vault = properties(properties(bicep('app/keyvault.bicep').declaration('vault').body).get('properties')!);
        expect(vault.get('enableRbacAuthorization')).toBe('true');
    });

    test('Microsoft Graph Mail.Send is granted to the identity (mail goes out through Graph)', () => {
        const graph = bicep('app/graph.bicep');
        expect(graph.masked).toMatch(/^extension\s+microsoftGraphV1\s*$/m);
        const config = JSON.parse(fs.readFileSync(path.join(INFRA, 'bicepconfig.json'), 'utf8')) as { extensions: Record<string, string> };
        expect(config.extensions.microsoftGraphV1).toMatch(/^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:/);
        const [assignment] = graph.ofType('Microsoft.Graph/appRoleAssignedTo');
        const p = properties(assignment.body);
        expect(p.get('appRoleId')).toContain("'Mail.Send'");
        expect(p.get('principalId')).toBe('principalId');
        expect(properties(properties(moduleCall(main, 'app/graph.bicep').body).get('params')!).get('principalId')).toBe(UAMI_PRINCIPAL);
    });
});

describe('(e) azure.yaml deploys the app as the function service and provisions infra/', () => {
    test('service api: TypeScript, Functions host, this project', () => {
        const svc = section('services', 'api');
        expect(svc.get('host')).toBe('function');
        expect(svc.get('language')).toBe('ts');
        expect(svc.get('project')).toBe('.');
        // azd finds the site by this tag
        expect(api.params().get('serviceName')?.default).toBe("'api'");
        expect(properties(properties(api.declaration('api').body).get('params')!).get('tags')).toContain("'azd-service-name': serviceName");
    });

    test('infra: Bicep, infra/main.bicep, with parameters for every required main parameter', () => {
        const infra = section('infra');
        expect(infra.get('provider')).toBe('bicep');
        expect(infra.get('path')).toBe('infra');
        expect(infra.get('module')).toBe('main');
        const parameters = JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> };
        const declared = main.params();
        for (const name of Object.keys(parameters.parameters)) expect([name, declared.has(name)]).toEqual([name, true]);
        const required = [...declared].filter(([, p]) => p.default === undefined).map(([name]) => name);
        for (const name of required) expect([name, name in parameters.parameters]).toEqual([name, true]);
    });

    test('the build azd runs makes the entry point package.json names', () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
        expect(pkg.main).toMatch(/^dist\/functions\/index\.js$/);
        expect(pkg.scripts.build).toContain('tsc');
    });

    test('the preprovision hook finds the vault by the AZURE_KEY_VAULT_NAME and AZURE_RESOURCE_GROUP main.bicep outputs', () => {
        expect(main.outputs().get('AZURE_KEY_VAULT_NAME')).toBe('keyVault.outputs.name');
        expect(main.outputs().get('AZURE_RESOURCE_GROUP')).toBe('rg.name');
    });
});

describe('(f) host.json runs Durable Functions on the scheduler the Bicep connects', () => {
    const host = JSON.parse(fs.readFileSync(path.join(ROOT, 'host.json'), 'utf8'));
    const durable = host.extensions.durableTask;
    const { always, possible } = functionAppSettings();

    test('storage provider azureManaged, its connection set as an app setting', () => {
        expect(durable.storageProvider.type).toBe('azureManaged');
        expect(always.has(durable.storageProvider.connectionStringName)).toBe(true);
    });

    test('the hub is the TASKHUB_NAME app setting, the task hub Bicep creates', () => {
        expect(durable.hubName).toBe('%TASKHUB_NAME%');
        expect(always.get('TASKHUB_NAME')).toBe('taskHubName');
        expect(properties(properties(moduleCall(main, 'app/api.bicep').body).get('params')!).get('taskHubName')).toBe('dts.outputs.TASKHUB_NAME');
        // the same hub name in Azure and under the local host
        expect(literal(main.params().get('taskHubName')?.default)).toBe(DEFAULT_HUB_NAME);
    });

    test('the local host reads %TASKHUB_NAME% from the environment, else its default hub', () => {
        const file = path.join(ROOT, 'host.json');
        expect(readHostJson(file, {}).hubName).toBe(DEFAULT_HUB_NAME);
        expect(readHostJson(file, { TASKHUB_NAME: 'PartnerHub' }).hubName).toBe('PartnerHub');
    });

    test('no extendedSessionsEnabled: the Durable extension supports it only for .NET (a Node app warns, or fails to start)', () => {
        // the local host's own extended sessions are LOCAL_EXTENDED_SESSIONS, not host.json
        expect(Object.keys(durable)).not.toContain('extendedSessionsEnabled');
    });

    test('the Azure Storage provider stays one app-setting switch away', () => {
        expect(possible.get('AzureFunctionsJobHost__extensions__durableTask__storageProvider__type')).toBe("'AzureStorage'");
        expect(possible.get('AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName')).toBe("'AzureWebJobsStorage'");
        expect(always.has('AzureFunctionsJobHost__extensions__durableTask__storageProvider__type')).toBe(false);
    });
});

describe('(g) modules get the parameters they declare and give the outputs used', () => {
    const locals = allBicep.flatMap((file) => file.declarations().filter((d) => d.kind === 'module' && !d.type.startsWith('br')).map((d) => ({ file, d })));

    test.each(locals.map(({ file, d }) => [path.relative(INFRA, file.path), d.symbol, d] as const))('%s: %s', (rel, _symbol, d) => {
        const target = new BicepFile(path.resolve(path.dirname(path.join(INFRA, rel)), d.type));
        const declared = target.params();
        const passed = properties(properties(d.body).get('params') ?? '{}');
        for (const name of passed.keys()) expect([name, declared.has(name)]).toEqual([name, true]);
        for (const [name, p] of declared) if (p.default === undefined) expect([name, passed.has(name)]).toEqual([name, true]);
        const source = new BicepFile(path.join(INFRA, rel));
        const used = new Set([...source.text.matchAll(new RegExp(`\\b${d.symbol}\\.outputs\\.(\\w+)`, 'g'))].map((m) => m[1]));
        const outputs = target.outputs();
        for (const name of used) expect([name, outputs.has(name)]).toEqual([name, true]);
    });
});

/** The decorator lines (`@...`) right above `param <name>` in a Bicep file. */
function decoratorsOf(file: BicepFile, name: string): string[] {
    const lines = file.code.split('\n');
    const at = lines.findIndex((l) => new RegExp(`^param\\s+${name}\\s`).test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    const above: string[] = [];
    for (let i = at - 1; i >= 0 && lines[i].trim().startsWith('@'); i--) above.unshift(lines[i].trim());
    return above;
}

describe('(h) the first azd up: what would stop it, one check each', () => {
    const parameters = JSON.parse(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };

    test('billingAccounts is required: no empty default (the app refuses to start without one), and azd prompts for it when BILLING_ACCOUNTS is unset', () => {
        const param = main.params().get('billingAccounts');
        expect(param?.default).toBeUndefined();
        expect(decoratorsOf(main, 'billingAccounts')).toContain('@minLength(1)');
        // no `=default`: an unset BILLING_ACCOUNTS leaves the parameter without a value, and azd asks for it
        expect(parameters.parameters.billingAccounts.value).toBe('${BILLING_ACCOUNTS}');
        expect(properties(properties(moduleCall(main, 'app/api.bicep').body).get('params')!).get('billingAccountsJson')).toBe('settingObject(billingAccounts)');
    });

    test('Mail.Send is not granted inside the deployment by default: a postprovision hook prints the grant, with this identity filled in, for an Entra admin', () => {
        // the identity is created seconds earlier in the same deployment (Entra replication: "Not a valid
        // reference update"), and only an admin may grant an application permission
        expect(main.params().get('grantMailSend')?.default).toBe('false');
        expect(parameters.parameters.grantMailSend.value).toBe('${GRANT_MAIL_SEND=false}');
        expect(moduleCall(main, 'app/graph.bicep').condition).toBe('grantMailSend');

        const hook = section('hooks', 'postprovision');
        expect(hook.get('shell')).toBe('sh');
        const script = path.join(ROOT, hook.get('run')!);
        const principal = '0f1e2d3c-4b5a-4697-8876-5a4b3c2d1e0f';
        // azd stands in (the hook sets CREATE_APPROVAL_SIGNING_KEY back to false: test/infra/approvalKeyPresence.test.ts)
        const azd = fs.mkdtempSync(path.join(os.tmpdir(), 'too-azd-'));
        fs.writeFileSync(path.join(azd, 'azd'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
        const run = (env: Record<string, string>) => spawnSync('sh', [script], { env: { PATH: `${azd}:${process.env.PATH ?? ''}`, AZURE_ENV_NAME: 'contoso-overage', ...env }, encoding: 'utf8' });
        try {
            const printed = run({ AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID: principal, AZURE_TENANT_ID: '66666666-7777-8888-9999-000000000000' });
            expect(printed.status).toBe(0);
            expect(printed.stdout).toMatch(/Privileged Role Administrator/);
            // it cannot know whether an admin granted it since: the check comes first, and no claim that it is missing
            expect(printed.stdout).toMatch(/unless\s+it is already granted/);
            expect(printed.stdout).not.toMatch(/is not granted/);
            expect(printed.stdout.indexOf('--method GET')).toBeGreaterThan(0);
            expect(printed.stdout.indexOf('--method GET')).toBeLessThan(printed.stdout.indexOf('--method POST'));
            // the commands it prints are exact: run them against a stand-in `az` that records its arguments
            const grant = printed.stdout.split('\n\n').find((block) => block.includes('--method POST'))!;
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-az-'));
            try {
                const graphObjectId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
                fs.writeFileSync(path.join(dir, 'az'), `#!/bin/sh\nif [ "$1 $2 $3" = "ad sp show" ]; then echo ${graphObjectId}; exit 0; fi\nprintf '%s\\n' "$@" > "${dir}/rest-args"\n`, { mode: 0o755 });
                const ran = spawnSync('sh', ['-c', grant], { env: { PATH: `${dir}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
                expect(ran.status).toBe(0);
                const args = fs.readFileSync(path.join(dir, 'rest-args'), 'utf8').trimEnd().split('\n');
                const arg = (flag: string) => args[args.indexOf(flag) + 1];
                expect(args[0]).toBe('rest');
                expect(arg('--method')).toBe('POST');
                expect(arg('--url')).toBe(`https://graph.microsoft.com/v1.0/servicePrincipals/${principal}/appRoleAssignments`);
                // Mail.Send's app role id on Microsoft Graph, the same in every tenant
                expect(JSON.parse(arg('--body'))).toEqual({ principalId: principal, resourceId: graphObjectId, appRoleId: 'b633e1c5-b582-4048-a93e-9f11b44c7e96' });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }

            const granted = run({ GRANT_MAIL_SEND: 'true', AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID: principal });
            expect(granted.status).toBe(0);
            expect(granted.stdout).not.toContain('appRoleAssignments');
        } finally {
            fs.rmSync(azd, { recursive: true, force: true });
        }
    });

    test('the approval signing key is never read back: Key Vault gets one only when it holds none, so no deployer needs a Key Vault role', () => {
        // azd's secretOrRandomPassword read the key back before deploying: only the first deployer could
        // (Key Vault Secrets Officer), and a fresh azd environment generated a new key over the old one
        expect(fs.readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')).not.toContain('secretOrRandomPassword');
        expect(main.params().has('approvalSigningKey')).toBe(false);
        // the preprovision hook asks Resource Manager whether the secret exists and sets CREATE_APPROVAL_SIGNING_KEY
        expect(parameters.parameters.createApprovalSigningKey.value).toBe('${CREATE_APPROVAL_SIGNING_KEY=false}');
        expect(main.params().get('createApprovalSigningKey')?.default).toBe('false');
        const keyVaultParams = properties(properties(moduleCall(main, 'app/keyvault.bicep').body).get('params')!);
        expect(keyVaultParams.get('createApprovalSigningKey')).toBe('createApprovalSigningKey');
        const keyVault = bicep('app/keyvault.bicep');
        const secret = keyVault.ofType('Microsoft.KeyVault/vaults/secrets');
        expect(secret).toHaveLength(1);
        expect(secret[0].condition).toBe('createApprovalSigningKey');
        // the app's reference must not read the conditional resource (not deployed on later provisions)
        const uri = keyVault.outputs().get('approvalSigningKeyUri')!;
        expect(uri).toContain('vault.properties.vaultUri');
        expect(uri).not.toContain(`${secret[0].symbol}.`);

        const hook = section('hooks', 'preprovision');
        expect(hook.get('shell')).toBe('sh');
        expect(fs.existsSync(path.join(ROOT, hook.get('run')!))).toBe(true);
        // no deployer role on the vault: nothing reads the secret at deployment any more
        const deployerVaultRoles = rbac.ofType('Microsoft.Authorization/roleAssignments').filter((d) => properties(d.body).get('scope') === 'keyVault' && properties(properties(d.body).get('properties')!).get('principalId') !== 'managedIdentityPrincipalId');
        expect(deployerVaultRoles).toEqual([]);
    });

    test('the package azd deploys holds no devDependencies: a prepackage hook stages the app with npm ci --omit=dev, and azd zips that folder', () => {
        // azd zips the staged folder, built here and shipped with its node_modules: no remote build
        expect(Object.fromEntries(section('services', 'api'))).toMatchObject({ dist: AZURE_PACKAGE_DIR, remoteBuild: 'false' });
        const hook = section('services', 'api', 'hooks', 'prepackage');
        expect(hook.get('shell')).toBe('sh');
        expect(hook.get('run')).toBe('npm run package');
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
        expect(pkg.scripts.package).toBe('npm run build && node dist/scripts/packageForAzure.js');
        expect(PRODUCTION_INSTALL).toEqual(expect.arrayContaining(['ci', '--omit=dev']));
        // staged output, never committed
        expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain(`${AZURE_PACKAGE_DIR}/`);
        // no .funcignore: azd applies one only in the folder it zips (dist-azure/ has none, and remoteBuild: false keeps
        // its node_modules) and reads the project's only to check remoteBuild; `func start` does not read it
        expect(fs.existsSync(path.join(ROOT, '.funcignore'))).toBe(false);
    });

    test('Node 22 in Azure (Node 20 reached its end of life in April 2026), and package.json allows 20 and 22', () => {
        const passed = properties(properties(moduleCall(main, 'app/api.bicep').body).get('params')!);
        expect(literal(passed.get('runtimeVersion'))).toBe('22');
        const { engines } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
        // ">=20 <23": the build and tests run on 20, Azure on 22, and a major not tried yet is refused
        const range = /^>=(\d+) <(\d+)$/.exec(engines.node);
        expect(range).not.toBeNull();
        const allows = (major: number) => major >= Number(range![1]) && major < Number(range![2]);
        expect([18, 20, 22, 24].map(allows)).toEqual([false, true, true, false]);
        // npm run package warns when this machine's Node is not the one it reads here
        expect(azureNodeMajor(ROOT)).toBe(Number(literal(passed.get('runtimeVersion'))));
    });
});
