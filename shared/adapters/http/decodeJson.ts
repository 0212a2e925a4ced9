// Turns a success response's body into the caller's typed value: JSON, then
// the caller's zod schema. An empty body is `undefined`, so a 204 passes when
// the schema accepts undefined (e.g. `z.undefined()` or `.optional()`).
import type { z } from 'zod';
import { UpstreamCall, UpstreamSchemaError } from '../../core/faults/upstreamErrors';

export function decodeJson<T>(text: string, schema: z.ZodType<T>, call: UpstreamCall, status: number): T {
    let json: unknown;
    if (text.trim() !== '') {
        try {
            json = JSON.parse(text);
        } catch (error) {
            const reason = error instanceof SyntaxError ? error.message : String(error);
            throw new UpstreamSchemaError(call, status, [{ code: 'custom', path: [], message: `the body is not JSON (${reason})`, input: excerpt(text) }]);
        }
    }
    const parsed = schema.safeParse(json, { error: typeMismatch });
    if (!parsed.success) throw new UpstreamSchemaError(call, status, parsed.error.issues);
    return parsed.data;
}

/** The start of a body, for messages and logs. */
export function excerpt(text: string, max = 500): string {
    return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * "expected boolean, received string" instead of zod's "Invalid input: …", to
 * read well after a path. Only fills in where the schema set no message of its own.
 */
const typeMismatch: z.core.$ZodErrorMap = (issue) => (issue.code === 'invalid_type' ? `expected ${issue.expected}, received ${typeName(issue.input)}` : undefined);

function typeName(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    return typeof value;
}
