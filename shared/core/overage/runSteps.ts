// The steps a run reports while it runs (its custom status), in the order each
// kind of run takes them. The orchestrators may set only these (RunProgress is
// typed on them) and the run resource counts on them ("step 3 of 9"), so the
// order a person is shown is the order the code runs, from one list.

export const RUN_STEPS = {
    enable: ['verify-caller', 'eligibility', 'ownership', 'preflight', 'plan-transition', 'azure-subscription', 'credits', 'set-overage', 'auto-recharge-wait'],
    disable: ['verify-caller', 'ownership', 'set-overage'],
    // a handover's switch prepares the new partner's side with the enablement's own steps
    handover: ['invitations', 'approvals', 'prepare', 'preflight', 'plan-transition', 'azure-subscription', 'credits', 'set-none', 'set-overage'],
} as const;

export type RunStepKind = keyof typeof RUN_STEPS;
export type RunStep = (typeof RUN_STEPS)[RunStepKind][number];

/** Where a run stands before its first step and once it ended (the run resource's `step` then). */
export const RUN_STATE_STEPS = ['start', 'starting', 'running', 'done', 'failed', 'cancelled'] as const;

/** Steps only the audit trail names: the request, a reminder, the record of the setting, the end of a handover's switch. */
export const AUDIT_ONLY_STEPS = ['request', 'reminder', 'record', 'end'] as const;

export type StatusStep = RunStep | 'start' | 'done' | 'failed';
export type AuditStep = StatusStep | (typeof AUDIT_ONLY_STEPS)[number];

/** "Step n of N" for a running run at `step`; none for a step outside its kind's list (starting, ended). */
export function runStepProgress(kind: string, step: string): { step: number; of: number } | undefined {
    const steps: readonly string[] | undefined = RUN_STEPS[kind as RunStepKind];
    const at = steps?.indexOf(step) ?? -1;
    return steps && at >= 0 ? { step: at + 1, of: steps.length } : undefined;
}
