// The app's HTTP-triggered functions: route matching (404/405), the trigger
// data the Functions host sends, and, for apps that do not stream HTTP, the
// whole request in and the RPC http response out.
import { FunctionHost } from '../worker/functionHost';
import { RegisteredFunction, RpcHttp, TypedData } from '../worker/types';
import { IncomingHttp, OutgoingHttp, plain, RequestHead } from './respond';
import { RouteTemplate } from './routeTemplate';

interface Route {
    fn: RegisteredFunction;
    template: RouteTemplate;
    methods: string[];
}

/** The function a request goes to, with its route parameters; or the 404/405 when there is none. */
export type RouteMatch = { fn: RegisteredFunction; params: Record<string, string> } | { refused: OutgoingHttp };

export class FunctionRoutes {
    private readonly routes: Route[];
    /** host.json's extensions.http.routePrefix ('' for none). */
    readonly prefix: string;

    constructor(private readonly host: FunctionHost, private readonly routePrefix: string) {
        this.prefix = routePrefix;
        this.routes = host.byTrigger('httpTrigger')
            .map((fn) => ({
                fn,
                template: new RouteTemplate((fn.trigger.route as string | undefined) ?? fn.metadata.name),
                methods: ((fn.trigger.methods as string[] | undefined) ?? ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']).map((m) => m.toUpperCase()),
            }))
            .sort((a, b) => b.template.specificity - a.template.specificity);
    }

    /** Path below the route prefix, or undefined when the path is outside it. */
    routePath(pathname: string): string | undefined {
        if (!this.routePrefix) return pathname;
        const prefix = `/${this.routePrefix}`;
        if (pathname === prefix) return '';
        return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length + 1) : undefined;
    }

    match(method: string, path: string): RouteMatch {
        const matches = this.routes.map((r) => ({ r, params: r.template.match(path) })).filter((m) => m.params);
        if (matches.length === 0) return { refused: plain(404, 'Not Found') };
        const hit = matches.find((m) => m.r.methods.includes(method));
        if (!hit) {
            const allow = [...new Set(matches.flatMap((m) => m.r.methods))].join(', ');
            return { refused: { ...plain(405, 'Method Not Allowed'), headers: { 'content-type': 'text/plain', allow } } };
        }
        return { fn: hit.r.fn, params: hit.params! };
    }

    /** A buffered invocation: the body was read whole; the answer is the function's return value. */
    async invoke(fn: RegisteredFunction, params: Record<string, string>, req: IncomingHttp): Promise<OutgoingHttp> {
        let result: unknown;
        try {
            result = await this.host.invoke(fn, httpTrigger(req, params, req.body));
        } catch {
            return { status: 500, headers: {}, body: Buffer.alloc(0) }; // like Azure: the error is in the log, not the response
        }
        return toOutgoing(result as RpcHttp | undefined);
    }
}

/** The http trigger value as the Functions host sends it (without a body when the app streams it). */
export function httpTrigger(req: RequestHead, params: Record<string, string>, body?: Buffer): TypedData {
    return {
        http: {
            method: req.method, url: req.url.toString(), headers: req.headers,
            query: Object.fromEntries(req.url.searchParams), params,
            body: body?.length ? { bytes: body } : undefined, identities: [],
        },
    };
}

function toOutgoing(res: RpcHttp | undefined): OutgoingHttp {
    if (!res) return { status: 204, headers: {}, body: Buffer.alloc(0) };
    const body = res.body?.bytes ? Buffer.from(res.body.bytes) : res.body?.string !== undefined ? Buffer.from(res.body.string) : Buffer.alloc(0);
    const headers: Record<string, string | string[]> = { ...(res.headers ?? {}) };
    const cookies = (res.cookies ?? []) as RpcCookie[];
    if (cookies.length) headers['set-cookie'] = cookies.map(serializeCookie);
    return { status: Number(res.statusCode ?? 200), headers, body };
}

interface RpcCookie {
    name: string;
    value: string;
    domain?: { value?: string };
    path?: { value?: string };
    expires?: { value?: { seconds?: number } };
    secure?: { value?: boolean };
    httpOnly?: { value?: boolean };
    sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone';
    maxAge?: { value?: number };
}

function serializeCookie(c: RpcCookie): string {
    const parts = [`${c.name}=${c.value}`];
    if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
    if (c.path?.value) parts.push(`Path=${c.path.value}`);
    if (c.expires?.value?.seconds !== undefined) parts.push(`Expires=${new Date(c.expires.value.seconds * 1000).toUTCString()}`);
    if (c.maxAge?.value !== undefined) parts.push(`Max-Age=${c.maxAge.value}`);
    if (c.secure?.value) parts.push('Secure');
    if (c.httpOnly?.value) parts.push('HttpOnly');
    const sameSite = { none: '', lax: 'Lax', strict: 'Strict', explicitNone: 'None' }[c.sameSite ?? 'none'];
    if (sameSite) parts.push(`SameSite=${sameSite}`);
    return parts.join('; ');
}
