// The slice of the worker's core types the local host uses (the real ones ship
// only inside the Azure Functions Node worker, not on npm).

export interface BindingInfo {
    type: string;
    direction: 'in' | 'out' | 'inout';
    [setting: string]: unknown;
}

export interface FunctionMetadata {
    name: string;
    bindings: Record<string, BindingInfo>;
    retryOptions?: unknown;
    [key: string]: unknown;
}

export interface RegisteredFunction {
    metadata: FunctionMetadata;
    callback: (...args: unknown[]) => unknown;
    trigger: BindingInfo;
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';
export type HookCallback = (context: Record<string, unknown>) => unknown;

/** RpcTypedData: how the host hands values to the worker and gets them back. */
export interface TypedData {
    string?: string;
    json?: string;
    bytes?: Uint8Array;
    int?: number;
    double?: number;
    http?: RpcHttp;
    [key: string]: unknown;
}

export interface RpcHttp {
    method?: string;
    url?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    params?: Record<string, string>;
    body?: TypedData | null;
    statusCode?: string;
    cookies?: unknown[];
    [key: string]: unknown;
}

export interface InvocationRequest {
    functionName: string;
    /** Binding name → value, trigger first. */
    inputData: Array<{ name: string; data: TypedData | undefined }>;
    triggerMetadata?: Record<string, TypedData>;
    retryContext?: { retryCount: number; maxRetryCount: number };
}

export interface InvocationResponse {
    returnValue?: TypedData | null;
    outputData: Array<{ name: string; data: TypedData }>;
}

export class Disposable {
    constructor(private readonly onDispose: () => void) {}
    static from(...items: Array<{ dispose(): unknown }>): Disposable {
        return new Disposable(() => items.forEach((i) => i.dispose()));
    }
    dispose(): void {
        this.onDispose();
    }
}
