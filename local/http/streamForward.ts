// HTTP invocations of an app that streams HTTP (`app.setup({ enableHttpStream:
// true })`), served as the Functions host serves them: the function is invoked
// with the request's headers and route parameters as trigger metadata, and the
// request itself is forwarded, streamed, to the app's own HTTP proxy (HttpUri)
// under its invocation id; the proxy's response is streamed back. The body is
// never buffered here, so a function that refuses a caller before reading the
// body costs what it read, not what the caller sent.
//
// Connections to the proxy are kept alive for the next request only when the
// app cannot have left part of this one's body unread: a function may answer
// without reading the body, and the unread rest would sit in front of the next
// request on that connection until the proxy timed it out and reset it. A
// kept-alive connection the proxy closed or reset anyway (its idle timeout
// meeting our next request) is met at that request's first write: the request
// is sent once more, on a new connection, when none of its body was lost with
// the old one; otherwise the caller gets a problem with a `code`, never a bare
// 500 (that stays what a function that throws gets, as in Azure).
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { pipeline } from 'node:stream';
import { FunctionHost } from '../worker/functionHost';
import { RegisteredFunction, TypedData } from '../worker/types';
import { httpTrigger } from './functionRoutes';
import { declaresTooMuch, tooLarge } from './requestBody';
import { answer, bodyPending, hostProblem, OutgoingHttp, RequestHead } from './respond';

/** Errors of a kept-alive connection the other end had already given up. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);
/** What Node's HTTP server (the proxy) reads of a body whether or not the function does: its stream's high-water mark. */
const READ_WHATEVER_THE_FUNCTION_DOES = 16 * 1024;
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
        return new Promise((resolve) => {
            /** The request to the app's proxy (a second one when the first met a stale connection). */
            let toApp: http.ClientRequest;
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
            let clientEnded = false;
            let retried = false;
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
            req.once('end', () => {
                clientEnded = true;
                if (!toApp.destroyed) toApp.end();
            });

            /** The request to the app's proxy: on a kept-alive connection, or, `fresh`, on a new one. */
            const send = (fresh: boolean): http.ClientRequest => {
                const to = http.request({
                    host: this.app.hostname, port: this.app.port, path: `${head.url.pathname}${head.url.search}`, method: head.method,
                    agent: fresh ? false : this.agent, headers: forwardedHeaders(head, invocationId),
                });
                to.flushHeaders(); // the function starts now, whether or not a body ever comes
                if (clientEnded) to.end();
                to.on('error', (err: NodeJS.ErrnoException) => {
                    if (settled || to !== toApp) return; // our own abort, or a request given up for a new one
                    const stale = to.reusedSocket && STALE_CONNECTION.has(err.code ?? '');
                    const retry = stale && sent === 0 && !retried;
                    // a stale kept-alive connection retried is routine; an answer that cannot come is an error
                    log(retry ? 'warn' : 'error', { message: 'http stream: the app\'s proxy did not answer', invocationId, error: err.code ?? err.message, reusedSocket: to.reusedSocket, retry });
                    if (retry) {
                        retried = true;
                        toApp = send(true);
                        return;
                    }
                    settle(stale
                        ? hostProblem(502, 'worker-connection-reset', 'The connection to the app was reset before it answered, after part of the request body had been sent to it. Send the request again.')
                        : hostProblem(503, 'worker-unavailable', `The app's HTTP proxy could not be reached (${err.code ?? err.message}). Send the request again shortly.`));
                });

                // the app's answer, streamed back; the connection closes after it when the body was not read whole
                to.on('response', (fromApp) => {
                    if (to !== toApp || !settle()) return void fromApp.destroy();
                    // a body the app may have left partly unread: the connection goes with this request
                    if (sent > READ_WHATEVER_THE_FUNCTION_DOES || !to.writableFinished) to.shouldKeepAlive = false;
                    const headers = responseHeaders(fromApp.headers);
                    if (bodyPending(req)) headers.connection = 'close';
                    res.writeHead(fromApp.statusCode ?? 500, headers);
                    pipeline(fromApp, res, () => stopForwarding());
                });
                return to;
            };
            toApp = send(false);

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

function log(level: 'warn' | 'error', entry: Record<string, unknown>): void {
    process.stderr.write(`${JSON.stringify({ level, ...entry })}\n`);
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
