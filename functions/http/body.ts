// Request bodies: small JSON documents, checked against the endpoint's zod
// schema; anything else is a 4xx problem saying what to send. At most
// MAX_BODY_BYTES are read, so an oversized body costs no memory.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { invalidRequest, problem } from './problem';

const MAX_BODY_BYTES = 64 * 1024;

/** `maxBytes`: MAX_BODY_BYTES unless the endpoint takes more (a bulk job's list of customers). */
export async function parseBody<T>(req: HttpRequest, schema: z.ZodType<T>, what: string, example: string, maxBytes = MAX_BODY_BYTES): Promise<{ data: T } | { refused: HttpResponseInit }> {
    return parseText(await readCapped(req, maxBytes), schema, what, example, maxBytes);
}

/** As parseBody, but a request without a body (or an empty one) stands for `{}`. */
export async function parseOptionalBody<T>(req: HttpRequest, schema: z.ZodType<T>, what: string, example: string): Promise<{ data: T } | { refused: HttpResponseInit }> {
    const text = await readCapped(req, MAX_BODY_BYTES);
    return parseText(text?.trim() === '' ? '{}' : text, schema, what, example, MAX_BODY_BYTES);
}

function parseText<T>(text: string | undefined, schema: z.ZodType<T>, what: string, example: string, maxBytes: number): { data: T } | { refused: HttpResponseInit } {
    if (text === undefined) return { refused: problem(413, 'body-too-large', `The body is larger than ${maxBytes / 1024} KiB.`, { remedy: `Send ${example}.` }) };
    let body: unknown;
    try {
        body = text ? JSON.parse(text) : undefined;
    } catch {
        body = undefined;
    }
    if (body === undefined) return { refused: problem(400, 'invalid-request', 'The body must be a JSON object.', { remedy: `Send ${example}.` }) };
    const parsed = schema.safeParse(body);
    return parsed.success ? { data: parsed.data } : { refused: invalidRequest(parsed.error, what) };
}

/** The body as text, or undefined once it passes `maxBytes` (the rest is not read). */
export async function readCapped(req: HttpRequest, maxBytes = MAX_BODY_BYTES): Promise<string | undefined> {
    if (Number(req.headers.get('content-length') ?? 0) > maxBytes) return undefined;
    if (!req.body) return '';
    const reader = req.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            return undefined;
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
