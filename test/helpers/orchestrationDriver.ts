// Runs an orchestrator generator without a host, the way Temporal's test
// environment runs a workflow against mocked activities: durable-functions'
// own Orchestrator replays it from a history the local engine's episode code
// writes (local/durable/episode.ts: the same payload, the same history events,
// the same determinism check), and every step it calls is answered by a stub
// named after the step's contract. Time is virtual: activities answer at the
// current time, and durable timers fire only when the test advances the clock
// (or lets the run skip ahead to its next timer). Every episode replays the
// whole history from the start, as Azure does for this Node app, so a branch
// that replays differently from how it first ran fails the run.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { scheduledByOrchestrator } from '../../local/durable/actions';
import { EpisodeResult, newInstance, OrchestratorState, runEpisode, startMessage } from '../../local/durable/episode';
import { episodeBatch } from '../../local/durable/episodeBatch';
import { encode, event, EventType, HistoryEvent } from '../../local/durable/history';
import type { Instance, Message, RuntimeStatus } from '../../local/durable/model';
import { orchestratorPayload } from '../../local/durable/payload';
import { outOfProcFailure } from '../../local/worker/outOfProcData';
import { faultOf, StepFault } from '../../shared/core/faults/stepFault';
import type { Step } from '../../shared/core/steps/step';

// durable-functions' own handler, as `df.app.orchestration` wraps a generator (the package exports no type for it)
const { Orchestrator } = require('durable-functions/lib/src/orchestrations/Orchestrator') as {
    Orchestrator: new (fn: OrchestratorFunction) => { listen(): (trigger: unknown, ctx: InvocationContext) => Promise<OrchestratorState> };
};

export type OrchestratorFunction = (ctx: OrchestrationContext) => Generator<Task, unknown, unknown>;

/** What a stub is told besides the input: which call of its step this is (1, 2, ...) and the run's time. */
export interface StepCall {
    n: number;
    at: Date;
}

/** A step's stand-in: answers what the activity would, or throws what it would (a StepFault). */
export interface StepStub {
    step: Step<any, any>;
    answer: (input: any, call: StepCall) => unknown;
}

/** A stub for `step`, typed by its contract. */
export function answer<I, O>(step: Step<I, O>, fn: (input: I, call: StepCall) => O | Promise<O>): StepStub {
    return { step, answer: fn };
}

export interface CalledStep {
    name: string;
    input: unknown;
    at: string;
    /** The execution (0, then 1, 2, ... after each continueAsNew). */
    execution: number;
}

export interface DriverOptions {
    instanceId: string;
    input: unknown;
    /** The run's start on the virtual clock (ISO 8601 with a zone): never today. */
    startAt: string;
    steps?: StepStub[];
    /** Virtual time an activity takes (default 0: it answers at the time it was called). */
    stepMs?: number;
    /** Order in which the results of one episode's activities come back (a fan-out): as scheduled, or reversed. */
    resultOrder?: 'scheduled' | 'reversed';
}

export class OrchestrationDriver {
    private instance: Instance;
    private history: HistoryEvent[] = [];
    private inbox: Message[] = [];
    private timers: Array<{ executionId: string; timerId: number; fireAt: string }> = [];
    private readonly stubs = new Map<string, StepStub>();
    private readonly counts = new Map<string, number>();
    private clock: number;
    private executions = 0;
    /** Every step called, in order, with its input as it travelled (JSON). */
    readonly calls: CalledStep[] = [];
    /** Every custom status the run set, in order (a repeat of the last one is not kept). */
    readonly statuses: unknown[] = [];
    /** The input of each execution after a continueAsNew. */
    readonly continuedWith: unknown[] = [];
    /** Episodes run (each a full replay). */
    episodes = 0;

    constructor(private readonly orchestrator: OrchestratorFunction, private readonly o: DriverOptions) {
        if (!/[zZ]|[+-]\d\d:\d\d$/.test(o.startAt)) throw new Error('startAt needs a zone');
        this.clock = Date.parse(o.startAt);
        this.instance = newInstance('orchestrator', o.instanceId, o.input, this.now);
        for (const s of o.steps ?? []) this.stub(s);
    }

    get now(): Date {
        return new Date(this.clock);
    }

    get status(): RuntimeStatus {
        return this.instance.runtimeStatus;
    }

    get done(): boolean {
        return ['Completed', 'Failed', 'Terminated'].includes(this.instance.runtimeStatus);
    }

    /** The orchestrator's result once completed (its error message once failed). */
    get output(): any {
        return this.instance.output;
    }

    get customStatus(): any {
        return this.instance.customStatus;
    }

    /** Durable timers not yet fired, earliest first. */
    get pendingTimers(): string[] {
        return this.timers.map((t) => t.fireAt).sort();
    }

    /** Replaces (or adds) the stub of a step. */
    stub(s: StepStub): this {
        this.stubs.set(s.step.name, s);
        return this;
    }

    /** The inputs `step` was called with, in order. */
    inputsOf<I>(step: Step<I, unknown>): I[] {
        return this.calls.filter((c) => c.name === step.name).map((c) => c.input as I);
    }

    /** The names of the steps called, in order. */
    get stepNames(): string[] {
        return this.calls.map((c) => c.name);
    }

    /** Starts the run and runs it until it waits for a timer or an event, or ends. */
    async start(): Promise<this> {
        if (this.episodes || this.inbox.length) throw new Error('already started');
        this.inbox.push(this.message(startMessage(this.instance, this.now)));
        await this.settle();
        return this;
    }

    /** Raises an external event (as the Durable API's raiseEvent does) and runs what follows. */
    async raise(name: string, data: unknown): Promise<this> {
        this.inbox.push(this.message({ instanceId: this.o.instanceId, event: event(EventType.EventRaised, this.now, { Name: name, Input: encode(data) }) }));
        await this.settle();
        return this;
    }

    /** Terminates the run. */
    async terminate(reason: string): Promise<this> {
        this.inbox.push(this.message({ instanceId: this.o.instanceId, event: event(EventType.ExecutionTerminated, this.now, { Input: encode(reason) }) }));
        await this.settle();
        return this;
    }

    /** Moves the virtual clock on by `ms`, firing each timer that falls due on the way, at its time. */
    async advance(ms: number): Promise<this> {
        return this.advanceTo(new Date(this.clock + ms).toISOString());
    }

    async advanceTo(iso: string): Promise<this> {
        const target = Date.parse(iso);
        if (target < this.clock) throw new Error(`the clock does not go back: ${iso} is before ${this.now.toISOString()}`);
        for (let next = this.nextTimer(); next && Date.parse(next.fireAt) <= target; next = this.nextTimer()) await this.fire(next);
        this.clock = target;
        return this;
    }

    /**
     * Runs to the end, skipping to each next timer when nothing else is left
     * (Temporal's time skipping). Fails when the run waits for an event that
     * never comes, or fires more than `maxTimers` timers.
     */
    async finish(o: { maxTimers?: number } = {}): Promise<this> {
        if (!this.episodes) await this.start();
        for (let fired = 0; !this.done; fired++) {
            const next = this.nextTimer();
            if (!next) throw new Error(`the run waits for an external event (status ${JSON.stringify(this.customStatus)})`);
            if (fired >= (o.maxTimers ?? 10_000)) throw new Error(`still running after ${fired} timers`);
            await this.fire(next);
        }
        return this;
    }

    private nextTimer() {
        return [...this.timers].sort((a, b) => Date.parse(a.fireAt) - Date.parse(b.fireAt))[0];
    }

    private async fire(t: { executionId: string; timerId: number; fireAt: string }): Promise<void> {
        this.clock = Math.max(this.clock, Date.parse(t.fireAt));
        this.timers.splice(this.timers.indexOf(t), 1);
        this.inbox.push(this.message({ instanceId: this.o.instanceId, executionId: t.executionId, event: event(EventType.TimerFired, this.now, { TimerId: t.timerId, FireAt: t.fireAt }) }));
        await this.settle();
    }

    private message(m: Omit<Message, 'key'>): Message {
        return { ...m, key: String(this.inbox.length) };
    }

    /** Runs episodes until nothing is waiting in the inbox. */
    private async settle(): Promise<void> {
        while (this.inbox.length) {
            const batch = episodeBatch(this.inbox, this.instance);
            const ran = this.instance;
            const result = await runEpisode(ran, batch, this.now, {
                steps: () => scheduledByOrchestrator(this.history),
                replay: (events) => this.replay(ran, events),
            });
            this.inbox.splice(0, batch.length);
            await this.apply(result);
        }
    }

    /** One replay of the whole history plus the new events, through durable-functions' Orchestrator. */
    private async replay(inst: Instance, newEvents: HistoryEvent[]): Promise<{ state: OrchestratorState; failed: boolean }> {
        this.episodes++;
        const items = [...this.history.map((e) => ({ ...e, IsPlayed: true })), ...newEvents].map((e) => JSON.stringify(e)).join(',');
        // parsed afresh each time: the SDK turns the history's timestamps into Dates in place
        const trigger = JSON.parse(orchestratorPayload({ instanceId: inst.instanceId, input: inst.input }, items, this.history.length > 0));
        return invokeOrchestrator(this.orchestrator, trigger);
    }

    private async apply(r: EpisodeResult): Promise<void> {
        if (!r.applied) return;
        if (r.newChildren.length) throw new Error('sub-orchestrations are not driven here');
        const ran = this.instance;
        this.instance = r.instance;
        if (r.newExecution) {
            this.history = [];
            this.executions++;
            this.continuedWith.push(r.instance.input);
        } else {
            this.history.push(...r.appended);
        }
        const status = r.instance.customStatus;
        if (status !== null && JSON.stringify(status) !== JSON.stringify(this.statuses[this.statuses.length - 1])) this.statuses.push(status);
        this.timers = r.cancelTimers === 'all' ? [] : this.timers.filter((t) => !(r.cancelTimers as number[]).includes(t.timerId) || t.executionId !== ran.executionId);
        this.timers.push(...r.timers.map((t) => ({ executionId: t.executionId, timerId: t.timerId, fireAt: t.fireAt })));
        for (const m of r.outbox) {
            if (m.instanceId !== this.o.instanceId) throw new Error(`a message to another instance (${m.instanceId}) is not driven here`);
            this.inbox.push(this.message(m));
        }
        const results: Message[] = [];
        for (const a of r.activities) {
            const done = await this.runStep(a.name, a.input, a.taskScheduledId);
            results.push(this.message({ instanceId: a.instanceId, executionId: a.executionId, event: done }));
        }
        this.clock += r.activities.length ? (this.o.stepMs ?? 0) : 0;
        for (const m of results) m.event.Timestamp = this.now.toISOString();
        this.inbox.push(...(this.o.resultOrder === 'reversed' ? results.reverse() : results));
    }

    /** Answers one activity as the engine would: a result, or a failure whose message carries the error's. */
    private async runStep(name: string, rawInput: unknown, taskScheduledId: number): Promise<HistoryEvent> {
        const input = JSON.parse(encode(rawInput));
        this.calls.push({ name, input, at: this.now.toISOString(), execution: this.executions });
        const stub = this.stubs.get(name);
        if (!stub) throw new Error(`no stub for step '${name}' (called with ${JSON.stringify(input)})`);
        // the activity would refuse this input: that is the orchestrator's bug, not a step's failure
        const parsed = stub.step.input.safeParse(input);
        if (!parsed.success) throw new Error(`the orchestrator called '${name}' with an input its contract refuses: ${parsed.error.message}`);
        const n = (this.counts.get(name) ?? 0) + 1;
        this.counts.set(name, n);
        try {
            const out = await stub.answer(parsed.data, { n, at: this.now });
            // what the activity would return: its contract checks it on the way out, and it travels as JSON
            const checked = stub.step.output.safeParse(out);
            if (!checked.success) throw new Error(`the stub of '${name}' answered what its contract refuses: ${checked.error.message}`);
            return event(EventType.TaskCompleted, this.now, { TaskScheduledId: taskScheduledId, Result: encode(checked.data) });
        } catch (e) {
            if (e instanceof Error && e.message.startsWith(`the stub of '${name}'`)) throw e;
            // as activities/implement.ts (runActivity) does: whatever the step threw leaves it as a StepFault
            const err = e instanceof StepFault ? e : new StepFault(faultOf(e));
            return event(EventType.TaskFailed, this.now, {
                TaskScheduledId: taskScheduledId, Reason: `Activity function '${name}' failed: ${err.message}`, Details: err.stack ?? '',
                FailureDetails: { ErrorType: err.name, ErrorMessage: err.message, StackTrace: err.stack, IsNonRetriable: false },
            });
        }
    }

    /** The run's history as the engine would keep it (for replay checks). */
    get recordedHistory(): readonly HistoryEvent[] {
        return this.history;
    }
}

/**
 * One episode of `orchestrator` through durable-functions' Orchestrator, as
 * the Functions host invokes it: `trigger` is the payload of local/durable/payload.ts,
 * parsed; failed = the orchestrator threw (its state then comes from the SDK's error).
 */
export async function invokeOrchestrator(orchestrator: OrchestratorFunction, trigger: unknown): Promise<{ state: OrchestratorState; failed: boolean }> {
    const ctx = new df.DummyOrchestrationContext('orchestrator', 'episode', () => undefined);
    try {
        return { state: await new Orchestrator(orchestrator).listen()(trigger, ctx), failed: false };
    } catch (err) {
        const failure = outOfProcFailure(err);
        if (failure) return { state: failure.state as unknown as OrchestratorState, failed: true };
        return { state: { isDone: false, error: (err as Error).message }, failed: true };
    }
}

/** A driver for `orchestrator`, started: it has run until it waits or ended. */
export async function drive(orchestrator: OrchestratorFunction, o: DriverOptions): Promise<OrchestrationDriver> {
    return new OrchestrationDriver(orchestrator, o).start();
}
