// The worker side of one invocation, in the order the Node worker runs it:
// programming model → arguments → preInvocation hooks → handler →
// postInvocation hooks → response. The host builds the request the way the
// Functions host would (RPC typed data), so the app's own library converts it.
import { randomUUID } from 'node:crypto';
import { registrations } from './coreModule';
import { InvocationRequest, InvocationResponse, RegisteredFunction } from './types';

export type LogSink = (entry: { level: string; category: string; functionName: string; invocationId: string; message: string }) => void;

export interface InvocationOutcome {
    invocationId: string;
    response: InvocationResponse;
    /** Whether the handler (after postInvocation hooks) returned a value. */
    returned: boolean;
}

/** Sees the invocation context the handler ran with, whether it succeeded or threw (durable sessions keep the SDK's state from it). */
export type ContextWatcher = (invocationContext: unknown) => void;

export async function invoke(fn: RegisteredFunction, request: InvocationRequest, logSink: LogSink, invocationId: string = randomUUID(), watch?: ContextWatcher): Promise<InvocationOutcome> {
    const model = registrations.programmingModel;
    if (!model) throw new Error('The app set no programming model: was @azure/functions loaded?');
    const functionName = fn.metadata.name;
    const coreCtx = {
        invocationId,
        state: undefined as string | undefined,
        metadata: fn.metadata,
        request: {
            invocationId,
            functionId: functionName,
            inputData: request.inputData,
            triggerMetadata: request.triggerMetadata ?? {},
            retryContext: request.retryContext,
        },
        log(level: string, category: string, message: string) {
            logSink({ level, category, functionName, invocationId, message });
        },
    };
    const invocationModel = model.getInvocationModel(coreCtx);
    const hookData: Record<string, unknown> = {};
    const { context, inputs } = await invocationModel.getArguments();

    const pre = { hookData, appHookData: registrations.appHookData, invocationContext: context, inputs, functionCallback: fn.callback };
    coreCtx.state = 'preInvocationHooks';
    await runHooks('preInvocation', pre);
    const post: Record<string, unknown> = { hookData, appHookData: registrations.appHookData, invocationContext: context, inputs: pre.inputs, result: null, error: null };
    coreCtx.state = 'invocation';
    try {
        post.result = await invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (err) {
        post.error = err;
    }
    watch?.(context);
    coreCtx.state = 'postInvocationHooks';
    await runHooks('postInvocation', post);
    coreCtx.state = undefined;
    if (post.error) throw post.error;
    const raw = await invocationModel.getResponse(context, post.result);
    return { invocationId, returned: post.result !== undefined && post.result !== null, response: { returnValue: raw.returnValue as InvocationResponse['returnValue'], outputData: (raw.outputData as InvocationResponse['outputData']) ?? [] } };
}

export async function runHooks(name: 'preInvocation' | 'postInvocation' | 'appStart' | 'appTerminate', context: Record<string, unknown>): Promise<void> {
    for (const hook of registrations.hooks.get(name) ?? []) await hook(context);
}
