// Request bodies: JSON, checked against the endpoint's zod schema; anything
// else is a 400 problem saying what to send.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { invalidRequest, problem } from './problem';

export async function parseBody<T>(req: HttpRequest, schema: z.ZodType<T>, what: string, example: string): Promise<{ data: T } | { refused: HttpResponseInit }> {
    const text = await req.text();
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
