// The one JSON-over-HTTP client every outbound adapter (Partner Center, ARM,
// credits) uses: per-attempt timeout, bearer token, retries with backoff on
// transient failures (see retryPolicy.ts for which) within a time budget for
// the whole call, typed errors, and a zod schema on every response so
// upstream drift fails loudly at the boundary. The retry loop is the app's one
// (retrying.ts): the durable steps above it do not retry again.
import type { z } from 'zod';
import { decodeJson, excerpt } from './decodeJson';
import { UpstreamCall, UpstreamError, UpstreamHttpError, UpstreamNetworkError, UpstreamNotFoundError, UpstreamTimeoutError } from '../../core/faults/upstreamErrors';
import { requestUrl, QueryValue } from './requestUrl';
import { AttemptFailure, connectedWhenFailed, isIdempotentMethod, parseRetryAfter } from './retryPolicy';
import { retrying } from './retrying';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface JsonClientOptions {
    /** Names the upstream in errors and logs, e.g. `partner-center`. */
    name: string;
    baseUrl: string;
    /** Called before each attempt, so a long retry never sends an expired token. */
    token?: () => Promise<string>;
    timeoutMs?: number;
    /** Attempts after the first: `retries: 3` makes at most 4 requests. */
    retries?: number;
    /** The whole call (attempts and the waits between them) ends within this; a Retry-After beyond it is not waited for. */
    budgetMs?: number;
    backoffMs?: number;
    maxBackoffMs?: number;
    fetchImpl?: typeof fetch;
}

export interface RequestOptions<T> {
    schema: z.ZodType<T>;
    /** Sent as JSON. */
    body?: unknown;
    query?: Record<string, QueryValue>;
    headers?: Record<string, string>;
    /** Statuses that count as success (their body is decoded); default: any 2xx. */
    expect?: number[];
    /** Overrides the method's own idempotency, e.g. for a POST carrying an idempotency key. */
    idempotent?: boolean;
}

export interface JsonResponse<T> {
    status: number;
    headers: Headers;
    data: T;
    attempts: number;
}

export interface JsonClient {
    request<T>(method: HttpMethod, path: string, options: RequestOptions<T>): Promise<JsonResponse<T>>;
}

type Attempt = { response: Response; text: string } | { failure: AttemptFailure; error: UpstreamError };

export function createJsonClient(options: JsonClientOptions): JsonClient {
    const { name, baseUrl, token, timeoutMs = 10_000, retries = 3, budgetMs = 60_000, backoffMs = 200, maxBackoffMs = 10_000, fetchImpl = fetch } = options;

    async function attempt(method: HttpMethod, url: string, call: UpstreamCall, request: RequestOptions<unknown>, timeoutMs: number): Promise<Attempt> {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        if (token) {
            // nothing is sent before the token comes: one that is slow or unreachable is a failed attempt like any other, retried
            try {
                headers.authorization = `Bearer ${await token()}`;
            } catch (error) {
                // (never connected to the upstream: safe to retry even a POST)
                if (isTimeout(error)) return { failure: { kind: 'network', connected: false }, error: new UpstreamTimeoutError(call, timeoutMs) };
                if (error instanceof TypeError) return { failure: { kind: 'network', connected: false }, error: new UpstreamNetworkError(call, error) };
                throw error;
            }
        }
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        // one signal for the whole exchange: a server that sends headers and then stalls the body times out too
        const signal = AbortSignal.timeout(timeoutMs);
        let response: Response;
        let text: string;
        try {
            response = await fetchImpl(url, { method, headers: { ...headers, ...request.headers }, body, signal });
            text = await response.text();
        } catch (error) {
            if (signal.aborted) return { failure: { kind: 'timeout' }, error: new UpstreamTimeoutError(call, timeoutMs) };
            return { failure: { kind: 'network', connected: connectedWhenFailed(error) }, error: new UpstreamNetworkError(call, error) };
        }
        const expected = request.expect ? request.expect.includes(response.status) : response.status >= 200 && response.status < 300;
        if (expected) return { response, text };
        const failure: AttemptFailure = { kind: 'status', status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
        const HttpError = response.status === 404 ? UpstreamNotFoundError : UpstreamHttpError;
        return { failure, error: new HttpError(call, response.status, excerpt(text), parseProblem(text), failure.retryAfterMs) };
    }

    return {
        async request<T>(method: HttpMethod, path: string, request: RequestOptions<T>): Promise<JsonResponse<T>> {
            const url = requestUrl(baseUrl, path, request.query);
            const idempotent = request.idempotent ?? isIdempotentMethod(method);
            return retrying({ retries, budgetMs, timeoutMs, backoffMs, maxBackoffMs }, idempotent, async (attempts, limitMs) => {
                const call: UpstreamCall = { upstream: name, method, url, attempts };
                const result = await attempt(method, url, call, request, limitMs);
                if (!('response' in result)) return result;
                const { response, text } = result;
                return { ok: { status: response.status, headers: response.headers, data: decodeJson(text, request.schema, call, response.status), attempts } };
            });
        },
    };
}

/** An abort by a time limit (AbortSignal.timeout's TimeoutError, or an AbortError). */
const isTimeout = (error: unknown): boolean => {
    const name = (error as { name?: unknown } | null)?.name;
    return name === 'TimeoutError' || name === 'AbortError';
};

/** Error bodies are often JSON (problem details, ARM's `{ error: { code, message } }`); keep them parsed for callers. */
function parseProblem(text: string): unknown {
    try {
        return text ? JSON.parse(text) : undefined;
    } catch {
        return undefined;
    }
}
