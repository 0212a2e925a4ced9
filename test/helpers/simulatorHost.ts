// A local host serving the simulator, seeded from the demo world with short
// delays (or a given world), plus token providers for its partners' agents.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simulatorTokenProvider } from '../../shared/adapters/identity/simulatorTokenProvider';
import { Simulator } from '../../simulator/simulator';
import { DEFAULT_WORLD_PATH } from '../../simulator/world';
import { startTestHost, tempDir, TestHost } from './testHost';

export const DEMO = {
    contosoAdmin: { partnerId: '1001', upn: 'admin@contoso-telecom.example', roles: ['AdminAgent'] },
    contosoSales: { partnerId: '1001', upn: 'sales@contoso-telecom.example', roles: ['SalesAgent'] },
    fabrikam: '10000000-0000-4000-8000-000000000001',
} as const;

export interface SimulatorHost extends TestHost {
    endpoints: ReturnType<typeof Simulator.endpoints>;
    tokenFor(caller: { partnerId: string; upn: string; roles: readonly string[] }): ReturnType<typeof simulatorTokenProvider>;
    worldFile: string;
}

/** `edit` changes a copy of the demo world before the host loads it. */
export async function startSimulatorHost(edit: (world: any) => void = () => {}, o: { persistent?: boolean; dataDir?: string } = {}): Promise<SimulatorHost> {
    const dir = tempDir('too-sim-');
    const world = JSON.parse(fs.readFileSync(DEFAULT_WORLD_PATH, 'utf8'));
    world.delays = { aliasCreationMs: 100, overageUpdateMs: 100, planTransitionMs: 100 };
    edit(world);
    const worldFile = path.join(dir, 'world.json');
    fs.writeFileSync(worldFile, JSON.stringify(world));
    const t = await startTestHost(path.join(__dirname, '..', 'apps', 'emptyApp.ts'), { simulator: { worldPath: worldFile }, persistent: o.persistent, dataDir: o.dataDir });
    return {
        ...t,
        worldFile,
        endpoints: Simulator.endpoints(t.url),
        tokenFor: (caller) => simulatorTokenProvider(t.url, caller),
        async stop() {
            await t.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
