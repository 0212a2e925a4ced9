// What a run or a request reports when something outside our control failed:
// a stable `code`, a `detail` that names the Microsoft service but never an
// internal URL, and a `remedy`. Activities throw a StepFault; Durable keeps
// only an error's message, so the fault travels in it as JSON behind a marker,
// and faultOf() finds it again wherever the message ends up.
import { z } from 'zod';
import { UpstreamError, UpstreamHttpError, UpstreamNetworkError, UpstreamSchemaError, UpstreamTimeoutError } from './upstreamErrors';

export const Fault = z.object({
    code: z.string(),
    detail: z.string(),
    remedy: z.string(),
    /** When Microsoft asked us to come back later. */
    retryAfterSeconds: z.number().int().positive().optional(),
});
export type Fault = z.infer<typeof Fault>;

const MARKER = 'StepFault ';

export class StepFault extends Error {
    constructor(readonly fault: Fault) {
        super(`${MARKER}${JSON.stringify(fault)}`);
        this.name = 'StepFault';
    }
}

const SERVICES: Record<string, string> = {
    'partner-center': 'Partner Center',
    'azure-subscriptions': 'Azure Resource Manager',
    'azure-policy': 'Azure Policy',
    'microsoft-graph': 'Microsoft Graph',
    'communications-credits': 'the Communications Credits service',
};

const INTERNAL: Fault = {
    code: 'internal-error',
    detail: 'The operation failed on our side.',
    remedy: 'Try again; if it keeps failing, contact support with the run id or the time of the request.',
};

/** The fault an error stands for: a StepFault (also one carried in a Durable failure message), an upstream failure, or an internal error. */
export function faultOf(err: unknown): Fault {
    if (err instanceof StepFault) return err.fault;
    if (err instanceof UpstreamError) return upstreamFault(err);
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
    const at = message.indexOf(MARKER);
    if (at >= 0) {
        const parsed = Fault.safeParse(firstJsonObject(message.slice(at + MARKER.length)));
        if (parsed.success) return parsed.data;
    }
    return INTERNAL;
}

function upstreamFault(err: UpstreamError): Fault {
    const service = SERVICES[err.upstream] ?? err.upstream;
    const tries = `${err.attempts} attempt${err.attempts === 1 ? '' : 's'}`;
    const later = `Try again in a few minutes; if it persists, check the service health of ${service}.`;
    if (err instanceof UpstreamTimeoutError) return { code: 'upstream-timeout', detail: `${capital(service)} did not answer in time (${tries}).`, remedy: later };
    if (err instanceof UpstreamNetworkError) return { code: 'upstream-unreachable', detail: `${capital(service)} could not be reached (${tries}).`, remedy: later };
    if (err instanceof UpstreamSchemaError) {
        return { code: 'upstream-contract', detail: `${capital(service)} answered in a shape we do not understand.`, remedy: 'Contact support: Microsoft may have changed its API.' };
    }
    const seconds = err instanceof UpstreamHttpError && err.retryAfterMs !== undefined ? Math.max(1, Math.ceil(err.retryAfterMs / 1000)) : undefined;
    if (err instanceof UpstreamHttpError && err.status === 429) {
        return { code: 'upstream-throttled', detail: `${capital(service)} is throttling our requests.`, remedy: `Try again${seconds ? ` after ${seconds} s` : ' shortly'}.`, ...(seconds ? { retryAfterSeconds: seconds } : {}) };
    }
    if (err instanceof UpstreamHttpError && err.status >= 500) {
        return { code: 'upstream-unavailable', detail: `${capital(service)} failed to answer (HTTP ${err.status}, ${tries}).`, remedy: later, ...(seconds ? { retryAfterSeconds: seconds } : {}) };
    }
    const status = err instanceof UpstreamHttpError ? err.status : 0;
    const said = describedBy(err);
    return { code: 'upstream-refused', detail: `${capital(service)} refused the request (HTTP ${status})${said ? `: ${said}` : '.'}`, remedy: 'See the detail for what Microsoft refused; fix it and start again.' };
}

/** The refusal text an upstream gave (Partner Center's `description`, ARM's `error.message`), never its URL. */
function describedBy(err: UpstreamError): string | undefined {
    const p = (err as UpstreamHttpError).problem as { description?: unknown; error?: { message?: unknown }; detail?: unknown } | undefined;
    const text = p?.description ?? p?.error?.message ?? p?.detail;
    return typeof text === 'string' ? text.slice(0, 500) : undefined;
}

function capital(s: string): string {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

function firstJsonObject(text: string): unknown {
    // the JSON ends at the first line break: Azure appends its own lines (stack, "Result: Failure") after the message
    const line = text.split('\n')[0].trim();
    try {
        return JSON.parse(line);
    } catch {
        return undefined;
    }
}
