// The readable log's sinks for LocalHost.start. Lines logged while the host
// starts (the app's first calls to it) are held until the banner is out, so
// the banner is the first thing a person sees.
import type { LocalHostOptions } from '../host';
import { entryLine, requestLine } from './textLines';
import type { Paint } from './terminal';

export interface TextLog {
    sinks: Pick<LocalHostOptions, 'log' | 'onAnswered'>;
    /** Writes the banner, then what was held, then every line as it comes. */
    open(banner: string): void;
}

export function textLog(p: Paint, out: (text: string) => void = (text) => process.stdout.write(text)): TextLog {
    let held: string[] | undefined = [];
    const write = (line: string | undefined) => {
        if (line === undefined) return;
        if (held) held.push(line);
        else out(`${line}\n`);
    };
    return {
        sinks: { log: (e) => write(entryLine(e as Record<string, unknown>, p)), onAnswered: (r) => write(requestLine(r, p)) },
        open(banner) {
            out(`${[banner, ...(held ?? [])].join('\n')}\n`);
            held = undefined;
        },
    };
}
