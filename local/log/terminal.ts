// How the local host writes its log: JSON lines (one object a line, what
// Azure's log pipeline and any tool reading stdout expect) unless a person is
// watching, i.e. stdout is a terminal; LOG_FORMAT=json or LOG_FORMAT=text
// says so explicitly. Colour only on a terminal that has it, and never with
// NO_COLOR set (https://no-color.org).

export type LogFormat = 'json' | 'text';

export interface Terminal {
    isTTY?: boolean;
    hasColors?(): boolean;
}

export function logFormat(env: Record<string, string | undefined>, stdout: Terminal): LogFormat {
    const asked = env.LOG_FORMAT?.trim().toLowerCase();
    if (asked === 'json' || asked === 'text') return asked;
    if (asked) throw new Error(`LOG_FORMAT must be json or text, not "${env.LOG_FORMAT}"`);
    return stdout.isTTY ? 'text' : 'json';
}

export function useColour(env: Record<string, string | undefined>, stdout: Terminal): boolean {
    if (env.NO_COLOR) return false;
    return !!stdout.isTTY && (stdout.hasColors?.() ?? false);
}

export interface Paint {
    dim(s: string): string;
    bold(s: string): string;
    red(s: string): string;
    yellow(s: string): string;
    green(s: string): string;
    cyan(s: string): string;
}

const sgr = (on: number, off: number) => (s: string) => `\x1b[${on}m${s}\x1b[${off}m`;
const plain = (s: string) => s;

export function paint(colour: boolean): Paint {
    if (!colour) return { dim: plain, bold: plain, red: plain, yellow: plain, green: plain, cyan: plain };
    return { dim: sgr(2, 22), bold: sgr(1, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}
