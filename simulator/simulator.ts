// The local simulator of Microsoft's cloud, mounted on the local host under
// /simulator: Partner Center, ARM (billing, subscription aliases, policy
// assignments), Microsoft Graph (GDAP, Conditional Access), Communications
// Credits, an identity provider (tokens, JWKS) and a mail sink. The app's
// clients reach it by base URL exactly as they reach Microsoft. It shares no
// code with the app: its rules (rules/) are its own reading of Microsoft's.
import * as path from 'node:path';
import type { IncomingHttp, OutgoingHttp } from './http/exchange';
import type { Mounted } from './http/exchange';
import { Faults, sleep } from './faults';
import { controlError, ErrorBody } from './http/errorBodies';
import { BadBodyError, RouteErrors, Router } from './http/router';
import { issuerUnder } from './identity/audiences';
import { BearerTokens } from './identity/bearer';
import { SimulatorIdentity } from './identity/issuer';
import { bodyDigest, ServiceName, WriteLog } from './log/writeLog';
import { SmtpSink } from './mail/smtpSink';
import { registerArmBilling } from './services/armBilling';
import { registerArmPolicy } from './services/armPolicy';
import { registerArmSubscriptionAliases } from './services/armSubscriptionAliases';
import type { ServiceContext } from './services/caller';
import { controlRoutes } from './services/control';
import { creditsRoutes } from './services/credits';
import { ARM, CREDITS, Dialect, graphDialect, PARTNER_CENTER } from './services/dialect';
import { graphRoutes } from './services/graph';
import { partnerCenterRoutes } from './services/partnerCenter';
import { CloudState } from './state/cloudState';
import { OneAtATime } from './state/oneAtATime';
import { openStore, SimulatorStore } from './store/store';
import { DEFAULT_WORLD_PATH, loadWorldFile } from './world';

export const SIMULATOR_PREFIX = '/simulator/';
/** Every request Microsoft's APIs (and the simulator's own endpoints) take is small: nobody, signed in or not, sends more. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface SimulatorOptions {
    /** The host's data directory; the simulator keeps its state in `<dataDir>/simulator`. In memory when undefined. */
    dataDir?: string;
    /** The local host's public URL; the simulator's issuer and API base URLs hang off it. */
    hostUrl: string;
    worldPath?: string;
    /**
     * Now, in milliseconds since the epoch (default: the system clock). The
     * host hands in its own, so Microsoft's cloud lives on the date the app
     * does: when its work finishes, what its write log and mailbox say.
     */
    clock?: () => number;
}

/** One simulated service under /simulator/{prefix}. */
interface Surface {
    prefix: string;
    router: Router;
    dialect: Dialect;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const CONTROL_ERRORS: RouteErrors = {
    notFound: (req, p) => controlError(404, 'not-found', `The simulator has no ${req.method} ${SIMULATOR_PREFIX.slice(0, -1)}${p}.`),
    methodNotAllowed: (req, p) => controlError(405, 'method-not-allowed', `${req.method} is not supported on ${SIMULATOR_PREFIX.slice(0, -1)}${p}.`),
};

export class Simulator {
    private readonly applying = new OneAtATime();

    private constructor(
        readonly worldPath: string,
        readonly state: CloudState,
        readonly identity: SimulatorIdentity,
        readonly mailbox: SmtpSink,
        readonly smtpPort: number,
        readonly log: WriteLog,
        private readonly store: SimulatorStore,
        private readonly tokens: BearerTokens,
        private readonly surfaces: Surface[],
        private readonly control: Router,
        private readonly faults: Faults,
    ) {}

    /** Loads the world (a bad file throws WorldFileError naming file and fields), opens the store and starts the mail sink. */
    static async start(o: SimulatorOptions): Promise<Simulator> {
        const worldPath = path.resolve(o.worldPath ?? DEFAULT_WORLD_PATH);
        const world = loadWorldFile(worldPath);
        const store = openStore(o.dataDir && path.join(o.dataDir, 'simulator'));
        const now = o.clock ?? Date.now;
        try {
            const state = new CloudState(store, world, now);
            // tokens keep real time: the browser holding them lives outside the host's clock, as the app's verifier does
            const identity = new SimulatorIdentity(store, { issuer: issuerUnder(o.hostUrl) });
            await identity.init();
            const date = () => new Date(now());
            const log = new WriteLog(store, date);
            const mailbox = new SmtpSink(store, { log, clock: date });
            const smtpPort = await mailbox.start();
            const faults = new Faults(state.world.faults);
            const tokens = new BearerTokens(identity);
            const ctx: ServiceContext = { state, tokens };
            const arm = new Router();
            registerArmBilling(arm, ctx);
            registerArmSubscriptionAliases(arm, ctx);
            registerArmPolicy(arm, ctx);
            const graph = graphDialect(now);
            const surfaces: Surface[] = [
                { prefix: 'partnercenter', router: partnerCenterRoutes(ctx), dialect: PARTNER_CENTER },
                { prefix: 'arm', router: arm, dialect: ARM },
                { prefix: 'graph', router: graphRoutes(ctx, graph, now), dialect: graph },
                { prefix: 'credits', router: creditsRoutes(ctx), dialect: CREDITS },
            ];
            const control = controlRoutes({ state, identity, mailbox, faults, log });
            return new Simulator(worldPath, state, identity, mailbox, smtpPort, log, store, tokens, surfaces, control, faults);
        } catch (err) {
            await store.close();
            throw err;
        }
    }

    /** Base URLs the app's clients use locally. */
    static endpoints(hostUrl: string) {
        return {
            partnerCenter: `${hostUrl}/simulator/partnercenter`,
            arm: `${hostUrl}/simulator/arm`,
            graph: `${hostUrl}/simulator/graph`,
            credits: `${hostUrl}/simulator/credits`,
            token: `${hostUrl}/simulator/token`,
        };
    }

    /** Each partner's first admin agent: whom a deployment serving every partner of the world acts as. */
    adminAgents(): Record<string, string> {
        const agents: Record<string, string> = {};
        for (const p of this.state.world.partners) {
            const admin = p.agents.find((a) => a.roles.includes('AdminAgent'));
            if (admin) agents[p.id] = admin.upn;
        }
        return agents;
    }

    mount(): Mounted {
        return { prefix: SIMULATOR_PREFIX, maxBodyBytes: MAX_BODY_BYTES, handle: (req, subPath) => this.handle(req, subPath) };
    }

    async stop(): Promise<void> {
        await this.mailbox.stop();
        // the last write's commit has resolved before its answer went out, so closing now loses nothing
        await this.applying.run(async () => undefined);
        await this.store.close();
    }

    private async handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp> {
        const [head, ...rest] = subPath.split('/');
        const surface = this.surfaces.find((s) => s.prefix === head);
        if (!surface) return this.handleControl(req, `/${subPath}`);
        const path = `/${rest.join('/')}`;
        const write = !READS.has(req.method);
        const injected = await this.faults.apply(req.method, path, surface.dialect.error, req.signal);
        if (injected && !('holdAnswerMs' in injected)) return write ? this.logged(surface.dialect, req, path, injected, []) : injected;
        const answer = await this.carryOut(surface, req, path, write);
        // carried out and kept; only the answer is late (others' requests go on meanwhile)
        if (injected) await sleep(injected.holdAnswerMs, req.signal);
        return answer;
    }

    private async carryOut(surface: Surface, req: IncomingHttp, path: string, write: boolean): Promise<OutgoingHttp> {
        if (!write) {
            await this.settle();
            return this.route(surface.router, req, path, surface.dialect, surface.dialect.error);
        }
        return this.applying.run(async () => {
            this.state.settle();
            const answer = await this.route(surface.router, req, path, surface.dialect, surface.dialect.error);
            return this.logged(surface.dialect, req, path, answer, this.state.takeOps());
        });
    }

    private async handleControl(req: IncomingHttp, path: string): Promise<OutgoingHttp> {
        if (READS.has(req.method)) {
            await this.settle();
            return this.route(this.control, req, path, CONTROL_ERRORS, controlError);
        }
        return this.applying.run(async () => {
            this.state.settle();
            const answer = await this.route(this.control, req, path, CONTROL_ERRORS, controlError);
            await this.store.commit(this.state.takeOps());
            return answer;
        });
    }

    /** Work that came due is applied (and kept) before a read sees the state. */
    private async settle(): Promise<void> {
        if (!this.state.hasDue()) return;
        await this.applying.run(async () => {
            this.state.settle();
            await this.store.commit(this.state.takeOps());
        });
    }

    private async route(router: Router, req: IncomingHttp, path: string, errors: RouteErrors, errorBody: ErrorBody): Promise<OutgoingHttp> {
        try {
            return await router.handle(req, path, errors);
        } catch (err) {
            if (err instanceof BadBodyError) return errorBody(400, 'invalid-request', err.message);
            throw err;
        }
    }

    /** Commits the request's changes with its write-log entry, then lets the answer go. */
    private async logged(dialect: Dialect, req: IncomingHttp, path: string, answer: OutgoingHttp, ops: ReturnType<CloudState['takeOps']>): Promise<OutgoingHttp> {
        const checked = await this.tokens.check(req.headers.authorization, dialect.audiences);
        const service: ServiceName = dialect.service;
        await this.log.append({ service, method: req.method, path, partner: checked.ok ? checked.claims.partnerId : null, bodyDigest: bodyDigest(req.body), status: answer.status }, ops);
        return answer;
    }
}
