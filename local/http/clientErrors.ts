// Requests Node's HTTP parser refuses never reach a handler; Node would answer
// them with a bare status. The host answers with its problem details instead:
// 431 for oversized headers, 408 for a request too slow to arrive, else 400.
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { problemBody } from './respond';

const REFUSALS: Record<string, { status: number; code: string; detail: string }> = {
    HPE_HEADER_OVERFLOW: { status: 431, code: 'request-header-too-large', detail: `The request line and headers are larger than the host accepts (${http.maxHeaderSize} bytes).` },
    ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request-timeout', detail: 'The request did not arrive in time.' },
};
const MALFORMED = { status: 400, code: 'malformed-request', detail: 'The request is not valid HTTP/1.1.' };

/** Sockets answered here: what else arrives on them fails to parse again and is ignored. */
const answered = new WeakSet<Socket>();
const LINGER_MS = 5000;

export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (answered.has(socket)) return;
    // nothing can be said on a connection that is gone or is midway through a response (Node's own check)
    const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy();
    const { status, code, detail } = REFUSALS[err.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify(problemBody(status, code, detail));
    answered.add(socket);
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    // Closing now, with the rest of the request unread, would reset the connection and could wipe
    // the answer before the client reads it; the client closes after reading (or we do, later).
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
