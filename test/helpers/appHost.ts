// The product app on a local host with the simulator (demo world, short
// delays), plus helpers to call its API as a given agent and follow runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TERMINAL } from '../../local/durable/model';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { startTestHost, tempDir, TestHost } from './testHost';
import { openApiDocument, operationPath, validateAgainstOpenApi } from './openApiValidation';

export const APP_ENTRY = path.join(__dirname, '..', '..', 'functions', 'index.ts');

export const AGENTS = {
    contosoAdmin: { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] },
    contosoSales: { partnerId: '1001', upn: 'sales@contoso-telecom.example', roles: ['SalesAgent'] },
    contosoHelpdesk: { partnerId: '1001', upn: 'helpdesk@contoso-telecom.example', roles: ['HelpdeskAgent'] },
    litwareAdmin: { partnerId: '1002', upn: 'admin@litware-voice.example', roles: ['AdminAgent'] },
    tailspinAdmin: { partnerId: '2001', upn: 'admin@tailspin-distribution.example', roles: ['AdminAgent'] },
    northwindAdmin: { partnerId: '3001', upn: 'admin@northwind-reseller.example', roles: ['AdminAgent'] },
    adatumAdmin: { partnerId: '9001', upn: 'admin@adatum-sandbox.example', roles: ['AdminAgent'] },
} as const;
export type AgentName = keyof typeof AGENTS;

/** Demo-world customers by name (see simulator/worlds/README.md). */
export const CUSTOMERS = {
    fabrikam: '10000000-0000-4000-8000-000000000001', woodgrove: '10000000-0000-4000-8000-000000000002', alpine: '10000000-0000-4000-8000-000000000003',
    bellows: '10000000-0000-4000-8000-000000000004', coho: '10000000-0000-4000-8000-000000000005', trey: '10000000-0000-4000-8000-000000000006',
    lucerne: '10000000-0000-4000-8000-000000000007', wideWorld: '10000000-0000-4000-8000-000000000008', proseware: '10000000-0000-4000-8000-000000000009',
    margies: '10000000-0000-4000-8000-000000000010', humongous: '10000000-0000-4000-8000-000000000011', tailwind: '10000000-0000-4000-8000-000000000012',
    graphicDesign: '10000000-0000-4000-8000-000000000013', fineArt: '10000000-0000-4000-8000-000000000014', blueYonder: '10000000-0000-4000-8000-000000000015',
    relecloud: '10000000-0000-4000-8000-000000000016', vanArsdel: '10000000-0000-4000-8000-000000000017',
} as const;

export interface AppHost extends TestHost {
    token(agent: AgentName): Promise<string>;
    as(agent: AgentName): (method: string, urlPath: string, body?: unknown, headers?: Record<string, string>) => ReturnType<TestHost['call']>;
    /** POSTs an enablement for `customer` (service PhoneServices unless the body says otherwise). */
    enable(customer: string, body: Record<string, unknown>, agent?: AgentName, headers?: Record<string, string>): ReturnType<TestHost['call']>;
    /** Follows a run to its end through its link (as `agent`); returns the final run resource. */
    finish(runUrl: string, agent?: AgentName, ms?: number): Promise<any>;
    /** The operator's view of a Durable instance (system key). */
    instance(id: string): Promise<{ runtimeStatus: string; output: any; customStatus: any }>;
    worldFile: string;
}

export async function startAppHost(o: { edit?: (world: any) => void; dataDir?: string } = {}): Promise<AppHost> {
    const dir = tempDir('too-app-');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 50, overageUpdateMs: 50, planTransitionMs: 50 };
    o.edit?.(world);
    const worldFile = path.join(dir, 'world.json');
    fs.writeFileSync(worldFile, JSON.stringify(world));
    process.env.OVERAGE_POLL_INTERVAL_MS = '50';
    process.env.AUTO_RECHARGE_POLL_MS = '100';
    process.env.DATA_DIR = o.dataDir ?? dir;
    const raw = await startTestHost(APP_ENTRY, { simulator: { worldPath: worldFile }, dataDir: o.dataDir ?? dir });
    // every documented answer the end-to-end tests receive must match the OpenAPI document
    const t: TestHost = { ...raw, call: async (method, urlPath, body, headers) => conforming(method, urlPath, await raw.call(method, urlPath, body, headers)) };
    const tokens = new Map<string, string>();
    const token = async (agent: AgentName) => {
        if (!tokens.has(agent)) tokens.set(agent, (await t.call('POST', '/simulator/token', AGENTS[agent])).json.access_token);
        return tokens.get(agent)!;
    };
    return {
        ...t, worldFile, token,
        as: (agent) => async (method, urlPath, body, headers = {}) => t.call(method, urlPath, body, { authorization: `Bearer ${await token(agent)}`, ...headers }),
        enable: async (customer, body, agent = 'contosoAdmin', headers = {}) =>
            t.call('POST', `/api/customers/${customer}/overage/enablements`, { service: 'PhoneServices', ...body }, { authorization: `Bearer ${await token(agent)}`, ...headers }),
        async finish(runUrl, agent = 'contosoAdmin', ms = 15000) {
            const u = new URL(runUrl, t.url);
            const end = Date.now() + ms;
            // the run's orchestration (the run's id is its instance id) ends with it: the host tells when, so no need to poll
            await instanceEnded(raw.host.engine, decodeURIComponent(u.pathname.split('/').pop()!), ms);
            for (;;) {
                const res = await t.call('GET', u.pathname + u.search, undefined, { authorization: `Bearer ${await token(agent)}` });
                if (res.status === 200 && res.json.status !== 'running') return res.json;
                if (Date.now() > end) throw new Error(`run not finished: ${res.status} ${JSON.stringify(res.json)}`);
                await new Promise((r) => setTimeout(r, 30));
            }
        },
        async instance(id) {
            return (await t.call('GET', t.durable(`instances/${encodeURIComponent(id)}`))).json;
        },
        async stop() {
            await t.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** Resolves once the Durable instance `id` ended (or at once if the host does not know it), or after `ms`. */
async function instanceEnded(engine: AppHost['host']['engine'], id: string, ms: number): Promise<void> {
    if (!engine.getStatus(id)) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
        engine.waitFor(id, (s) => TERMINAL.has(s.runtimeStatus)),
        new Promise((r) => { timer = setTimeout(r, ms); }),
    ]);
    clearTimeout(timer);
}

/** The answer, once checked against the document when its route and method are documented (undocumented paths are the host's own 404/405). */
function conforming<R extends { status: number; headers: Headers; json: unknown }>(method: string, urlPath: string, res: R): R {
    const path = urlPath.startsWith('/api/') ? operationPath(urlPath) : undefined;
    const documented = path && openApiDocument().paths[path][method.toLowerCase()];
    // a 304 carries no answer, only "what you have is current"
    if (documented && res.status !== 304) validateAgainstOpenApi(method, urlPath, res.status, res.json, res.headers.get('content-type'));
    return res;
}
