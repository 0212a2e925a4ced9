// Request bodies as JSON. Deeply nested input is refused before parsing: what
// handles the value next (zod, structuredClone, the store's encoder) recurses
// and could run out of stack on a hostile body.

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

const MAX_DEPTH = 64;

export function parseJson(body: Buffer): ParsedBody {
    if (body.length === 0) return { ok: true, value: undefined };
    const text = body.toString('utf8');
    if (depthExceeds(text, MAX_DEPTH)) return { ok: false, reason: `The JSON body nests deeper than ${MAX_DEPTH} levels.` };
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch (err) {
        return { ok: false, reason: `The body is not JSON: ${(err as Error).message}` };
    }
}

/** Counts open brackets outside strings; stops as soon as the limit is passed. */
function depthExceeds(text: string, limit: number): boolean {
    let depth = 0;
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
            if (ch === '\\') i++;
            else if (ch === '"') quoted = false;
        } else if (ch === '"') {
            quoted = true;
        } else if (ch === '{' || ch === '[') {
            if (++depth > limit) return true;
        } else if (ch === '}' || ch === ']') {
            depth--;
        }
    }
    return false;
}
