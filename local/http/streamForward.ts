// HTTP invocations of an app that streams HTTP (`app.setup({ enableHttpStream:
// true })`), served as the Functions host serves them: the function is invoked
// with the request's headers and route parameters as trigger metadata, and the
// request itself is forwarded, streamed, to the app's own HTTP proxy (HttpUri)
// under its invocation id; the proxy's response is streamed back. The body is
// never buffered here, so a function that refuses a caller before reading the
// body costs what it read, not what the caller sent.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { pipeline } from 'node:stream';
import { FunctionHost } from '../worker/functionHost';
import { RegisteredFunction, TypedData } from '../worker/types';
import { httpTrigger } from './functionRoutes';
import { declaresTooMuch, tooLarge } from './requestBody';
import { answer, bodyPending, OutgoingHttp, RequestHead } from './respond';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'host']);
const EMPTY = Buffer.alloc(0);

export class HttpStreamForwarder {
    private readonly agent = new http.Agent({ keepAlive: true });
    private readonly app: URL;

    constructor(private readonly functions: FunctionHost, appUri: string, private readonly limitBytes: number) {
        this.app = new URL(appUri);
    }

    /** Serves one invocation; resolves when the client has its answer (or went away). */
    forward(req: http.IncomingMessage, res: http.ServerResponse, head: RequestHead, fn: RegisteredFunction, params: Record<string, string>): Promise<void> {
        if (declaresTooMuch(req, this.limitBytes)) return Promise.resolve(answer(req, res, tooLarge(this.limitBytes)));
        const invocationId = randomUUID();
        const toApp = http.request({
            host: this.app.hostname, port: this.app.port, path: `${head.url.pathname}${head.url.search}`, method: head.method,
            agent: this.agent, headers: forwardedHeaders(head, invocationId),
        });
        toApp.flushHeaders(); // the function starts now, whether or not a body ever comes
        return new Promise((resolve) => {
            let settled = false;
            /** The first outcome answers the client; later ones find it answered. */
            const settle = (out?: OutgoingHttp): boolean => {
                if (settled) return false;
                settled = true;
                if (out) {
                    stopForwarding();
                    answer(req, res, out);
                }
                return true;
            };
            res.once('close', () => {
                settled = true;
                if (!res.writableFinished) stopForwarding(); // the client went away
                resolve();
            });

            // the body, counted against the limit as it passes, at the pace the app reads it
            let sent = 0;
            let waiting = false;
            const resume = () => { waiting = false; req.resume(); };
            const onData = (chunk: Buffer) => {
                sent += chunk.length;
                if (sent > this.limitBytes) {
                    if (!settle(tooLarge(this.limitBytes))) { stopForwarding(); res.destroy(); }
                } else if (!toApp.write(chunk) && !waiting) {
                    waiting = true;
                    req.pause();
                    toApp.once('drain', resume);
                }
            };
            const stopForwarding = () => {
                req.off('data', onData);
                toApp.off('drain', resume);
                if (req.complete) return;
                toApp.destroy(); // the app's proxy sees the request end early
                req.resume(); // the rest is discarded as it arrives, until the connection closes
            };
            req.on('data', onData);
            req.once('end', () => { if (!toApp.destroyed) toApp.end(); });
            toApp.on('error', (err: NodeJS.ErrnoException) => {
                // our own abort, or the app's proxy gone: nothing more can come from it
                if (settle({ status: 500, headers: {}, body: EMPTY })) process.stderr.write(`${JSON.stringify({ level: 'error', message: 'http stream: the app\'s proxy did not answer', invocationId, error: err.code ?? err.message, reusedSocket: toApp.reusedSocket })}\n`);
            });

            // the app's answer, streamed back; the connection closes after it when the body was not read whole
            toApp.on('response', (fromApp) => {
                if (!settle()) return void fromApp.destroy();
                const headers = responseHeaders(fromApp.headers);
                if (bodyPending(req)) headers.connection = 'close';
                res.writeHead(fromApp.statusCode ?? 500, headers);
                pipeline(fromApp, res, () => stopForwarding());
            });

            this.functions.run(fn, httpTrigger(head, params), { invocationId, triggerMetadata: triggerMetadata(head, params) }).then(
                // a handler that returned nothing sends no response through the proxy
                ({ returned }) => { if (!returned) settle({ status: 204, headers: {}, body: EMPTY }); },
                () => settle({ status: 500, headers: {}, body: EMPTY }), // like Azure: the error is in the log, not the response
            );
        });
    }

    close(): void {
        this.agent.destroy();
    }
}

/** What the library reads back in createStreamRequest: headers and route parameters (the query comes from the URL). */
function triggerMetadata(head: RequestHead, params: Record<string, string>): Record<string, TypedData> {
    const meta: Record<string, TypedData> = { Headers: { json: JSON.stringify(head.headers) }, Query: { json: JSON.stringify(Object.fromEntries(head.url.searchParams)) } };
    for (const [name, value] of Object.entries(params)) meta[name] = { string: value };
    return meta;
}

function forwardedHeaders(head: RequestHead, invocationId: string): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(head.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    return { ...headers, 'x-ms-invocation-id': invocationId, 'x-forwarded-host': head.url.host, 'x-forwarded-proto': 'http' };
}

function responseHeaders(from: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(from)) if (!HOP_BY_HOP.has(name) && name !== 'x-ms-invocation-id' && value !== undefined) headers[name] = value;
    return headers;
}
