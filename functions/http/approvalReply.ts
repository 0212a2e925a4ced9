// How the approval endpoint answers: a page for people (a browser, a form
// post), JSON for programs, and the same refusals either way. The token is in
// the URL, so nothing is cached and no referrer leaves the page.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Html } from './approvalHtml';
import { errorPage } from './approvalPage';
import type { Refusal } from './approvalRefusals';
import { problem } from './problem';


const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
const PAGE = {
    ...PRIVATE,
    'content-type': 'text/html; charset=utf-8',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function page(status: number, body: Html): HttpResponseInit {
    return { status, headers: PAGE, body: body.value };
}

export function json(status: number, body: unknown): HttpResponseInit {
    return { status, headers: { ...PRIVATE, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function refuse(asHtml: boolean, r: Refusal): HttpResponseInit {
    if (asHtml) return page(r.status, errorPage(r));
    const res = problem(r.status, r.code, r.detail, { remedy: r.remedy, ...(r.issues ? { issues: r.issues } : {}) });
    return { ...res, headers: { ...PRIVATE, ...(res.headers as Record<string, string>) } };
}

/** A browser's form post (the page's own form). */
export function isFormPost(req: HttpRequest): boolean {
    return req.method === 'POST' && mediaType(req.headers.get('content-type')) === 'application/x-www-form-urlencoded';
}

/**
 * GET: a page unless the caller asks for JSON over HTML. POST: a page for a
 * form post or a caller that prefers HTML, else JSON.
 */
export function wantsHtml(req: HttpRequest): boolean {
    if (isFormPost(req)) return true;
    const accept = req.headers.get('accept');
    const htmlQ = quality(accept, 'text/html');
    const jsonQ = quality(accept, 'application/json');
    return req.method === 'GET' ? htmlQ >= jsonQ : htmlQ > jsonQ;
}

function mediaType(header: string | null): string {
    return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** RFC 9110 quality of `type` under an Accept header: the most specific matching range decides; no header accepts all. */
export function quality(accept: string | null, type: string): number {
    if (!accept?.trim()) return 1;
    const [major] = type.split('/');
    let best: { specificity: number; q: number } | undefined;
    for (const part of accept.split(',')) {
        const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
        const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
        if (specificity < 0 || (best && best.specificity >= specificity)) continue;
        const qParam = params.find((p) => p.startsWith('q='));
        const q = qParam ? Number(qParam.slice(2)) : 1;
        best = { specificity, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
    }
    return best?.q ?? 0;
}
