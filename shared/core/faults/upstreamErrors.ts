// Typed failures of outbound HTTP calls. Every one names the upstream, the
// call and how many attempts were spent, so a log line or an activity failure
// says which system misbehaved. `code` is the stable name callers (and
// serialized activity failures, which lose the class) match on.
import type { z } from 'zod';

export type UpstreamErrorCode = 'upstream-http' | 'upstream-not-found' | 'upstream-timeout' | 'upstream-network' | 'upstream-schema';

/** Where a failed call went. */
export interface UpstreamCall {
    /** The client's name, e.g. `partner-center`. */
    upstream: string;
    method: string;
    url: string;
    attempts: number;
}

export abstract class UpstreamError extends Error {
    abstract readonly code: UpstreamErrorCode;
    readonly upstream: string;
    readonly method: string;
    readonly url: string;
    readonly attempts: number;

    constructor(message: string, call: UpstreamCall, options?: { cause?: unknown }) {
        super(`${call.method} ${call.url} (${call.upstream}, ${call.attempts} attempt${call.attempts === 1 ? '' : 's'}): ${message}`, options);
        this.name = new.target.name;
        this.upstream = call.upstream;
        this.method = call.method;
        this.url = call.url;
        this.attempts = call.attempts;
    }
}

/** The upstream answered with a status the caller did not expect. */
export class UpstreamHttpError extends UpstreamError {
    readonly code: UpstreamErrorCode = 'upstream-http';

    constructor(
        call: UpstreamCall,
        readonly status: number,
        /** The start of the response body, for logs; never the whole of a large page. */
        readonly bodyExcerpt: string,
        /** The body parsed as JSON (often `application/problem+json` or an ARM `{ error }`), when it was JSON. */
        readonly problem: unknown,
        /** The upstream's Retry-After (throttling, maintenance), when it sent one. */
        readonly retryAfterMs?: number,
    ) {
        super(`the response from ${call.upstream} was HTTP ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`, call);
    }
}

/** A 404: its own class because "absent" is often an answer, not a fault. */
export class UpstreamNotFoundError extends UpstreamHttpError {
    override readonly code: UpstreamErrorCode = 'upstream-not-found';
}

/** No complete response within the per-attempt timeout, on the last attempt. */
export class UpstreamTimeoutError extends UpstreamError {
    readonly code: UpstreamErrorCode = 'upstream-timeout';

    constructor(
        call: UpstreamCall,
        readonly timeoutMs: number,
    ) {
        super(`${call.upstream} did not answer within ${timeoutMs} ms`, call);
    }
}

/** The connection failed (refused, reset, DNS); `cause` holds the socket error. */
export class UpstreamNetworkError extends UpstreamError {
    readonly code: UpstreamErrorCode = 'upstream-network';

    constructor(call: UpstreamCall, cause: unknown) {
        super(`could not reach ${call.upstream}: ${describeCause(cause)}`, call, { cause });
    }
}

/** A success status whose body was not JSON or not the shape the caller's schema expects. */
export class UpstreamSchemaError extends UpstreamError {
    readonly code: UpstreamErrorCode = 'upstream-schema';

    constructor(
        call: UpstreamCall,
        readonly status: number,
        readonly issues: z.core.$ZodIssue[],
    ) {
        super(`the response from ${call.upstream} did not match its schema: ${issues.map(describeIssue).join('; ')}`, call);
    }
}

/** `items[0].overageEnabled: expected boolean, received string` */
export function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
    return path ? `${path}: ${issue.message}` : issue.message;
}

function describeCause(cause: unknown): string {
    // fetch reports "fetch failed" and keeps the socket's reason (ECONNREFUSED…) in `cause`
    const inner = (cause as { cause?: unknown } | undefined)?.cause ?? cause;
    // read fields, not `instanceof Error`: fetch's errors come from another realm under jest
    const { code, message } = (inner ?? {}) as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(inner);
    return typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text;
}
