// Where a world file stops being JSON, as a line and column a person can jump
// to. Node 20's JSON.parse does not always say where it failed, so the
// grammar is walked here to find the first offending character.

/** The parser's message, prefixed with the line and column of the failure when it can be found. */
export function describeJsonError(text: string, err: Error): string {
    const reported = /position (\d+)/.exec(err.message);
    const offset = reported ? Number(reported[1]) : jsonErrorOffset(text);
    if (offset === undefined) return err.message;
    const lines = text.slice(0, offset).split('\n');
    return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}: ${err.message}`;
}

/** Offset of the first character that breaks the JSON grammar, or undefined when the text is JSON. */
export function jsonErrorOffset(text: string): number | undefined {
    let i = 0;
    class Stop {
        constructor(readonly at: number) {}
    }
    const fail = (): never => {
        throw new Stop(i);
    };
    const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    };
    const literal = (word: string) => {
        for (const ch of word) {
            if (text[i] !== ch) fail();
            i++;
        }
    };
    const string = () => {
        i++; // the opening quote
        for (;;) {
            if (i >= text.length) fail();
            const ch = text[i];
            if (ch === '"') { i++; return; }
            if (ch < ' ') fail();
            if (ch === '\\') {
                i++;
                if (text[i] === 'u') {
                    i++;
                    for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
                    continue;
                }
                if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
            }
            i++;
        }
    };
    const digits = () => {
        if (!isDigit(text[i])) fail();
        while (isDigit(text[i])) i++;
    };
    const number = () => {
        if (text[i] === '-') i++;
        if (text[i] === '0') i++;
        else digits();
        if (text[i] === '.') { i++; digits(); }
        if (text[i] === 'e' || text[i] === 'E') {
            i++;
            if (text[i] === '+' || text[i] === '-') i++;
            digits();
        }
    };
    const members = (close: string, member: () => void) => {
        i++; ws();
        if (text[i] === close) { i++; return; }
        for (;;) {
            member(); ws();
            if (text[i] === ',') { i++; continue; }
            if (text[i] === close) { i++; return; }
            fail();
        }
    };
    const value = (): void => {
        ws();
        const ch = text[i];
        if (ch === '{') {
            return members('}', () => {
                ws();
                if (text[i] !== '"') fail();
                string(); ws();
                if (text[i] !== ':') fail();
                i++; value();
            });
        }
        if (ch === '[') return members(']', value);
        if (ch === '"') return string();
        if (ch === 't') return literal('true');
        if (ch === 'f') return literal('false');
        if (ch === 'n') return literal('null');
        if (ch === '-' || isDigit(ch)) return number();
        fail();
    };
    try {
        value(); ws();
        if (i < text.length) fail();
        return undefined;
    } catch (e) {
        if (e instanceof Stop) return e.at;
        throw e;
    }
}
