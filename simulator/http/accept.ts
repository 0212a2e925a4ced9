// Which of its forms a caller asked for, read from the Accept header as a
// browser and curl send it: a browser lists text/html first (and */* after it
// at a lower q), curl sends */* alone, a script names application/json.
// Only an explicit text/html that is preferred over JSON gets HTML, so every
// caller that does not say "HTML" keeps the JSON it always had.

interface MediaRange { type: string; q: number }

function parse(accept: string): MediaRange[] {
    return accept.split(',').map((part) => {
        const [type, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
        const q = params.map((p) => /^q=([\d.]+)$/.exec(p)).find(Boolean);
        const value = q ? Number(q[1]) : 1;
        return { type, q: Number.isFinite(value) ? value : 0 };
    }).filter((m) => m.type);
}

/** The q the caller gives `type`: its own entry, else its family's (`text/*`), else `*\/*`; 0 when it is not accepted. */
function quality(ranges: MediaRange[], type: string): number {
    const family = `${type.split('/')[0]}/*`;
    const match = ranges.find((m) => m.type === type) ?? ranges.find((m) => m.type === family) ?? ranges.find((m) => m.type === '*/*');
    return match?.q ?? 0;
}

/** True when the caller names text/html and prefers it to JSON. */
export function wantsHtml(accept: string | undefined): boolean {
    if (!accept) return false;
    const ranges = parse(accept);
    if (!ranges.some((m) => m.type === 'text/html' && m.q > 0)) return false;
    return quality(ranges, 'text/html') > quality(ranges, 'application/json');
}
