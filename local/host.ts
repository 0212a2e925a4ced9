// The embedded Functions host: loads the app exactly as Azure would (through
// the worker's core module), then serves its HTTP, timer, Service Bus and
// Durable triggers from one process with state in DATA_DIR.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { setAppClock, systemClock } from '../shared/core/clock';
import { Kv, openKv } from '../shared/adapters/embedded/embeddedKv';
import { clockAdmin } from './clock/clockAdmin';
import { HostClock } from './clock/hostClock';
import { readHostJson } from './config/hostJson';
import { loadSystemKey } from './config/operatorKey';
import { localExtendedSessions } from './config/localExtendedSessions';
import { durableMount } from './durable/durableMounts';
import { DurableEngine } from './durable/engine';
import { durableClientData, ManagementApi } from './durable/managementApi';
import { timerAdmin } from './timers/timerAdmin';
import { adminMount } from './http/adminMount';
import { FunctionRoutes } from './http/functionRoutes';
import { AnsweredRequest, HttpServer } from './http/server';
import { HttpStreamForwarder } from './http/streamForward';
import { boundQueueNames } from './servicebus/boundQueues';
import { Simulator } from '../simulator/simulator';
import { EmbeddedQueues } from './servicebus/embeddedQueues';
import { queueAdmin } from './servicebus/queueAdmin';
import { QueueDispatcher } from './servicebus/queueDispatcher';
import { TimerRunner } from './timers/timerRunner';
import { AppCapabilities, appCapabilities } from './worker/capabilities';
import { installCoreModule } from './worker/installCoreModule';
import { runHooks } from './worker/invoke';
import { FunctionHost, InvocationLog } from './worker/functionHost';

export interface LocalHostOptions {
    /** The app's entry module (package.json "main" in Azure). */
    appEntry: string;
    /** 0 picks a free port. */
    port: number;
    /** Where host state lives; undefined keeps everything in memory. */
    dataDir?: string;
    hostJsonPath?: string;
    /** Per-queue settings Azure keeps on the queue itself. */
    queues?: Record<string, { maxDeliveryCount?: number; lockDurationMs?: number }>;
    /** Invocation log lines; default: JSON lines on stdout. */
    log?: (line: InvocationLog | Record<string, unknown>) => void;
    /** Told of every request the public port answered (the terminal's readable lines); default: nobody. */
    onAnswered?: (r: AnsweredRequest) => void;
    /** Skip timer triggers (tests that do not want background invocations). */
    disableTimers?: boolean;
    /** Default: HTTP_MAX_REQUEST_BODY_BYTES, else Azure's 100 MB. */
    maxRequestBodyBytes?: number;
    /** Serve the simulator of Microsoft's cloud under /simulator, seeded from this world file (default: the demo world). */
    simulator?: { worldPath?: string };
    /** The host's clock reads this when the host starts, as after PUT /admin/clock (tests whose timers must start on a given day). */
    startAt?: Date;
}

/** Where the host keeps its generated secrets (the operator key: config/operatorKey.ts). */
const SYSTEM_KEY_TABLE = 'host-keys';

export class LocalHost {
    readonly engine: DurableEngine;
    readonly queues: EmbeddedQueues;
    readonly simulator?: Simulator;
    private readonly timers?: TimerRunner;
    private readonly dispatcher: QueueDispatcher;
    private readonly app: AppCapabilities;
    private readonly stream?: HttpStreamForwarder;
    private readonly routes: FunctionRoutes;
    /** How many functions the app registered. */
    readonly functionCount: number;
    private stopped = false;

    private constructor(
        readonly url: string,
        readonly systemKey: string,
        /** The time the app, the engine, timers, queues and simulator live on (PUT /admin/clock). */
        readonly clock: HostClock,
        private readonly kv: Kv,
        private readonly servers: HttpServer[],
        parts: { engine: DurableEngine; queues: EmbeddedQueues; dispatcher: QueueDispatcher; timers?: TimerRunner; simulator?: Simulator; app: AppCapabilities; stream?: HttpStreamForwarder; routes: FunctionRoutes; functionCount: number },
    ) {
        this.routes = parts.routes;
        this.functionCount = parts.functionCount;
        this.app = parts.app;
        this.stream = parts.stream;
        this.simulator = parts.simulator;
        this.engine = parts.engine;
        this.queues = parts.queues;
        this.dispatcher = parts.dispatcher;
        this.timers = parts.timers;
    }

    static async start(o: LocalHostOptions): Promise<LocalHost> {
        installCoreModule();
        const log = o.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
        const settings = readHostJson(o.hostJsonPath ?? path.resolve('host.json'));
        const kv = openKv(o.dataDir && path.join(o.dataDir, 'host'));
        const systemKey = await loadSystemKey(kv);
        const clock = new HostClock(kv);
        if (o.startAt) await clock.set(o.startAt.getTime());
        await loadApprovalKey(kv);
        const maxRequestBodyBytes = o.maxRequestBodyBytes ?? maxBody();
        const publicServer = new HttpServer({ mounts: [], maxRequestBodyBytes, onAnswered: o.onAnswered });
        const rpcServer = new HttpServer({ mounts: [], maxRequestBodyBytes: Number.MAX_SAFE_INTEGER });
        const port = await publicServer.listen(o.port);
        const rpcPort = await rpcServer.listen(0, '127.0.0.1');
        const url = `http://localhost:${port}`;
        // as the Functions host does: durable-functions builds its management links from it
        process.env.WEBSITE_HOSTNAME = `localhost:${port}`;
        // how the app's local adapters (queue sender) reach this host
        process.env.LOCAL_HOST_URL = url;
        process.env.LOCAL_HOST_KEY = systemKey;
        // the app reads the host's time (shared/core/clock.ts); log lines keep real time
        setAppClock(clock);
        const simulator = o.simulator ? await Simulator.start({ dataDir: o.dataDir, hostUrl: url, worldPath: o.simulator.worldPath, clock: () => clock.now() }) : undefined;
        if (simulator) {
            // the app's adapters find the simulated Microsoft endpoints the way they find the real ones
            // (unless real ones are configured: a value that is not a simulator URL is kept)
            const endpoints = Simulator.endpoints(url);
            const point = (name: string, value: string) => {
                if (!process.env[name] || process.env[name]!.includes('/simulator/')) process.env[name] = value;
            };
            point('PARTNER_CENTER_URL', endpoints.partnerCenter);
            point('ARM_URL', endpoints.arm);
            point('GRAPH_URL', endpoints.graph);
            point('CREDITS_API_URL', endpoints.credits);
            process.env.LOCAL_SMTP_PORT = String(simulator.smtpPort);
            // the local deployment acts at Partner Center for every partner of the world
            process.env.SERVED_PARTNERS ??= JSON.stringify(simulator.adminAgents());
        }

        const queues = new EmbeddedQueues(kv, { queues: o.queues, clock });
        const functions = new FunctionHost({
            log,
            appLog: (e) => log({ ts: new Date().toISOString(), level: e.level, function: e.functionName, invocationId: e.invocationId, category: e.category, message: e.message }),
            inputs: { durableClient: () => ({ string: JSON.stringify(durableClientData(url, `http://127.0.0.1:${rpcPort}`, { taskHub: settings.hubName, systemKey })) }) },
            outputs: { serviceBus: (binding, value) => queues.sendOutput(String(binding.queueName ?? binding.topicName), value) },
        });
        require(path.resolve(o.appEntry)); // the app registers its functions now, as in the Node worker
        const app = await appCapabilities(); // then the worker asks the library what it needs, e.g. HTTP streaming
        queues.declare(boundQueueNames(functions.list()));

        const engine = new DurableEngine({
            kv, maxConcurrentActivities: settings.maxConcurrentActivityFunctions, maxConcurrentOrchestrations: settings.maxConcurrentOrchestratorFunctions,
            extendedSessions: localExtendedSessions(process.env),
            clock,
            functions: {
                has: (name, trigger) => functions.get(name)?.trigger.type === trigger,
                invoke: (name, trigger, watch, instanceId) => functions.invoke(functions.get(name)!, trigger, { watch, instanceId }),
                logContinuation: (name, started, error, instanceId) => functions.logContinuation(functions.get(name)!, started, error, instanceId),
            },
        });
        const api = new ManagementApi(engine, { taskHub: settings.hubName, systemKey });
        const routes = new FunctionRoutes(functions, settings.routePrefix);
        const stream = app.httpUri ? new HttpStreamForwarder(functions, app.httpUri, maxRequestBodyBytes) : undefined;
        publicServer.configure({ mounts: [durableMount(api, systemKey), adminMount(systemKey, { queues: queueAdmin(queues), clock: clockAdmin(clock), functions: timerAdmin(functions, log) }), ...(simulator ? [simulator.mount()] : [])], functions: routes, stream });
        rpcServer.configure({ mounts: [durableMount(api, undefined)] });
        const dispatcher = new QueueDispatcher(queues, functions, log);
        const timers = o.disableTimers ? undefined : new TimerRunner(kv, functions, log, clock);
        // whatever waits for a time looks again when the clock is set
        clock.onChange(() => {
            engine.clockChanged();
            dispatcher.clockChanged();
            timers?.clockChanged();
        });

        await runHooks('appStart', { hookData: {}, appHookData: {}, functionAppDirectory: process.cwd() });
        engine.start();
        dispatcher.start();
        await timers?.start();
        log({ ts: new Date().toISOString(), level: 'info', message: `Host started on ${url}`, functions: functions.list().map((f) => `${f.metadata.name} [${f.trigger.type}]`), dataDir: o.dataDir ?? '(memory)', httpStreaming: !!stream, ...(clock.view().offsetMs ? { clock: clock.view() } : {}) });
        return new LocalHost(url, systemKey, clock, kv, [publicServer, rpcServer], { engine, queues, dispatcher, timers, simulator, app, stream, routes, functionCount: functions.list().length });
    }

    /** The URL of the app's HTTP function that answers GET `route` (below the route prefix), or undefined when none does. */
    functionUrl(route: string): string | undefined {
        if ('refused' in this.routes.match('GET', route)) return undefined;
        return `${this.url}/${this.routes.prefix ? `${this.routes.prefix}/` : ''}${route}`;
    }

    /** Stops triggers, lets running invocations finish, closes listeners and the store. */
    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        this.timers?.stop();
        await this.dispatcher.stop();
        await this.engine.stop();
        await runHooks('appTerminate', { hookData: {}, appHookData: {} });
        await Promise.all(this.servers.map((s) => s.close()));
        this.stream?.close();
        await this.app.close();
        await this.simulator?.stop();
        // the next host of this process (tests) starts from real time; another host's clock set since stays
        const current = setAppClock(systemClock);
        if (current !== this.clock) setAppClock(current);
        await this.kv.close();
    }
}

/** Signs the handover approval links; kept in DATA_DIR so links mailed before a restart still open. Set before the app loads. */
async function loadApprovalKey(kv: Kv): Promise<void> {
    if (process.env.APPROVAL_SIGNING_KEY) return;
    let key = kv.get<string>(SYSTEM_KEY_TABLE, 'approval_signing');
    if (!key) {
        key = randomBytes(32).toString('base64url');
        await kv.commit([{ table: SYSTEM_KEY_TABLE, key: 'approval_signing', value: key }]);
    }
    process.env.APPROVAL_SIGNING_KEY = key;
}

function maxBody(): number {
    return Number(process.env.HTTP_MAX_REQUEST_BODY_BYTES ?? 104_857_600); // Azure's default request size limit (100 MB)
}
