// How durable-functions reports a failed orchestrator episode: it rejects with
// an Error whose message ends in `\n\n$OutOfProcData$:<orchestrator state JSON>`,
// the state the Durable extension records. What precedes the label is not the
// orchestrator's error: the SDK passes its `orchestratorReturned` flag where the
// error belongs, so it reads "false". The real message is the state's `error`.

const LABEL = '\n\n$OutOfProcData$:';

export interface OutOfProcFailure {
    /** The orchestrator state the SDK attached (actions so far, error, custom status). */
    state: Record<string, unknown> & { error?: string };
    /** What the orchestrator threw. */
    message: string;
}

/** The attached state and real error of a failed orchestrator episode; undefined for any other error. */
export function outOfProcFailure(err: unknown): OutOfProcFailure | undefined {
    const text = err instanceof Error ? err.message : undefined;
    const at = text?.indexOf(LABEL) ?? -1;
    if (!text || at < 0) return undefined;
    try {
        const state = JSON.parse(text.slice(at + LABEL.length)) as OutOfProcFailure['state'];
        return { state, message: typeof state.error === 'string' && state.error ? state.error : 'Orchestrator function failed' };
    } catch {
        return undefined;
    }
}
