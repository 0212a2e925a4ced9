// The host's answer to /favicon.ico. A browser asks every page's origin for it
// when the page names no icon (a JSON answer, a simulator page): without this
// each such page logs a 404 in DevTools. The icon is the console's own square.
import { OutgoingHttp, RequestHead } from './respond';

const ICON = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/></svg>`);

/** The icon for GET or HEAD /favicon.ico; undefined for any other request. */
export function favicon(req: RequestHead): OutgoingHttp | undefined {
    if (req.url.pathname !== '/favicon.ico' || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
    const headers = { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400', 'content-length': String(ICON.length) };
    return { status: 200, headers, body: req.method === 'HEAD' ? Buffer.alloc(0) : ICON };
}
