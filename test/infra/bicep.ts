// Just enough of Bicep's syntax to read infra/ as text (no compiler here):
// declarations (param, var, output, resource, module), the body of each, and
// the top-level properties of an object. Strings (with their interpolations)
// and comments are masked first, so a brace or `//` inside them misleads nothing.
import * as fs from 'node:fs';

export interface Declaration {
    kind: 'resource' | 'module';
    symbol: string;
    /** The resource type with its API version, or the module path. */
    type: string;
    existing: boolean;
    /** `[for x in xs:` when the declaration is a loop. */
    loop?: { item: string; over: string };
    /** The condition of `if (...)`, when there is one. */
    condition?: string;
    /** From the opening brace to the closing one. */
    body: string;
}

export class BicepFile {
    readonly text: string;
    /** Same length as text: strings' contents and comments replaced by spaces (newlines kept). */
    readonly masked: string;
    /** Same length as text: comments replaced by spaces. Values are read from here. */
    readonly code: string;

    constructor(readonly path: string, text?: string) {
        this.text = text ?? fs.readFileSync(path, 'utf8');
        this.masked = mask(this.text);
        this.code = mask(this.text, false);
    }

    declarations(): Declaration[] {
        const found: Declaration[] = [];
        const header = /^[ \t]*(resource|module)[ \t]+(\w+)[ \t]+'([^']+)'[ \t]+(existing[ \t]+)?=[ \t]*([^{\n]*)\{/gm;
        for (const m of this.text.matchAll(header)) {
            const start = m.index!;
            if (this.masked.slice(start, start + m[0].indexOf(m[1]) + m[1].length).trim() !== m[1]) continue; // in a comment or string
            const open = start + m[0].length - 1;
            const pre = m[5].trim();
            const loop = /^\[\s*for\s+(\w+)\s+in\s+([^:]+?)\s*:\s*(.*)$/.exec(pre);
            const conditionText = loop ? loop[3] : pre;
            const condition = /^if\s*\((.*)\)$/.exec(conditionText.trim())?.[1];
            found.push({
                kind: m[1] as Declaration['kind'],
                symbol: m[2],
                type: m[3],
                existing: Boolean(m[4]),
                loop: loop ? { item: loop[1], over: loop[2].trim() } : undefined,
                condition,
                body: this.code.slice(open, this.closing(open) + 1),
            });
        }
        return found;
    }

    declaration(symbol: string): Declaration {
        const d = this.declarations().find((x) => x.symbol === symbol);
        if (!d) throw new Error(`${this.path}: no resource or module '${symbol}'`);
        return d;
    }

    ofType(typePrefix: string): Declaration[] {
        return this.declarations().filter((d) => d.type === typePrefix || d.type.startsWith(`${typePrefix}@`));
    }

    /** `var name = <value>`: the value's text (a whole block when it is one). */
    vars(): Map<string, string> {
        return this.valuesOf(/^var[ \t]+(\w+)[ \t]*=[ \t]*/gm);
    }

    /** `param name type = <default>`: name -> { type, default text when there is one }. */
    params(): Map<string, { type: string; default?: string }> {
        const out = new Map<string, { type: string; default?: string }>();
        for (const m of this.text.matchAll(/^param[ \t]+(\w+)[ \t]+(\w+)[ \t]*(=[ \t]*)?/gm)) {
            if (this.masked[m.index!] !== 'p') continue;
            const value = m[3] ? this.valueAt(m.index! + m[0].length) : undefined;
            out.set(m[1], { type: m[2], default: value });
        }
        return out;
    }

    outputs(): Map<string, string> {
        return this.valuesOf(/^output[ \t]+(\w+)[ \t]+\w+\??[ \t]*=[ \t]*/gm);
    }

    private valuesOf(re: RegExp): Map<string, string> {
        const out = new Map<string, string>();
        for (const m of this.text.matchAll(re)) {
            if (this.masked[m.index!] === ' ') continue;
            out.set(m[1], this.valueAt(m.index! + m[0].length));
        }
        return out;
    }

    /** The expression starting at `at`: to the end of the line, or to the end of the block it opens. */
    private valueAt(at: number): string {
        const lineEnd = this.text.indexOf('\n', at) === -1 ? this.text.length : this.text.indexOf('\n', at);
        let depth = 0;
        let i = at;
        for (; i < this.text.length; i++) {
            const c = this.masked[i];
            if (c === '{' || c === '[' || c === '(') depth++;
            else if (c === '}' || c === ']' || c === ')') depth--;
            if (depth === 0 && i >= lineEnd - 1) break;
            if (depth === 0 && c === '\n') break;
        }
        return this.code.slice(at, Math.max(i + 1, at)).trim();
    }

    private closing(open: number): number {
        return closingIn(this.masked, open, this.path);
    }
}

/** The top-level `key: value` pairs of an object literal (text from `{` to `}`), values as text. */
export function properties(objectText: string): Map<string, string> {
    objectText = mask(objectText, false);
    const masked = mask(objectText);
    const out = new Map<string, string>();
    let depth = 0;
    let lineStart = 0;
    for (let i = 0; i <= objectText.length; i++) {
        const c = masked[i];
        if (i === objectText.length || c === '\n') {
            lineStart = i + 1;
            continue;
        }
        if (depth === 1 && i === firstNonBlank(masked, lineStart) && i === lineStartOf(masked, i, lineStart)) {
            const m = /^([A-Za-z_$][\w$]*|'[^']*')[ \t]*:[ \t]*/.exec(objectText.slice(i));
            if (m) {
                const valueStart = i + m[0].length;
                const valueEnd = valueEndIn(masked, valueStart);
                out.set(m[1].replace(/^'|'$/g, ''), objectText.slice(valueStart, valueEnd).trim());
            }
        }
        if (c === '{' || c === '[' || c === '(') depth++;
        else if (c === '}' || c === ']' || c === ')') depth--;
    }
    return out;
}

/** A single-quoted Bicep string literal's value (no interpolation), or undefined. */
export function literal(value: string | undefined): string | undefined {
    const m = /^'((?:[^'\\$]|\\.|\$(?!\{))*)'$/.exec((value ?? '').trim());
    return m ? m[1].replace(/\\'/g, "'") : undefined;
}

function firstNonBlank(masked: string, from: number): number {
    let i = from;
    while (i < masked.length && (masked[i] === ' ' || masked[i] === '\t')) i++;
    return i;
}

function lineStartOf(masked: string, i: number, lineStart: number): number {
    return firstNonBlank(masked, lineStart) === i ? i : -1;
}

function valueEndIn(masked: string, start: number): number {
    let depth = 0;
    for (let i = start; i < masked.length; i++) {
        const c = masked[i];
        if (c === '{' || c === '[' || c === '(') depth++;
        else if (c === '}' || c === ']' || c === ')') {
            if (depth === 0) return i;
            depth--;
        } else if (c === '\n' && depth === 0) return i;
    }
    return masked.length;
}

function closingIn(masked: string, open: number, where: string): number {
    let depth = 0;
    for (let i = open; i < masked.length; i++) {
        if (masked[i] === '{') depth++;
        else if (masked[i] === '}' && --depth === 0) return i;
    }
    throw new Error(`${where}: unbalanced braces from offset ${open}`);
}

/** Strings' contents (interpolations included, unless `strings` is false) and comments become spaces; quotes and newlines stay. */
export function mask(src: string, strings = true): string {
    const out = src.split('');
    const blank = (from: number, to: number) => {
        for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
    };
    let i = 0;
    while (i < src.length) {
        if (src.startsWith("'''", i)) {
            const end = src.indexOf("'''", i + 3);
            const stop = end === -1 ? src.length : end;
            if (strings) blank(i + 3, stop);
            i = stop + 3;
        } else if (src[i] === "'") {
            const end = stringEnd(src, i);
            if (strings) blank(i + 1, end);
            i = end + 1;
        } else if (src.startsWith('//', i)) {
            const end = src.indexOf('\n', i);
            const stop = end === -1 ? src.length : end;
            blank(i, stop);
            i = stop;
        } else if (src.startsWith('/*', i)) {
            const end = src.indexOf('*/', i + 2);
            const stop = end === -1 ? src.length : end + 2;
            blank(i, stop);
            i = stop;
        } else {
            i++;
        }
    }
    return out.join('');
}

/** Index of the quote closing the string opened at `open` (interpolations may hold strings of their own). */
function stringEnd(src: string, open: number): number {
    let i = open + 1;
    while (i < src.length) {
        if (src[i] === '\\') {
            i += 2;
        } else if (src[i] === "'") {
            return i;
        } else if (src.startsWith('${', i)) {
            let depth = 1;
            i += 2;
            while (i < src.length && depth > 0) {
                if (src[i] === "'") i = stringEnd(src, i);
                else if (src[i] === '{') depth++;
                else if (src[i] === '}') depth--;
                i++;
            }
        } else {
            i++;
        }
    }
    return src.length;
}
