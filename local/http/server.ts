// The host's HTTP front door: reads requests (with a size limit → 413), hands
// system paths (durable webhooks, admin) to their mounts and the rest to the
// app's HTTP functions.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { FunctionRoutes, IncomingHttp, OutgoingHttp } from './functionRoutes';

export interface Mount {
    /** Path prefix with leading and trailing slash, e.g. `/admin/`. */
    prefix: string;
    handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp>;
}

export interface HttpServerOptions {
    mounts: Mount[];
    functions?: FunctionRoutes;
    maxRequestBodyBytes: number;
}

export class HttpServer {
    private readonly server: http.Server;
    /** False between listen() and configure(): the app is still loading. */
    private configured = false;

    constructor(private o: HttpServerOptions) {
        this.server = http.createServer((req, res) => void this.serve(req, res));
        this.server.keepAliveTimeout = 5000;
    }

    /** Mounts and routes can be set after listening (the port must be known before the app loads). */
    configure(parts: Pick<HttpServerOptions, 'mounts' | 'functions'>): void {
        this.o = { ...this.o, ...parts };
        this.configured = true;
    }

    async listen(port: number, host?: string): Promise<number> {
        await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(port, host, () => resolve());
        });
        return (this.server.address() as AddressInfo).port;
    }

    /** Stops accepting; requests still running get a moment to finish, then their connections are cut. */
    async close(graceMs = 2000): Promise<void> {
        this.server.closeIdleConnections();
        const cut = setTimeout(() => this.server.closeAllConnections(), graceMs);
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
        clearTimeout(cut);
    }

    private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        try {
            if (!this.configured) {
                return send(res, { status: 503, headers: { 'content-type': 'text/plain', 'retry-after': '1' }, body: Buffer.from('The host is starting.') });
            }
            const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
            const body = await readBody(req, this.o.maxRequestBodyBytes);
            if (body === 'too-large') {
                return send(res, { status: 413, headers: { 'content-type': 'text/plain', connection: 'close' }, body: Buffer.from(`Request body exceeds ${this.o.maxRequestBodyBytes} bytes.`) });
            }
            const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
            const gone = new AbortController();
            res.once('close', () => gone.abort());
            const incoming: IncomingHttp = { method: (req.method ?? 'GET').toUpperCase(), url, headers, body, signal: gone.signal };
            const mount = this.o.mounts.find((m) => url.pathname.startsWith(m.prefix));
            if (mount) return send(res, await mount.handle(incoming, url.pathname.slice(mount.prefix.length)));
            const path = this.o.functions?.routePath(url.pathname);
            if (path !== undefined && this.o.functions) return send(res, await this.o.functions.handle(incoming, path));
            send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Not Found') });
        } catch (err) {
            process.stderr.write(`${JSON.stringify({ level: 'error', message: 'http host error', error: (err as Error).message })}\n`);
            if (!res.headersSent) send(res, { status: 500, headers: {}, body: Buffer.alloc(0) });
        }
    }
}

/** The request body, or 'too-large' as soon as it passes the limit (the rest is not buffered). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
        req.resume();
        return Promise.resolve('too-large');
    }
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        req.on('data', (c: Buffer) => {
            size += c.length;
            if (size > limit) over = true;
            else chunks.push(c);
        });
        req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

function send(res: http.ServerResponse, out: OutgoingHttp): void {
    res.statusCode = out.status;
    for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, v);
    if (!res.hasHeader('content-length')) res.setHeader('content-length', out.body.length);
    res.end(out.body);
}

/** JSON responses for system endpoints. */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): OutgoingHttp {
    const text = body === undefined ? '' : JSON.stringify(body);
    return { status, headers: { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers }, body: Buffer.from(text) };
}

/** Problem details for the host's own endpoints. */
export function hostProblem(status: number, detail: string): OutgoingHttp {
    return json(status, { status, title: detail, detail }, { 'content-type': 'application/problem+json' });
}
