// A request as a web server hands it to the simulator, and the simulator's
// answer: plain data, so the simulator serves under any host (the local
// Functions host mounts it) without depending on one.
export interface IncomingHttp {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body: Buffer;
    /** Aborted when the client goes away. */
    signal?: AbortSignal;
}

export interface OutgoingHttp {
    status: number;
    headers: Record<string, string | string[]>;
    body: Buffer;
}

/** Where a host mounts the simulator, and what it calls for each request below that prefix. */
export interface Mounted {
    prefix: string;
    /** The largest request body it takes; a host refuses a larger one (413) before reading it whole. */
    maxBodyBytes: number;
    handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp>;
}
