// Azure Functions route templates (ASP.NET style): literal segments,
// `{name}`, optional `{name?}`, constrained `{name:int}` and catch-all `{*name}`.

type Segment =
    | { kind: 'literal'; text: string }
    | { kind: 'param'; name: string; optional: boolean; constraint?: string; catchAll: boolean };

const CONSTRAINTS: Record<string, RegExp> = {
    int: /^-?\d+$/,
    long: /^-?\d+$/,
    bool: /^(true|false)$/i,
    guid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
    alpha: /^[a-z]+$/i,
    double: /^-?\d+(\.\d+)?$/,
    float: /^-?\d+(\.\d+)?$/,
    decimal: /^-?\d+(\.\d+)?$/,
    datetime: /^\d{4}-\d{2}-\d{2}/,
};

export class RouteTemplate {
    private readonly segments: Segment[];

    constructor(readonly template: string) {
        this.segments = template.split('/').filter(Boolean).map(parseSegment);
    }

    /** Route parameters when `path` (no prefix, no query) matches, else undefined. */
    match(path: string): Record<string, string> | undefined {
        const parts = path.split('/').filter(Boolean);
        const params: Record<string, string> = {};
        for (let i = 0; i < this.segments.length; i++) {
            const seg = this.segments[i];
            const part = parts[i];
            if (seg.kind === 'literal') {
                if (part === undefined || part.toLowerCase() !== seg.text.toLowerCase()) return undefined;
                continue;
            }
            if (seg.catchAll) {
                const rest = parts.slice(i).map(safeDecode).join('/');
                if (rest || seg.optional) params[seg.name] = rest;
                else return undefined;
                return params;
            }
            if (part === undefined) {
                if (!seg.optional) return undefined;
                continue;
            }
            const value = safeDecode(part);
            if (seg.constraint && !CONSTRAINTS[seg.constraint]?.test(value)) return undefined;
            params[seg.name] = value;
        }
        return parts.length <= this.segments.length ? params : undefined;
    }

    /** Literal segments first, so `customers/search` beats `customers/{id}`. */
    get specificity(): number {
        return this.segments.reduce((n, s) => n * 3 + (s.kind === 'literal' ? 2 : s.kind === 'param' && !s.catchAll ? 1 : 0), 0);
    }
}

function parseSegment(text: string): Segment {
    const m = /^\{(\*)?([A-Za-z_][\w]*)(?::([a-z]+))?(\?)?\}$/.exec(text);
    if (!m) return { kind: 'literal', text };
    return { kind: 'param', catchAll: !!m[1], name: m[2], constraint: m[3], optional: !!m[4] };
}

function safeDecode(s: string): string {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
}
