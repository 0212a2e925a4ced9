// Joins a client's base URL, a request path and query parameters.

export type QueryValue = string | number | boolean | undefined;

/**
 * `path` is relative to `baseUrl` (slashes between them are normalized), or an
 * absolute URL such as an ARM `nextLink`. An absolute URL must stay on the base
 * URL's origin: the client attaches its bearer token, and a link to another
 * host would hand that token to it.
 */
export function requestUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): string {
    const base = new URL(baseUrl);
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
        url = new URL(path);
        if (url.origin !== base.origin) throw new Error(`refusing to call ${url.origin}: this client only calls ${base.origin}`);
    } else {
        url = new URL(`${base.href.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    }
    for (const [name, value] of Object.entries(query)) {
        if (value !== undefined) url.searchParams.append(name, String(value));
    }
    return url.toString();
}
