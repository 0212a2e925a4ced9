// The host's log for a person at a terminal (LOG_FORMAT=text, the default on
// a TTY): one short line per request (method, path, status, time taken) and
// per run step (the orchestration's id and the activity), and whatever went
// wrong. What the request line already says (an HTTP function's invocation)
// and the orchestrator's own episodes (replays between steps) are left out;
// the JSON lines keep everything.
import type { AnsweredRequest } from '../http/server';
import type { Paint } from './terminal';

/** "12 ms", "1.4 s". */
export function duration(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const clock = (at: Date) => at.toTimeString().slice(0, 8);

/**
 * The path as a person reads it: a very long segment (an approval link's
 * token) is cut, so one request stays one line and a link's secret is not
 * copied whole into a terminal's scrollback.
 */
export function shortPath(path: string): string {
    return path.split('/').map((seg) => (seg.length > 40 ? `${seg.slice(0, 12)}…` : seg)).join('/');
}

function status(code: number, p: Paint): string {
    const text = String(code);
    if (code >= 500) return p.red(text);
    if (code >= 400) return p.yellow(text);
    return p.green(text);
}

/** The host's own surfaces (the simulated Microsoft APIs the app calls, the admin and Durable APIs): dimmed, so the app's routes stand out. */
const BACKSTAGE = /^\/(simulator|admin|runtime)\//;

export function requestLine(r: AnsweredRequest, p: Paint, at = new Date()): string {
    const left = r.completed ? '' : p.yellow(' (the client left before the answer was sent)');
    const what = `${r.method.padEnd(6)} ${shortPath(r.path)}`;
    return `${p.dim(clock(at))} ${BACKSTAGE.test(r.path) ? p.dim(what) : what} ${status(r.status, p)} ${p.dim(duration(r.durationMs))}${left}`;
}

const TRIGGER_WORDS: Record<string, string> = { timerTrigger: 'timer', serviceBusTrigger: 'queue', httpTrigger: 'http' };
const APP_LEVELS: Record<string, keyof Paint | undefined> = { warning: 'yellow', error: 'red', critical: 'red' };

/** A line for a host log entry (an invocation, a line the app logged, a host message), or undefined when the text log leaves it out. */
export function entryLine(e: Record<string, unknown>, p: Paint, at = new Date()): string | undefined {
    const time = p.dim(clock(at));
    const failed = e.outcome === 'failed' ? ` ${p.red(`failed: ${String(e.error ?? 'no reason given')}`)}` : '';
    if (typeof e.trigger === 'string') {
        const fn = String(e.function);
        const took = p.dim(duration(Number(e.durationMs)));
        if (e.trigger === 'activityTrigger') return `${time} ${p.cyan('run')} ${String(e.instanceId ?? '?')} ${p.cyan('step')} ${fn} ${took}${failed}`;
        if (e.trigger === 'orchestrationTrigger' || e.trigger === 'httpTrigger') {
            return failed ? `${time} ${e.instanceId ? `${p.cyan('run')} ${String(e.instanceId)} ` : ''}${fn}${failed}` : undefined;
        }
        return `${time} ${TRIGGER_WORDS[e.trigger] ?? e.trigger} ${fn} ${took}${failed}`;
    }
    if (Array.isArray(e.functions)) return undefined; // "Host started": the banner says it
    if (typeof e.message !== 'string') return `${time} ${JSON.stringify(e)}`;
    if (e.level === 'debug' || e.level === 'trace') return undefined;
    const colour = APP_LEVELS[String(e.level)] ?? (e.level === 'warn' ? 'yellow' : undefined);
    const text = `${e.function ? `${String(e.function)}: ` : ''}${e.message}`;
    return `${time} ${colour ? p[colour](text) : text}`;
}
