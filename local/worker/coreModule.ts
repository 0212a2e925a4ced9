// The module the Azure Functions Node worker provides to the app as
// `@azure/functions-core`. `@azure/functions` and `durable-functions` register
// every function and hook through it; providing it ourselves is how the local
// host receives the app's registrations with no change to app code.
// Loaded by `installCoreModule` (plain Node) or jest's moduleNameMapper (tests).
import { Disposable, FunctionMetadata, HookCallback, HookName, RegisteredFunction } from './types';

export { Disposable };

export const version = '3.10.1';
export const hostVersion = '4.1037.0';

/** Everything the app registered, read by the host. One app per process. */
export const registrations = {
    functions: new Map<string, RegisteredFunction>(),
    hooks: new Map<HookName, HookCallback[]>(),
    programmingModel: undefined as ProgrammingModelLike | undefined,
    appHookData: {} as Record<string, unknown>,
};

export interface ProgrammingModelLike {
    name: string;
    version: string;
    getInvocationModel(coreCtx: unknown): InvocationModelLike;
    /** Called once after the app loaded; `HttpUri` in the answer means the app serves HTTP through its own proxy (streaming). */
    getCapabilities?(workerCapabilities: Record<string, string>): Promise<Record<string, string>>;
}
export interface InvocationModelLike {
    getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
    invokeFunction(context: unknown, inputs: unknown[], callback: (...args: unknown[]) => unknown): Promise<unknown>;
    getResponse(context: unknown, result: unknown): Promise<Record<string, unknown>>;
}

export function setProgrammingModel(model: ProgrammingModelLike): void {
    registrations.programmingModel = model;
}

export function getProgrammingModel(): ProgrammingModelLike | undefined {
    return registrations.programmingModel;
}

export function registerFunction(metadata: FunctionMetadata, callback: RegisteredFunction['callback']): Disposable {
    if (registrations.functions.has(metadata.name)) {
        throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
    }
    const trigger = Object.values(metadata.bindings).find((b) => b.direction === 'in' && /trigger$/i.test(b.type));
    if (!trigger) throw new Error(`Function "${metadata.name}" has no trigger binding.`);
    registrations.functions.set(metadata.name, { metadata, callback, trigger });
    return new Disposable(() => registrations.functions.delete(metadata.name));
}

export function registerHook(name: HookName, callback: HookCallback): Disposable {
    const list = registrations.hooks.get(name) ?? [];
    list.push(callback);
    registrations.hooks.set(name, list);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
}

/** Worker-level log (the library's system messages). */
export function log(level: string, category: string, message: string): void {
    if (level === 'error' || level === 'warning' || level === 'critical') {
        process.stderr.write(`${JSON.stringify({ level, category, message })}\n`);
    }
}
