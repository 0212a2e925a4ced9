// The local durable backend: keeps instances, messages, activity work items
// and timers; runs episodes (one instance at a time each) and activities with
// bounded concurrency; commits every step atomically to the KV store so a
// killed process resumes where it stopped (activities at least once).
// Histories are rows of their own (historyLog.ts): an episode appends its
// events; what the SDK replays is cached as text (replayCache.ts).
import { Clock, systemClock } from '../../shared/core/clock';
import { Kv, KvOp } from '../../shared/adapters/embedded/embeddedKv';
import { timerDelay } from '../timers/timerDelay';
import { outOfProcFailure } from '../worker/outOfProcData';
import { TypedData } from '../worker/types';
import { encode, event, EventType, HistoryEvent } from './history';
import { continueSession, executorOf, ExtendedSessions, SdkExecutor } from './extendedSessions';
import { HistoryLog } from './historyLog';
import { orchestratorPayload } from './payload';
import { PlayedHistory, ReplayCache } from './replayCache';
import { loadStoredInstance, StoredInstance } from './storedInstance';
import { TimerIndex } from './timerIndex';
import { EpisodeResult, newInstance, OrchestratorState, Outgoing, runEpisode, startMessage } from './episode';
import { episodeBatch } from './episodeBatch';
import { ActivityWorkItem, DurableTimer, Instance, Message, RuntimeStatus, StatusView, TERMINAL } from './model';

/** How the engine reaches the app's orchestrator and activity functions. */
export interface DurableFunctionHost {
    has(name: string, trigger: 'orchestrationTrigger' | 'activityTrigger'): boolean;
    /**
     * Invokes and returns the decoded return value; rejects when the function throws. `watch` sees the invocation context;
     * `instanceId` is the orchestration the invocation works for (its log line names it).
     */
    invoke(name: string, trigger: TypedData, watch?: (invocationContext: unknown) => void, instanceId?: string): Promise<unknown>;
    /** Logs an episode run on a kept session, as an invocation would have been (`started`: process.hrtime.bigint()). */
    logContinuation?(name: string, started: bigint, error?: string, instanceId?: string): void;
}

export interface EngineOptions {
    kv: Kv;
    functions: DurableFunctionHost;
    maxConcurrentActivities?: number;
    maxConcurrentOrchestrations?: number;
    /** Bound on the replay cache, in characters of history JSON (default 64 Mi); beyond it, histories are re-read from their rows. */
    replayCacheChars?: number;
    /** Keep orchestrations in memory between episodes instead of replaying them (the local host's LOCAL_EXTENDED_SESSIONS). */
    extendedSessions?: boolean;
    /** How many sessions are kept at most (default 1,000). */
    maxSessions?: number;
    /** The host's clock (default: the system's): OrchestratorStarted timestamps, timers, instance times. */
    clock?: Clock;
}

export interface InstanceQuery {
    runtimeStatus?: RuntimeStatus[];
    createdTimeFrom?: Date;
    createdTimeTo?: Date;
    instanceIdPrefix?: string;
}

export class InstanceConflictError extends Error {
    readonly status = 409;
}

const EVENT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(EventType).map(([k, v]) => [v, k]));

const T = { instances: 'df-instances', messages: 'df-messages', activities: 'df-activities', timers: 'df-timers' } as const;

export class DurableEngine {
    private readonly instances = new Map<string, Instance>();
    private readonly inbox = new Map<string, Message[]>();
    private readonly ready = new Set<string>();
    private readonly busy = new Set<string>();
    private readonly activityQueue: ActivityWorkItem[] = [];
    /** Per instance, the activities it scheduled whose results have not arrived yet. */
    private readonly resultsDue = new Map<string, number>();
    private readonly timers = new TimerIndex();
    private runningActivities = 0;
    private wakeTimer?: NodeJS.Timeout;
    private stopped = true;
    private seq = 0;
    private lastCommit: Promise<void> = Promise.resolve();
    private readonly history: HistoryLog;
    /** Played history per live instance, so a replay neither re-reads nor re-encodes what it sent last time. */
    private readonly replayCache: ReplayCache;
    /** Orchestrations suspended in the SDK between episodes (extended sessions), when enabled. */
    private readonly sessions?: ExtendedSessions;
    /** The executor an episode ran on, until the episode is applied and the session kept for the next. */
    private readonly ranOn = new Map<string, SdkExecutor>();
    /** Ids whose start is being committed (see startNew). */
    private readonly starting = new Set<string>();
    private readonly idleWaiters: Array<() => void> = [];
    private readonly changeListeners = new Set<(i: Instance) => void>();
    private readonly clock: Clock;
    private readonly maxActivities: number;
    private readonly maxOrchestrations: number;

    constructor(private readonly o: EngineOptions) {
        this.clock = o.clock ?? systemClock;
        this.maxActivities = o.maxConcurrentActivities ?? 32;
        this.maxOrchestrations = o.maxConcurrentOrchestrations ?? 32;
        this.history = new HistoryLog(o.kv);
        this.replayCache = new ReplayCache(o.replayCacheChars ?? 64 * 1024 * 1024);
        if (o.extendedSessions) this.sessions = new ExtendedSessions(o.maxSessions ?? 1000);
    }

    /** The app functions the engine runs (also used to replay recorded histories). */
    get functions(): DurableFunctionHost {
        return this.o.functions;
    }

    get persistent(): boolean {
        return this.o.kv.persistent;
    }

    /** Loads whatever a previous process left and starts dispatching. */
    start(): void {
        for (const [id, row] of this.o.kv.entries<StoredInstance>(T.instances)) {
            const { instance, migration } = loadStoredInstance(id, row, this.history);
            this.instances.set(id, instance);
            if (migration.length) this.commitHistory(instance, [...migration, { table: T.instances, key: id, value: instance }]);
        }
        for (const [, m] of this.o.kv.entries<Message>(T.messages)) this.enqueueMessage(m);
        for (const [, a] of this.o.kv.entries<ActivityWorkItem>(T.activities)) this.queueActivities([a]);
        for (const [, t] of this.o.kv.entries<DurableTimer>(T.timers)) this.timers.add(t);
        this.stopped = false;
        this.pump();
        this.armTimer();
    }

    /** The host's clock was set: timers due on the new time fire now, the others wait for it. */
    clockChanged(): void {
        this.armTimer();
    }

    /** Stops taking new work and waits for what is running. */
    async stop(): Promise<void> {
        this.stopped = true;
        clearTimeout(this.wakeTimer);
        while (this.busy.size || this.runningActivities) await new Promise((r) => setTimeout(r, 5));
        await this.lastCommit;
    }

    /** Resolves once every step taken so far is in the store. */
    flushed(): Promise<void> {
        return this.lastCommit;
    }

    stats() {
        return {
            running: !this.stopped, persistent: this.persistent, instances: this.instances.size,
            pendingActivities: this.activityQueue.length + this.runningActivities, timers: this.timers.size, cachedHistories: this.replayCache.size, sessions: this.sessions?.size ?? 0,
        };
    }

    // ---- client operations ------------------------------------------------

    async startNew(name: string, instanceId: string, input: unknown): Promise<string> {
        if (!this.o.functions.has(name, 'orchestrationTrigger')) throw new Error(`No orchestrator function named '${name}' is registered.`);
        const existing = this.instances.get(instanceId);
        if (existing && !TERMINAL.has(existing.runtimeStatus)) {
            throw new InstanceConflictError(`An instance with ID '${instanceId}' already exists and is ${existing.runtimeStatus}.`);
        }
        // the instance shows only once its commit landed, so a second start meanwhile would pass the check above
        // and both would answer 202; as in the Durable Task backends, one start wins and the other is a conflict
        if (this.starting.has(instanceId)) throw new InstanceConflictError(`An instance with ID '${instanceId}' is being started.`);
        this.starting.add(instanceId);
        try {
            await this.createInstance(name, instanceId, input, existing);
        } finally {
            this.starting.delete(instanceId);
        }
        return instanceId;
    }

    /** Replaces an ended `existing` instance, if any, by a new one and sends it its start. */
    private async createInstance(name: string, instanceId: string, input: unknown, existing: Instance | undefined): Promise<void> {
        const inst = newInstance(name, instanceId, input, this.now());
        const ops: KvOp[] = [...(existing ? this.purgeOps(instanceId) : []), { table: T.instances, key: instanceId, value: inst }];
        const msg = this.message(startMessage(inst, this.now()));
        ops.push({ table: T.messages, key: msg.key, value: msg });
        await this.commit(ops);
        if (existing) this.forget(instanceId);
        this.instances.set(instanceId, inst);
        this.enqueueMessage(msg);
        this.emitChange(inst);
        this.pump();
    }

    /** Returns 'not-found' | 'completed' (instance already ended) | 'accepted'. */
    async raiseEvent(instanceId: string, name: string, data: unknown): Promise<'not-found' | 'completed' | 'accepted'> {
        return this.deliver(instanceId, event(EventType.EventRaised, this.now(), { Name: name, Input: encode(data) }));
    }

    async terminate(instanceId: string, reason: string): Promise<'not-found' | 'completed' | 'accepted'> {
        return this.deliver(instanceId, event(EventType.ExecutionTerminated, this.now(), { Input: encode(reason) }));
    }

    /** Purges ended instances only, like the Durable Task backends. */
    async purge(instanceIds: string[]): Promise<number> {
        const ended = instanceIds.filter((id) => { const i = this.instances.get(id); return i && TERMINAL.has(i.runtimeStatus); });
        await this.commit(ended.flatMap((id) => this.purgeOps(id)));
        ended.forEach((id) => this.forget(id));
        return ended.length;
    }

    getStatus(instanceId: string, opts: { showHistory?: boolean; showInput?: boolean } = {}): StatusView | undefined {
        const i = this.instances.get(instanceId);
        return i && this.view(i, opts);
    }

    query(q: InstanceQuery, opts: { showInput?: boolean } = {}): StatusView[] {
        return [...this.instances.values()]
            .filter((i) => !q.runtimeStatus?.length || q.runtimeStatus.includes(i.runtimeStatus))
            .filter((i) => !q.createdTimeFrom || new Date(i.createdTime) >= q.createdTimeFrom)
            .filter((i) => !q.createdTimeTo || new Date(i.createdTime) <= q.createdTimeTo)
            .filter((i) => !q.instanceIdPrefix || i.instanceId.startsWith(q.instanceIdPrefix))
            .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.instanceId.localeCompare(b.instanceId))
            .map((i) => this.view(i, opts));
    }

    /** Resolves when nothing is runnable now (future timers may remain). */
    whenIdle(): Promise<void> {
        if (this.isIdle()) return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }

    /** Resolves with the instance once `predicate` holds (checked on every change). */
    waitFor(instanceId: string, predicate: (s: StatusView) => boolean): Promise<StatusView> {
        const current = this.getStatus(instanceId);
        if (current && predicate(current)) return Promise.resolve(current);
        return new Promise((resolve) => {
            const listener = (i: Instance) => {
                if (i.instanceId !== instanceId) return;
                const v = this.view(i, {});
                if (predicate(v)) { this.changeListeners.delete(listener); resolve(v); }
            };
            this.changeListeners.add(listener);
        });
    }

    // ---- dispatch -----------------------------------------------------------

    private pump(): void {
        if (this.stopped) return;
        for (const id of this.ready) {
            if (this.busy.size >= this.maxOrchestrations) break;
            if (this.busy.has(id)) continue;
            this.ready.delete(id);
            this.busy.add(id);
            const run = () => void this.processNext(id).finally(() => {
                this.busy.delete(id);
                if (this.inbox.get(id)?.length) this.ready.add(id);
                this.pump();
            });
            // more results on their way (a fan-out): wait one turn of the event loop, so that those
            // arriving meanwhile join this episode rather than each replaying the whole history again
            if (this.resultsDue.has(id)) setImmediate(run);
            else run();
        }
        while (this.runningActivities < this.maxActivities && this.activityQueue.length) {
            const item = this.activityQueue.shift()!;
            this.runningActivities++;
            void this.runActivity(item).finally(() => {
                this.runningActivities--;
                this.pump();
            });
        }
        if (this.isIdle()) this.idleWaiters.splice(0).forEach((r) => r());
    }

    private isIdle(): boolean {
        return this.ready.size === 0 && this.busy.size === 0 && this.activityQueue.length === 0 && this.runningActivities === 0;
    }

    private async processNext(instanceId: string): Promise<void> {
        const queue = this.inbox.get(instanceId);
        const message = queue?.[0];
        if (!message) return;
        const instance = this.instances.get(instanceId);
        if (!instance) { // purged meanwhile: drop its mail
            void this.commit([{ table: T.messages, key: message.key }]);
            queue.shift();
            return;
        }
        const batch = episodeBatch(queue, instance);
        let result: EpisodeResult;
        try {
            let played: PlayedHistory | undefined;
            const past = () => (played ??= this.playedHistory(instance));
            result = await runEpisode(instance, batch, this.now(), { steps: () => past().steps, replay: (events) => this.replay(instance, () => past().json, events) });
        } catch (err) {
            // a host-level fault (e.g. unsupported action): fail the instance rather than loop on it
            const failure = `The local durable host could not run this orchestration: ${(err as Error).message}`;
            result = {
                applied: true, instance: { ...instance, runtimeStatus: 'Failed', output: failure, lastUpdatedTime: this.now().toISOString() },
                appended: [], newExecution: false, activities: [], timers: [], cancelTimers: 'all', outbox: [], newChildren: [],
            };
        }
        this.apply(instance, batch, result);
        queue.splice(0, batch.length);
    }

    private apply(ran: Instance, consumed: readonly Message[], r: EpisodeResult): void {
        const ops: KvOp[] = consumed.map((m) => ({ table: T.messages, key: m.key }));
        if (!r.applied) return void this.commit(ops);
        const inst = r.instance;
        // the execution that ran: its new events are appended, or all its rows go if it continued as new
        if (r.newExecution) ops.push(...this.history.remove(inst.instanceId, ran.executionId, ran.historyLength));
        else ops.push(...this.history.append(inst.instanceId, ran.executionId, ran.historyLength, r.appended));
        ops.push({ table: T.instances, key: inst.instanceId, value: inst });
        const cancelled = this.timers.of(inst.instanceId).filter((t) => r.cancelTimers === 'all' || r.cancelTimers.includes(t.timerId));
        cancelled.forEach((t) => ops.push({ table: T.timers, key: t.key }));
        const timers = r.timers.map((t) => ({ ...t, key: `${t.instanceId}\u0000${t.executionId}\u0000${t.timerId}` }));
        timers.forEach((t) => ops.push({ table: T.timers, key: t.key, value: t }));
        const activities = r.activities.map((a) => ({ ...a, key: this.nextKey() }));
        activities.forEach((a) => ops.push({ table: T.activities, key: a.key, value: a }));
        for (const child of r.newChildren) {
            ops.push(...(this.instances.has(child.instanceId) ? this.purgeOps(child.instanceId) : []), { table: T.instances, key: child.instanceId, value: child });
        }
        const messages = r.outbox.map((m) => this.message(m));
        messages.forEach((m) => ops.push({ table: T.messages, key: m.key, value: m }));
        if (r.newExecution) void this.commit(ops);
        else this.commitHistory(inst, ops);

        this.instances.set(inst.instanceId, inst);
        if (TERMINAL.has(inst.runtimeStatus) || r.newExecution) this.replayCache.drop(inst.instanceId);
        else this.replayCache.append(inst.instanceId, ran.executionId, ran.historyLength, r.appended);
        this.keepSession(inst, r);
        cancelled.forEach((t) => this.timers.delete(t));
        timers.forEach((t) => this.timers.add(t));
        this.queueActivities(activities);
        for (const child of r.newChildren) { this.forget(child.instanceId); this.instances.set(child.instanceId, child); }
        messages.forEach((m) => this.enqueueMessage(m));
        if (timers.length || cancelled.length) this.armTimer();
        this.emitChange(inst);
        r.newChildren.forEach((c) => this.emitChange(c));
    }

    /** What a restart (a deploy) does to sessions: every instance's next episode replays its history, determinism check included. */
    forgetSessions(): void {
        this.sessions?.clear();
    }

    /** The executor the episode ran on waits for the next one, unless the execution is over. */
    private keepSession(inst: Instance, r: EpisodeResult): void {
        const executor = this.ranOn.get(inst.instanceId);
        this.ranOn.delete(inst.instanceId);
        if (!this.sessions) return;
        if (!executor || TERMINAL.has(inst.runtimeStatus) || r.newExecution) this.sessions.drop(inst.instanceId);
        else this.sessions.keep(inst.instanceId, inst.executionId, inst.historyLength, executor);
    }

    private async replay(inst: Instance, played: () => string, newEvents: HistoryEvent[]): Promise<{ state: OrchestratorState; failed: boolean }> {
        if (!this.o.functions.has(inst.name, 'orchestrationTrigger')) {
            return { failed: true, state: { isDone: false, error: `No orchestrator function named '${inst.name}' is registered.` } };
        }
        const kept = this.sessions?.take(inst.instanceId, inst.executionId, inst.historyLength);
        if (kept) {
            this.ranOn.set(inst.instanceId, kept);
            const started = process.hrtime.bigint();
            const run = continueSession(kept, newEvents);
            this.o.functions.logContinuation?.(inst.name, started, run.failed ? (run.state.error ?? 'Orchestrator function failed') : undefined, inst.instanceId);
            return run;
        }
        const watch = this.sessions && ((ctx: unknown) => {
            const executor = executorOf(ctx);
            if (executor) this.ranOn.set(inst.instanceId, executor);
        });
        // the played part of the history is cached as text, so only the new events are encoded
        const fresh = newEvents.map((e) => JSON.stringify(e)).join(',');
        const past = played();
        const payload = orchestratorPayload({ instanceId: inst.instanceId, input: inst.input, parentInstanceId: inst.parent?.instanceId }, past ? `${past},${fresh}` : fresh, inst.historyLength > 0);
        try {
            const state = (await this.o.functions.invoke(inst.name, { string: payload }, watch, inst.instanceId)) as OrchestratorState;
            return { state, failed: false };
        } catch (err) {
            const failure = outOfProcFailure(err);
            if (failure) return { state: failure.state as unknown as OrchestratorState, failed: true };
            return { state: { isDone: false, error: (err as Error).message }, failed: true };
        }
    }

    /** The instance's history as the SDK replays it: cached, else read once from its rows and cached. */
    private playedHistory(inst: Instance): PlayedHistory {
        const { instanceId, executionId, historyLength } = inst;
        return this.replayCache.get(instanceId, executionId, historyLength)
            ?? this.replayCache.put(instanceId, executionId, historyLength === 0 ? [] : this.history.read(instanceId, executionId, historyLength));
    }

    private async runActivity(item: ActivityWorkItem): Promise<void> {
        const at = () => this.now();
        let done: HistoryEvent;
        try {
            if (!this.o.functions.has(item.name, 'activityTrigger')) throw new Error(`No activity function named '${item.name}' is registered.`);
            const result = await this.o.functions.invoke(item.name, { json: JSON.stringify(item.input ?? null) }, undefined, item.instanceId);
            done = event(EventType.TaskCompleted, at(), { TaskScheduledId: item.taskScheduledId, Result: encode(result) });
        } catch (e) {
            const err = e instanceof Error ? e : new Error(String(e));
            done = event(EventType.TaskFailed, at(), {
                TaskScheduledId: item.taskScheduledId, Reason: `Activity function '${item.name}' failed: ${err.message}`, Details: err.stack ?? '',
                FailureDetails: { ErrorType: err.name, ErrorMessage: err.message, StackTrace: err.stack, IsNonRetriable: false },
            });
        }
        const msg = this.message({ instanceId: item.instanceId, executionId: item.executionId, event: done });
        void this.commit([{ table: T.activities, key: item.key }, { table: T.messages, key: msg.key, value: msg }]);
        const due = (this.resultsDue.get(item.instanceId) ?? 1) - 1;
        if (due > 0) this.resultsDue.set(item.instanceId, due);
        else this.resultsDue.delete(item.instanceId);
        this.enqueueMessage(msg);
    }

    private armTimer(): void {
        clearTimeout(this.wakeTimer);
        if (this.stopped || this.timers.size === 0) return;
        let next = Infinity;
        for (const t of this.timers.all()) next = Math.min(next, Date.parse(t.fireAt));
        // a wait beyond setTimeout's cap wakes early, fires nothing and re-arms
        this.wakeTimer = setTimeout(() => void this.fireDueTimers(), timerDelay(next - this.now().getTime()));
        this.wakeTimer.unref?.();
    }

    private async fireDueTimers(): Promise<void> {
        const now = this.now().getTime();
        const due = [...this.timers.all()].filter((t) => Date.parse(t.fireAt) <= now);
        const messages = due.map((t) => this.message({ instanceId: t.instanceId, executionId: t.executionId, event: event(EventType.TimerFired, this.now(), { TimerId: t.timerId, FireAt: t.fireAt }) }));
        if (due.length) {
            due.forEach((t) => this.timers.delete(t)); // before the await, so a re-arm cannot fire them twice
            void this.commit([...due.map((t) => ({ table: T.timers, key: t.key })), ...messages.map((m) => ({ table: T.messages, key: m.key, value: m }))]);
            messages.forEach((m) => this.enqueueMessage(m));
        }
        this.armTimer();
    }

    // ---- helpers --------------------------------------------------------------

    private async deliver(instanceId: string, e: HistoryEvent): Promise<'not-found' | 'completed' | 'accepted'> {
        const inst = this.instances.get(instanceId);
        if (!inst) return 'not-found';
        if (TERMINAL.has(inst.runtimeStatus)) return 'completed';
        const msg = this.message({ instanceId, event: e });
        await this.commit([{ table: T.messages, key: msg.key, value: msg }]);
        this.enqueueMessage(msg);
        return 'accepted';
    }

    private message(m: Outgoing): Message {
        return { ...m, key: this.nextKey() };
    }

    /** Now on the host's clock. */
    private now(): Date {
        return new Date(this.clock.now());
    }

    /** Time-ordered unique keys: messages replay in arrival order after a restart (real time: the host's clock can be set back). */
    private nextKey(): string {
        return `${Date.now().toString(36).padStart(9, '0')}-${process.pid.toString(36)}-${(this.seq++).toString(36).padStart(7, '0')}`;
    }

    private enqueueMessage(m: Message): void {
        const q = this.inbox.get(m.instanceId) ?? [];
        q.push(m);
        this.inbox.set(m.instanceId, q);
        if (!this.busy.has(m.instanceId)) this.ready.add(m.instanceId);
        this.pump();
    }

    private purgeOps(instanceId: string): KvOp[] {
        const inst = this.instances.get(instanceId);
        const ops: KvOp[] = [{ table: T.instances, key: instanceId }];
        if (inst) ops.push(...this.history.remove(instanceId, inst.executionId, inst.historyLength));
        for (const m of this.inbox.get(instanceId) ?? []) ops.push({ table: T.messages, key: m.key });
        for (const t of this.timers.of(instanceId)) ops.push({ table: T.timers, key: t.key });
        return ops;
    }

    private queueActivities(items: ActivityWorkItem[]): void {
        for (const a of items) {
            this.activityQueue.push(a);
            this.resultsDue.set(a.instanceId, (this.resultsDue.get(a.instanceId) ?? 0) + 1);
        }
    }

    private forget(instanceId: string): void {
        this.instances.delete(instanceId);
        this.replayCache.drop(instanceId);
        this.sessions?.drop(instanceId);
        this.inbox.delete(instanceId);
        this.ready.delete(instanceId);
        for (const t of this.timers.of(instanceId)) this.timers.delete(t);
    }

    /**
     * Writes ops behind the in-memory state. LMDB applies transactions in call
     * order, so internal steps need not wait: after a crash the store holds a
     * prefix of them, which replays to the same state (activities at least once).
     * Whatever answers an outside caller awaits its commit, and with it all
     * earlier ones. A memory store is not written at all: the engine's own
     * state is the only copy (the history log keeps the histories).
     */
    private commit(ops: KvOp[]): Promise<void> {
        if (!this.o.kv.persistent || ops.length === 0) return this.lastCommit;
        this.lastCommit = this.o.kv.commit(ops).catch((err: Error) => this.fault(err));
        return this.lastCommit;
    }

    /** Commits ops that append to `inst`'s history; once they land, reads take those events from the rows. */
    private commitHistory(inst: Instance, ops: KvOp[]): void {
        const { instanceId, executionId, historyLength } = inst;
        const landed = this.commit(ops);
        if (this.o.kv.persistent) void landed.then(() => this.history.landed(instanceId, executionId, historyLength));
    }

    /** Memory and disk no longer agree: stop rather than run on a state that cannot be recovered. */
    private fault(err: Error): void {
        this.stopped = true;
        clearTimeout(this.wakeTimer);
        process.stderr.write(`${JSON.stringify({ level: 'critical', message: 'durable store write failed; engine stopped', error: err.message })}\n`);
    }

    private emitChange(i: Instance): void {
        for (const l of [...this.changeListeners]) l(i);
    }

    private view(i: Instance, opts: { showHistory?: boolean; showInput?: boolean }): StatusView {
        return {
            name: i.name, instanceId: i.instanceId, runtimeStatus: i.runtimeStatus === 'ContinuedAsNew' ? 'Running' : i.runtimeStatus,
            input: opts.showInput === false ? null : i.input, customStatus: i.customStatus ?? null, output: i.output ?? null,
            createdTime: i.createdTime, lastUpdatedTime: i.lastUpdatedTime,
            ...(opts.showHistory ? { history: this.history.read(i.instanceId, i.executionId, i.historyLength).map((e) => ({ ...e, EventType: EVENT_NAMES[e.EventType] ?? e.EventType })) } : {}),
        };
    }
}
