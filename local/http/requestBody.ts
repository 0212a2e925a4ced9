// Request bodies under the host's size limit: refused on a declared length
// over it before anything is read, and cut off as soon as the bytes counted
// pass it, so an oversized body is never held whole.
import * as http from 'node:http';
import { hostProblem, OutgoingHttp } from './respond';

export function declaresTooMuch(req: http.IncomingMessage, limit: number): boolean {
    return Number(req.headers['content-length'] ?? 0) > limit;
}

/** The whole body, or 'too-large' (reading stops there; the caller answers 413). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
    if (declaresTooMuch(req, limit)) return Promise.resolve('too-large');
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const onData = (c: Buffer) => {
            size += c.length;
            if (size <= limit) return void chunks.push(c);
            req.off('data', onData).pause();
            chunks.length = 0;
            resolve('too-large');
        };
        req.on('data', onData);
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

export function tooLarge(limitBytes: number): OutgoingHttp {
    return hostProblem(413, 'request-too-large', `The request body exceeds the host's limit of ${limitBytes} bytes (HTTP_MAX_REQUEST_BODY_BYTES).`);
}
