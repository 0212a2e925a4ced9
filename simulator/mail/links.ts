// The links in a mail, so a test can follow one (a handover approval, say)
// the way a person would click it.

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** http(s) URLs in a mail's text, then its HTML, once each, in order of appearance. */
export function extractLinks(text: string, html: string | null): string[] {
    // HTML writes `&` in an href as `&amp;`: decode in one pass (so `&amp;lt;` stays `&lt;`) before matching
    const decoded = (html ?? '').replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => HTML_ENTITIES[name]);
    const links = [...text.matchAll(URL_PATTERN), ...decoded.matchAll(URL_PATTERN)].map(([url]) => withoutTrailingPunctuation(url));
    return [...new Set(links)];
}

/** A mail's text cut into plain runs and the http(s) links in it (found as extractLinks finds them), in order. */
export function splitLinks(text: string): Array<{ text: string } | { link: string }> {
    const parts: Array<{ text: string } | { link: string }> = [];
    let at = 0;
    for (const m of text.matchAll(URL_PATTERN)) {
        const link = withoutTrailingPunctuation(m[0]);
        if (m.index > at) parts.push({ text: text.slice(at, m.index) });
        parts.push({ link });
        at = m.index + link.length;
    }
    if (at < text.length) parts.push({ text: text.slice(at) });
    return parts;
}

/** In "see https://x.example/a." or "(https://x.example/a)" the sentence's punctuation is not part of the link. */
function withoutTrailingPunctuation(url: string): string {
    return url.replace(/[.,;:!?)\]}]+$/, '');
}
