// Request bodies as JSON, refusing nesting deeper than anyone sends on
// purpose. JSON.parse itself copes with deep input, but what handles the value
// next (JSON.stringify, zod, msgpack, the durable SDK) recurses and can run out
// of stack, so the depth is checked first with a cheap scan of the text.

export type JsonBody = { ok: true; value: unknown } | { ok: false; detail: string };

export function parseJsonBody(text: string, { maxDepth = 64 }: { maxDepth?: number } = {}): JsonBody {
    if (nestedDeeperThan(text, maxDepth)) return { ok: false, detail: `The JSON body is nested deeper than ${maxDepth} levels.` };
    try {
        return { ok: true, value: JSON.parse(text) };
    } catch (err) {
        return { ok: false, detail: `The body is not valid JSON: ${(err as Error).message}` };
    }
}

/** Whether brackets outside strings nest deeper than `max`; stops at the first level too deep. */
function nestedDeeperThan(text: string, max: number): boolean {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c) i++; // a backslash escapes the next character
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) {
            inString = true;
        } else if (c === 0x5b || c === 0x7b) { // [ {
            if (++depth > max) return true;
        } else if (c === 0x5d || c === 0x7d) { // ] }
            depth--;
        }
    }
    return false;
}
