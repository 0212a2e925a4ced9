// The request line and headers as the host routes on them, or the 400 for a
// target no route could mean: a path with broken percent-encoding (every
// decodeURIComponent downstream would throw) or a Host that is not a host.
import * as http from 'node:http';
import { hostProblem, OutgoingHttp, RequestHead } from './respond';

export function requestHead(req: http.IncomingMessage): RequestHead | OutgoingHttp {
    const target = req.url ?? '/';
    // origin-form only: `//x` must stay a path, not become a host
    if (!target.startsWith('/')) return hostProblem(400, 'invalid-path', 'The request target must be a path starting with "/".');
    const origin = originOf(req.headers.host ?? 'localhost');
    if (!origin) return hostProblem(400, 'invalid-host', `The Host header "${req.headers.host}" is not a host name with an optional port.`);
    let url: URL;
    try {
        url = new URL(`${origin}${target}`);
        decodeURIComponent(url.pathname);
    } catch {
        return hostProblem(400, 'invalid-path', `The path "${target.split("?")[0].slice(0, 200)}" has an invalid percent-encoding ("%" must be followed by two hex digits of UTF-8).`);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    return { method: (req.method ?? 'GET').toUpperCase(), url, headers };
}

/** `http://host[:port]` for a Host header that names a host and nothing more, else undefined. */
function originOf(host: string): string | undefined {
    try {
        const u = new URL(`http://${host}`);
        return u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password ? u.origin : undefined;
    } catch {
        return undefined;
    }
}
