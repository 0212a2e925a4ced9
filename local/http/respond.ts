// Writing the host's answers: whole responses, JSON and problem details for
// the host's own endpoints, and answers given before a request body was read.
import * as http from 'node:http';

/** A request as far as it is known before its body is read. */
export interface RequestHead {
    method: string;
    url: URL;
    headers: Record<string, string>;
    /** Aborted when the client goes away. */
    signal?: AbortSignal;
}

export interface IncomingHttp extends RequestHead {
    body: Buffer;
}

export interface OutgoingHttp {
    status: number;
    headers: Record<string, string | string[]>;
    body: Buffer;
}

export function send(res: http.ServerResponse, out: OutgoingHttp): void {
    res.statusCode = out.status;
    for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, v);
    if (!res.hasHeader('content-length')) res.setHeader('content-length', out.body.length);
    res.end(out.body);
}

/** Answers whether or not the body was read (see dropBody). */
export function answer(req: http.IncomingMessage, res: http.ServerResponse, out: OutgoingHttp): void {
    dropBody(req, res);
    send(res, out);
}

/**
 * For an answer given while the body is still arriving: it is not read on.
 * The answer says `connection: close`, what is left is discarded as it comes
 * (never buffered) and the connection ends with the answer. Call before the
 * answer's headers are written.
 */
export function dropBody(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!bodyPending(req)) return;
    if (!res.headersSent) res.setHeader('connection', 'close');
    req.removeAllListeners('data');
    req.resume();
}

/** Body bytes may still be on their way (a request without a body is complete from its headers on). */
export function bodyPending(req: http.IncomingMessage): boolean {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    return hasBody && !req.complete;
}

/** JSON responses for system endpoints. */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): OutgoingHttp {
    const text = body === undefined ? '' : JSON.stringify(body);
    return { status, headers: { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers }, body: Buffer.from(text) };
}

/** RFC 9457 problem details for the host's own endpoints, with a stable `code`. */
export function hostProblem(status: number, code: string, detail: string): OutgoingHttp {
    return json(status, problemBody(status, code, detail), { 'content-type': 'application/problem+json' });
}

export function problemBody(status: number, code: string, detail: string) {
    return { type: `https://telco-overage.example/problems/local-host/${code}`, title: http.STATUS_CODES[status] ?? 'Error', status, code, detail };
}

export function plain(status: number, text: string): OutgoingHttp {
    return { status, headers: { 'content-type': 'text/plain' }, body: Buffer.from(text) };
}
