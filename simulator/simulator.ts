// The local simulator of Microsoft's cloud, mounted on the local host under
// /simulator: Partner Center, ARM (billing, subscription aliases, policy
// assignments), Microsoft Graph (GDAP, Conditional Access), Communications
// Credits, identity (tokens, JWKS) and a mail sink. The app's adapters reach
// it by base URL exactly as they reach Microsoft.
import * as path from 'node:path';
import { Kv } from '../shared/embedded/kv';
import { simulatorAuth } from '../shared/identity/authConfig';
import { IncomingHttp, OutgoingHttp } from '../local/http/respond';
import { Mount } from '../local/http/server';
import { armApi } from './armApi';
import { controlApi } from './controlApi';
import { creditsApi } from './creditsApi';
import { Faults } from './faults';
import { graphApi } from './graphApi';
import { SimulatorIdentity } from './identity';
import { partnerCenterApi } from './partnerCenterApi';
import { policyApi } from './policyApi';
import { BadRequestError, problem, Router } from './router';
import { SimulatedAuth } from './simulatedAuth';
import { SimulatorState } from './simulatorState';
import { SmtpSink } from './smtpSink';
import { DEFAULT_WORLD_PATH, loadWorldFile } from './world';

export const SIMULATOR_PREFIX = '/simulator/';

export interface SimulatorOptions {
    kv: Kv;
    /** The local host's public URL; the simulator's issuer and API base URLs hang off it. */
    hostUrl: string;
    worldPath?: string;
}

export class Simulator {
    private constructor(
        readonly worldPath: string,
        readonly state: SimulatorState,
        readonly identity: SimulatorIdentity,
        readonly mailbox: SmtpSink,
        readonly smtpPort: number,
        private readonly surfaces: Array<{ prefix: string; router: Router; faulty: boolean }>,
        private readonly faults: Faults,
    ) {}

    /** Loads the world (a bad file throws WorldFileError naming file and fields) and starts the mail sink. */
    static async start(o: SimulatorOptions): Promise<Simulator> {
        const worldPath = path.resolve(o.worldPath ?? DEFAULT_WORLD_PATH);
        const world = loadWorldFile(worldPath);
        const state = new SimulatorState(o.kv, world);
        const identity = new SimulatorIdentity(o.kv, { issuer: simulatorAuth(o.hostUrl).issuer });
        await identity.init();
        const mailbox = new SmtpSink(o.kv);
        const smtpPort = await mailbox.start();
        const faults = new Faults(state.world.faults);
        const auth = new SimulatedAuth(identity, state);
        const surfaces = [
            { prefix: 'partnercenter', router: partnerCenterApi(state, auth), faulty: true },
            { prefix: 'arm', router: armApi(state, auth), faulty: true },
            { prefix: 'arm', router: policyApi(state, auth), faulty: true },
            { prefix: 'graph', router: graphApi(state, auth), faulty: true },
            { prefix: 'credits', router: creditsApi(state, auth), faulty: true },
            { prefix: '', router: controlApi({ state, identity, mailbox, faults }), faulty: false },
        ];
        return new Simulator(worldPath, state, identity, mailbox, smtpPort, surfaces, faults);
    }

    /** Base URLs the app's adapters use locally. */
    static endpoints(hostUrl: string) {
        return {
            partnerCenter: `${hostUrl}/simulator/partnercenter`,
            arm: `${hostUrl}/simulator/arm`,
            graph: `${hostUrl}/simulator/graph`,
            credits: `${hostUrl}/simulator/credits`,
            token: `${hostUrl}/simulator/token`,
        };
    }

    mount(): Mount {
        return { prefix: SIMULATOR_PREFIX, handle: (req, subPath) => this.handle(req, subPath) };
    }

    async stop(): Promise<void> {
        await this.mailbox.stop();
    }

    private async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
        const [head, ...rest] = subPath.split('/');
        const known = this.surfaces.some((s) => s.prefix === head);
        const surfaces = this.surfaces.filter((s) => s.prefix === (known ? head : ''));
        const path = `/${known ? rest.join('/') : subPath}`;
        try {
            if (surfaces[0].faulty) {
                const injected = await this.faults.apply(req.method, path, req.signal);
                if (injected) return injected;
            }
            await this.state.settle();
            // several routers may serve one surface (e.g. ARM billing and ARM policy); the first that knows the path answers
            for (const s of surfaces) {
                const res = await s.router.handle(req, path);
                if (res) return res;
            }
            return problem(404, 'not-found', `The simulator has no ${req.method} ${SIMULATOR_PREFIX}${subPath}.`);
        } catch (err) {
            if (err instanceof BadRequestError) return problem(400, 'invalid-request', err.message);
            throw err;
        }
    }
}
