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

/** In "see https://x.example/a." or "(https://x.example/a)" the sentence's punctuation is not part of the link. */
function withoutTrailingPunctuation(url: string): string {
    return url.replace(/[.,;:!?)\]}]+$/, '');
}
