// What the Node worker does once the app has loaded: ask the programming model
// for its capabilities. With HTTP streaming on (`app.setup({ enableHttpStream:
// true })`), @azure/functions starts its own HTTP proxy server and answers its
// address as `HttpUri`; the host then forwards HTTP invocations there.
import http = require('node:http');
import { registrations } from './coreModule';

/** Longer than any pause between two requests the host forwards; the host closes the proxy at stop. */
const PROXY_KEEP_ALIVE_MS = 10 * 60_000;

export interface AppCapabilities {
    /** Where the app's HTTP proxy listens, when it streams HTTP. */
    httpUri?: string;
    /** Closes what the library started for us. */
    close(): Promise<void>;
}

export async function appCapabilities(): Promise<AppCapabilities> {
    const model = registrations.programmingModel;
    if (!model?.getCapabilities) return { close: async () => {} };
    // The library creates its proxy server synchronously inside getCapabilities and never closes it
    // (a worker's process simply ends). A host that stops and starts in one process must close it,
    // so the server is picked up as it is created.
    const servers: http.Server[] = [];
    const createServer = http.createServer;
    http.createServer = ((...args: Parameters<typeof createServer>) => {
        const server = createServer(...args);
        // the host is the proxy's only client and keeps its connections alive: left at Node's 5 s, the
        // proxy closes an idle one just as the host sends the next request on it (a reset, 502, under load)
        server.keepAliveTimeout = PROXY_KEEP_ALIVE_MS;
        servers.push(server);
        return server;
    }) as typeof createServer;
    let answered: Promise<Record<string, string>>;
    try {
        answered = model.getCapabilities({});
    } finally {
        http.createServer = createServer;
    }
    const capabilities = await answered;
    return {
        httpUri: capabilities.HttpUri,
        close: async () => {
            await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
                s.closeAllConnections();
                s.close(() => resolve());
            })));
        },
    };
}
