// Method + path-template routing for the simulated REST surfaces. Templates
// like `/v1/customers/{tenantId}/subscriptions` match case-insensitively, as
// Microsoft's front doors do, and a template may be claimed by one method only.
import type { IncomingHttp, OutgoingHttp } from './exchange';
import { parseJson } from './jsonBody';

export interface SimRequest extends IncomingHttp {
    params: Record<string, string>;
    /** The path below the simulated service, e.g. `/v1/customers/…`. */
    path: string;
    /** The parsed JSON body (undefined when empty); throws BadBodyError when it is not JSON. */
    json(): unknown;
}

export type Handler = (req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp;

/** How a service words "no such path" and "no such method". */
export interface RouteErrors {
    notFound(req: IncomingHttp, path: string): OutgoingHttp;
    methodNotAllowed(req: IncomingHttp, path: string): OutgoingHttp;
}

export class BadBodyError extends Error {}

interface Route {
    method: string;
    pattern: RegExp;
    names: string[];
    handler: Handler;
}

export class Router {
    private readonly routes: Route[] = [];

    on(method: string, template: string, handler: Handler): this {
        const names: string[] = [];
        const source = template
            .split(/(\{\w+\})/)
            .map((part) => {
                const param = /^\{(\w+)\}$/.exec(part);
                if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
                names.push(param[1]);
                return '([^/]+)';
            })
            .join('');
        this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), names, handler });
        return this;
    }

    /** Whether some route serves this path (whatever the method). */
    knows(path: string): boolean {
        return this.routes.some((r) => r.pattern.test(path));
    }

    /** The route's answer; a known path with another method gets the service's 405. */
    async handle(req: IncomingHttp, path: string, errors: RouteErrors): Promise<OutgoingHttp> {
        let pathKnown = false;
        for (const r of this.routes) {
            const m = r.pattern.exec(path);
            if (!m) continue;
            pathKnown = true;
            if (r.method !== req.method) continue;
            const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
            return r.handler({ ...req, params, path, json: () => bodyOf(req.body) });
        }
        return pathKnown ? errors.methodNotAllowed(req, path) : errors.notFound(req, path);
    }
}

function bodyOf(body: Buffer): unknown {
    const parsed = parseJson(body);
    if (!parsed.ok) throw new BadBodyError(parsed.reason);
    return parsed.value;
}

/** A JSON answer. */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): OutgoingHttp {
    const text = body === undefined ? '' : JSON.stringify(body);
    return { status, headers: { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers }, body: Buffer.from(text) };
}
