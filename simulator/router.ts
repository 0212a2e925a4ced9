// A tiny method + path-template router for the simulator's REST surfaces.
import { parseJsonBody } from '../shared/http/jsonBody';
import { IncomingHttp, json, OutgoingHttp } from '../local/http/respond';

export { json };

export interface SimRequest extends IncomingHttp {
    params: Record<string, string>;
    /** Parsed JSON body, undefined when empty; routes validate it themselves. */
    json(): unknown;
}

export type Handler = (req: SimRequest) => Promise<OutgoingHttp> | OutgoingHttp;

interface Route {
    method: string;
    pattern: RegExp;
    names: string[];
    handler: Handler;
}

export class Router {
    private readonly routes: Route[] = [];

    /** `path` like `/v1/customers/{tenantId}/subscriptions`; segments match case-insensitively. */
    on(method: string, path: string, handler: Handler): this {
        const names: string[] = [];
        const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
            names.push(a ?? b);
            return '([^/]+)';
        });
        this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), names, handler });
        return this;
    }

    /** The response, or undefined when no route matches the path at all. */
    async handle(req: IncomingHttp, path: string): Promise<OutgoingHttp | undefined> {
        let pathMatched = false;
        for (const r of this.routes) {
            const m = r.pattern.exec(path);
            if (!m) continue;
            pathMatched = true;
            if (r.method !== req.method) continue;
            const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
            return r.handler({ ...req, params, json: () => parseBody(req.body) });
        }
        return pathMatched ? problem(405, 'method-not-allowed', `${req.method} is not supported on ${path}.`) : undefined;
    }
}

export class BadRequestError extends Error {}

function parseBody(body: Buffer): unknown {
    if (body.length === 0) return undefined;
    const parsed = parseJsonBody(body.toString('utf8'));
    if (!parsed.ok) throw new BadRequestError(parsed.detail);
    return parsed.value;
}

/** Errors in the shape Partner Center and ARM both roughly use: a code and a description. */
export function problem(status: number, code: string, description: string): OutgoingHttp {
    return json(status, { code, description, error: { code, message: description } });
}
