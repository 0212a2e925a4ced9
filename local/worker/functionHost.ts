// Invokes the app's registered functions the way the Functions host does:
// trigger value + extra input bindings in, return value + output bindings out,
// one structured log line per invocation.
import { randomUUID } from 'node:crypto';
import { registrations } from './coreModule';
import { ContextWatcher, invoke, LogSink } from './invoke';
import { outOfProcFailure } from './outOfProcData';
import { fromTypedData } from './typedData';
import { BindingInfo, InvocationResponse, RegisteredFunction, TypedData } from './types';

/** Supplies the value of an extra input binding (e.g. the durable client). */
export type InputProvider = (binding: BindingInfo) => TypedData | undefined;
/** Receives the value an output binding produced (e.g. a Service Bus message). */
export type OutputHandler = (binding: BindingInfo, value: unknown) => Promise<void>;

export interface InvocationLog {
    ts: string;
    level: 'info' | 'error';
    function: string;
    trigger: string;
    invocationId: string;
    durationMs: number;
    outcome: 'succeeded' | 'failed';
    error?: string;
    /** The orchestration an orchestrator episode or an activity worked for. */
    instanceId?: string;
}

export interface InvocationExtras {
    triggerMetadata?: Record<string, TypedData>;
    retryContext?: { retryCount: number; maxRetryCount: number };
    /** Chosen by the caller when it must know it first (HTTP streaming sends it to the app's proxy). */
    invocationId?: string;
    watch?: ContextWatcher;
    /** The orchestration this invocation works for (durable triggers): named in its log line. */
    instanceId?: string;
}

export interface FunctionHostOptions {
    inputs?: Record<string, InputProvider>;
    outputs?: Record<string, OutputHandler>;
    /** Invocation summaries (one per invocation). */
    log?: (entry: InvocationLog) => void;
    /** Lines the app logged through context.log. */
    appLog?: LogSink;
}

export class FunctionHost {
    constructor(private readonly o: FunctionHostOptions = {}) {}

    list(): RegisteredFunction[] {
        return [...registrations.functions.values()];
    }

    byTrigger(type: string): RegisteredFunction[] {
        return this.list().filter((f) => f.trigger.type === type);
    }

    get(name: string): RegisteredFunction | undefined {
        return registrations.functions.get(name);
    }

    /** Runs one invocation; rejects when the function threw. Returns the decoded return value. */
    async invoke(fn: RegisteredFunction, trigger: TypedData | undefined, extra: InvocationExtras = {}): Promise<unknown> {
        return (await this.run(fn, trigger, extra)).value;
    }

    /**
     * Like invoke, and also says whether the handler returned anything: a streaming HTTP
     * function answers through the app's proxy, so its return value is not the answer.
     */
    async run(fn: RegisteredFunction, trigger: TypedData | undefined, extra: InvocationExtras = {}): Promise<{ value: unknown; returned: boolean }> {
        const started = process.hrtime.bigint();
        const inputData: Array<{ name: string; data: TypedData | undefined }> = [{ name: fn.trigger.name as string, data: trigger }];
        for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
            if (binding === fn.trigger || binding.direction !== 'in') continue;
            const provider = this.o.inputs?.[binding.type];
            if (!provider) throw new Error(`Function '${fn.metadata.name}': the local host has no provider for input binding type '${binding.type}'.`);
            inputData.push({ name, data: provider(binding) });
        }
        const { invocationId = randomUUID(), watch, instanceId, ...request } = extra;
        try {
            const outcome = await invoke(fn, { functionName: fn.metadata.name, inputData, ...request }, this.o.appLog ?? (() => {}), invocationId, watch);
            await this.deliverOutputs(fn, outcome.response);
            this.logInvocation(fn, invocationId, started, undefined, instanceId);
            return { value: fromTypedData(outcome.response.returnValue), returned: outcome.returned };
        } catch (err) {
            this.logInvocation(fn, invocationId, started, err, instanceId);
            throw err;
        }
    }

    /** Logs work done for a function without invoking it again (an orchestration episode run on a kept session). */
    logContinuation(fn: RegisteredFunction, started: bigint, error?: string, instanceId?: string): void {
        this.logInvocation(fn, randomUUID(), started, error === undefined ? undefined : new Error(error), instanceId);
    }

    private async deliverOutputs(fn: RegisteredFunction, response: InvocationResponse): Promise<void> {
        for (const { name, data } of response.outputData) {
            const binding = fn.metadata.bindings[name];
            const handler = binding && this.o.outputs?.[binding.type];
            if (!handler) throw new Error(`Function '${fn.metadata.name}': the local host has no handler for output binding '${name}' (${binding?.type}).`);
            await handler(binding, fromTypedData(data));
        }
    }

    private logInvocation(fn: RegisteredFunction, invocationId: string, started: bigint, err?: unknown, instanceId?: string): void {
        if (!this.o.log) return;
        const message = err === undefined ? undefined : outOfProcFailure(err)?.message ?? (err instanceof Error ? err.message : String(err));
        this.o.log({
            ts: new Date().toISOString(), level: err === undefined ? 'info' : 'error', function: fn.metadata.name, trigger: fn.trigger.type,
            invocationId, durationMs: Number(process.hrtime.bigint() - started) / 1e6, outcome: err === undefined ? 'succeeded' : 'failed',
            ...(message ? { error: message } : {}),
            ...(instanceId ? { instanceId } : {}),
        });
    }
}
