// The host's HTTP front door: refuses what no route could mean (400, 431),
// hands system paths (durable webhooks, admin, simulator) to their mounts and
// the rest to the app's HTTP functions, buffered up to the size limit (413) or
// streamed to the app when it streams HTTP.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { answerClientError } from './clientErrors';
import { favicon } from './favicon';
import { FunctionRoutes } from './functionRoutes';
import { readBody, tooLarge } from './requestBody';
import { requestHead } from './requestHead';
import { answer, IncomingHttp, OutgoingHttp, plain, RequestHead } from './respond';
import { HttpStreamForwarder } from './streamForward';

export interface Mount {
    /** Path prefix with leading and trailing slash, e.g. `/admin/`. */
    prefix: string;
    /** Checks the caller on the request line and headers, before any body is read; a refusal is answered at once. */
    authorize?(req: RequestHead): OutgoingHttp | undefined;
    /** The largest body it takes (else the host's limit); a larger one is refused with 413 as it arrives. */
    maxBodyBytes?: number;
    handle(req: IncomingHttp, subPath: string): Promise<OutgoingHttp>;
}

/** One request as answered: what a person watching the terminal wants to see of it. */
export interface AnsweredRequest {
    method: string;
    /** The path as sent, without the query (which may carry a key: `code=`). */
    path: string;
    status: number;
    durationMs: number;
    /** False when the client went away before the whole answer was sent. */
    completed: boolean;
}

export interface HttpServerOptions {
    mounts: Mount[];
    /** Told of every request once it is answered (or the client left). */
    onAnswered?: (r: AnsweredRequest) => void;
    functions?: FunctionRoutes;
    /** Set when the app streams HTTP: its functions are served through its own proxy. */
    stream?: HttpStreamForwarder;
    maxRequestBodyBytes: number;
}

export class HttpServer {
    private readonly server: http.Server;
    /** False between listen() and configure(): the app is still loading. */
    private configured = false;

    constructor(private o: HttpServerOptions) {
        this.server = http.createServer((req, res) => void this.serve(req, res));
        this.server.keepAliveTimeout = 5000;
        this.server.on('clientError', answerClientError);
    }

    /** Mounts and routes can be set after listening (the port must be known before the app loads). */
    configure(parts: Pick<HttpServerOptions, 'mounts' | 'functions' | 'stream'>): void {
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
        if (this.o.onAnswered) this.watch(req, res, this.o.onAnswered);
        try {
            if (!this.configured) {
                return answer(req, res, { status: 503, headers: { 'content-type': 'text/plain', 'retry-after': '1' }, body: Buffer.from('The host is starting.') });
            }
            const head = requestHead(req);
            if ('status' in head) return answer(req, res, head);
            const gone = new AbortController();
            res.once('close', () => gone.abort());
            head.signal = gone.signal;
            const icon = favicon(head);
            if (icon) return answer(req, res, icon);
            const mount = this.o.mounts.find((m) => head.url.pathname.startsWith(m.prefix));
            if (mount) return await this.serveMount(mount, req, res, head);
            const path = this.o.functions?.routePath(head.url.pathname);
            if (path === undefined || !this.o.functions) return answer(req, res, plain(404, 'Not Found'));
            const route = this.o.functions.match(head.method, path);
            if ('refused' in route) return answer(req, res, route.refused);
            if (this.o.stream) return await this.o.stream.forward(req, res, head, route.fn, route.params);
            const body = await readBody(req, this.o.maxRequestBodyBytes);
            if (body === 'too-large') return answer(req, res, tooLarge(this.o.maxRequestBodyBytes));
            answer(req, res, await this.o.functions.invoke(route.fn, route.params, { ...head, body }));
        } catch (err) {
            process.stderr.write(`${JSON.stringify({ level: 'error', message: 'http host error', error: (err as Error).message })}\n`);
            if (!res.headersSent) answer(req, res, { status: 500, headers: {}, body: Buffer.alloc(0) });
            else res.destroy();
        }
    }

    private watch(req: http.IncomingMessage, res: http.ServerResponse, onAnswered: (r: AnsweredRequest) => void): void {
        const started = process.hrtime.bigint();
        res.once('close', () => onAnswered({
            method: req.method ?? '',
            path: (req.url ?? '').split('?')[0],
            status: res.statusCode,
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            completed: res.writableFinished,
        }));
    }

    /** System endpoints: the caller is checked before the body is read. */
    private async serveMount(mount: Mount, req: http.IncomingMessage, res: http.ServerResponse, head: RequestHead): Promise<void> {
        const refused = mount.authorize?.(head);
        if (refused) return answer(req, res, refused);
        const limit = Math.min(mount.maxBodyBytes ?? Infinity, this.o.maxRequestBodyBytes);
        const body = await readBody(req, limit);
        if (body === 'too-large') return answer(req, res, tooLarge(limit));
        answer(req, res, await mount.handle({ ...head, body }, head.url.pathname.slice(mount.prefix.length)));
    }
}
