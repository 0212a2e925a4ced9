// Every code the console can show, in the words a partner's operations person
// uses: blockers, warnings, refusals and faults (one meaning per code, whichever
// answer carries it), run kinds, steps, statuses and results, handover statuses
// and answers, accrual statuses, the fleet's states. Codes stay the API's
// contract; people read these. test/unit/consoleMessages.test.ts fails when a
// code of the server has no words here, or when words here name a route, a
// field or a code.

/**
 * Blockers, warnings, refusals (problem+json `code`) and faults: a short title
 * and, where the server's own remedy is not more precise, what to do.
 */
export const CODES = {
    // blockers the rules find (shared/core/domain/findings.ts), and the readiness check's own
    unknown: { title: 'Could not be checked', remedy: 'Check again later; the next sync tries again.' },
    'customer-not-found': { title: 'Customer not found', remedy: 'Check that the customer is one of your partner’s in Partner Center.' },
    'not-eligible': { title: 'No licence that allows overage' },
    'caller-not-of-partner': { title: 'Signed in for another partner' },
    'role-not-permitted': { title: 'Your role may not change overage', remedy: 'Ask an admin agent of your partner to do it.' },
    'indirect-reseller': { title: 'Sold through an indirect provider' },
    'not-reseller-of-provider': { title: 'Not a reseller of this provider' },
    'entitlement-not-found': { title: 'Azure subscription not found' },
    'legacy-entitlement': { title: 'Legacy Azure offer' },
    'mca-not-accepted': { title: 'Microsoft Customer Agreement not accepted' },
    'owned-by-another-partner': { title: 'Another partner bills this customer’s overage', remedy: 'Ask that partner for a handover.' },
    'overage-not-enabled': { title: 'Overage is not on' },
    'handover-same-partner': { title: 'That partner already bills the overage' },
    'handover-expired': { title: 'The handover expired' },
    'handover-closed': { title: 'The handover is closed' },
    'handover-already-decided': { title: 'Already answered' },
    'handover-out-of-order': { title: 'Not this party’s turn yet' },
    'auto-recharge-on': { title: 'Auto-recharge is on' },
    'gdap-missing': { title: 'GDAP access missing' },
    'conditional-access-blocked': { title: 'Conditional Access blocks the app' },
    'location-policy-blocked': { title: 'Azure location policy blocks it' },
    'sandbox-no-azure-plan': { title: 'Sandbox without an Azure plan' },
    // warnings
    'credits-drain-first': { title: 'Communications Credits are used up first' },
    'outbound-calls-refused': { title: 'Calls beyond the included minutes are refused' },
    // what the caller may not do now (the overage answer's actions)
    'overage-not-on': { title: 'Overage is not on' },
    'no-current-owner': { title: 'No partner bills the overage yet', remedy: 'Enable overage instead of asking for a handover.' },
    'no-open-handover': { title: 'No handover is open' },
    'not-requester': { title: 'Only the partner that asked can cancel it' },
    'handover-not-cancellable': { title: 'The handover can no longer be cancelled' },
    'handover-open': { title: 'A handover is already open', remedy: 'Wait for its answers, or cancel it first.' },
    'handover-starting': { title: 'A handover is starting', remedy: 'Wait a moment and look again.' },
    'handover-not-found': { title: 'Handover not found' },
    'same-partner': { title: 'That partner already bills the overage', remedy: 'Choose another partner.' },
    'contact-required': { title: 'A contact address is needed' },
    'contact-not-accepted': { title: 'That contact address is not accepted' },
    'customer-contact-missing': { title: 'The customer has no contact address', remedy: 'Add the customer’s admin contact in Partner Center, then ask again.' },
    // runs
    'run-in-progress': { title: 'Another run is changing this customer' },
    'run-starting': { title: 'The run is starting', remedy: 'Wait a moment and look again.' },
    'run-not-found': { title: 'Run not found' },
    'run-ended': { title: 'The run has ended' },
    'use-handover-cancel': { title: 'Cancel the handover instead', remedy: 'Cancel it from its handover.' },
    'idempotency-key-reused': { title: 'This request was already sent differently', remedy: 'Send it again as a new request.' },
    'invalid-idempotency-key': { title: 'The request’s key is not valid' },
    // approval links
    'approval-link-expired': { title: 'This approval link has expired' },
    'approval-link-invalid': { title: 'This approval link does not work' },
    'approval-link-used': { title: 'This approval link was already used' },
    // usage and the month
    'bad-rows': { title: 'Some rows could not be read', remedy: 'Fix the rows listed and upload the file again.' },
    'empty-file': { title: 'The file is empty' },
    'malformed-csv': { title: 'The file is not a readable CSV file' },
    'missing-columns': { title: 'Columns are missing from the file' },
    'upload-interrupted': { title: 'The upload was interrupted', remedy: 'Upload the file again.' },
    'unsupported-media-type': { title: 'Not a CSV file', remedy: 'Upload the usage as a CSV file.' },
    'body-too-large': { title: 'The file is too large' },
    'consent-missing': { title: 'The customer has not consented yet' },
    'app-registration-missing': { title: 'The app’s registration is not set up' },
    'not-control-panel-vendor': { title: 'Your partner may not ask for consent' },
    'accrual-not-found': { title: 'This month has not been rated yet' },
    'accrual-job-not-found': { title: 'Rating run not found' },
    'invalid-rates': { title: 'The rate card is not valid' },
    // bulk jobs and the fleet
    'job-empty': { title: 'No customer was selected' },
    'job-ended': { title: 'The job has ended' },
    'job-not-found': { title: 'Job not found' },
    'invalid-continuation-token': { title: 'The list moved on', remedy: 'Reload the list.' },
    'partner-required': { title: 'Choose a partner' },
    'partner-not-found': { title: 'Partner not found' },
    'refresh-rate-limited': { title: 'Read just now', remedy: 'Wait half a minute before reading it again.' },
    'webhook-url-not-allowed': { title: 'That webhook address is not allowed' },
    'not-your-partner': { title: 'Not one of your partner’s' },
    // access and the request itself
    unauthenticated: { title: 'You are signed out', remedy: 'Sign in again.' },
    'operator-only': { title: 'Only an operator may do this' },
    'operator-key-required': { title: 'Only an operator may do this' },
    'operator-key-invalid': { title: 'Only an operator may do this' },
    'invalid-request': { title: 'Something in the form is not valid' },
    'not-found': { title: 'Not found' },
    'method-not-allowed': { title: 'Not possible here' },
    'console-misconfigured': { title: 'The console’s sign-in is not set up', remedy: 'Ask whoever runs this deployment to finish its sign-in settings.' },
    // faults a run or a read ends with
    'internal-error': { title: 'Something went wrong on our side', remedy: 'Try again; if it happens again, contact support.' },
    'upstream-timeout': { title: 'Microsoft did not answer in time', remedy: 'Try again later.' },
    'upstream-unreachable': { title: 'Microsoft could not be reached', remedy: 'Try again later.' },
    'upstream-unavailable': { title: 'Microsoft’s service failed to answer', remedy: 'Try again later.' },
    'upstream-throttled': { title: 'Microsoft is slowing our requests down', remedy: 'Try again in a few minutes.' },
    'upstream-contract': { title: 'Microsoft answered in a way we do not understand', remedy: 'Contact support.' },
    'upstream-refused': { title: 'Microsoft refused the request' },
    'operation-timeout': { title: 'Partner Center did not apply the change in time' },
    'plan-transition-incomplete': { title: 'The move to an Azure plan did not finish' },
    'subscription-not-created': { title: 'The Azure subscription could not be created' },
    'partner-action-missing': { title: 'The other partner has not made its change yet' },
};

/** The steps of a run (shared/core/overage/runSteps.ts), as the run panel and the audit trail say them. */
export const STEPS = {
    start: 'Starting',
    starting: 'Starting',
    running: 'Running',
    request: 'Asking for the handover',
    'verify-caller': 'Checking who may act',
    eligibility: 'Checking the customer’s licences',
    ownership: 'Checking which partner bills the overage',
    preflight: 'Checking access and policies',
    'plan-transition': 'Moving to an Azure plan',
    'azure-subscription': 'Creating the Azure subscription',
    credits: 'Checking Communications Credits',
    'set-overage': 'Setting overage at Partner Center',
    'auto-recharge-wait': 'Waiting for auto-recharge to be turned off',
    invitations: 'Mailing the three parties',
    approvals: 'Waiting for the answers',
    reminder: 'Reminding the parties',
    prepare: 'Preparing the new partner’s side',
    'set-none': 'Switching the current partner’s overage off',
    record: 'Recording the setting',
    end: 'Ending the handover',
    done: 'Done',
    failed: 'Stopped',
    cancelled: 'Cancelled',
};

export const RUN_KINDS = { enable: 'Enable overage', disable: 'Switch overage off', handover: 'Handover' };

export const RUN_STATUSES = { running: 'Running', completed: 'Ended', failed: 'Failed', cancelled: 'Cancelled' };

/** A run's outcome in one word (its `result`; the handover's results are its statuses). */
export const RUN_RESULTS = {
    enabled: 'Enabled',
    disabled: 'Switched off',
    blocked: 'Blocked',
    refused: 'Refused',
    declined: 'Declined',
    expired: 'Expired',
    cancelled: 'Cancelled',
    completed: 'Handed over',
    failed: 'Failed',
    'failed-after-none': 'Failed halfway',
};

/** An audit event's result. */
export const AUDIT_RESULTS = { ok: 'Done', refused: 'Refused', blocked: 'Blocked', waiting: 'Waiting', failed: 'Failed', cancelled: 'Cancelled', info: 'Note' };

export const HANDOVER_STATUSES = {
    'awaiting-approvals': 'Waiting for answers',
    declined: 'Declined',
    expired: 'Expired',
    cancelled: 'Cancelled',
    switching: 'Switching',
    completed: 'Handed over',
    blocked: 'Blocked',
    failed: 'Failed',
    'failed-after-none': 'Failed halfway: no partner bills the overage',
};

/** A party's answer to a handover. */
export const DECISIONS = { approved: 'Approved', declined: 'Declined', awaited: 'Not answered yet' };

/** Who pays for a call beyond the included minutes: the diagnostics' words (communicationsCredits, nothing) and the fleet's (credits, nobody). */
export const PAYERS = {
    overage: 'Overage (post-paid)',
    communicationsCredits: 'Communications Credits',
    credits: 'Communications Credits',
    nothing: 'Nobody: calls beyond the included minutes are refused',
    nobody: 'Nobody: calls beyond the included minutes are refused',
};

/** The three parties whose answers a handover waits for. */
export const PARTIES = { currentPartner: 'the current partner', newPartner: 'the new partner', customer: 'the customer' };

export const ACCRUAL_STATUSES = { complete: 'Complete', incomplete: 'Incomplete', failed: 'Failed' };

/** Readiness states in the fleet's order, each with its words and a glyph, so a badge does not rely on colour alone. */
export const STATES = [
    { id: 'on', words: 'On', glyph: '✓' },
    { id: 'on-credits-first', words: 'On, credits pay first', glyph: '◐' },
    { id: 'ready', words: 'Ready to enable', glyph: '→' },
    { id: 'blocked', words: 'Blocked', glyph: '✕' },
    { id: 'owned-by-another-partner', words: 'Managed by another partner', glyph: '⇄' },
    { id: 'not-eligible', words: 'Not eligible', glyph: '–' },
];

/** The usage pull's states, each with its words and a glyph. */
export const USAGE_STATES = [
    { id: 'ok', words: 'Pulled daily', glyph: '✓' },
    { id: 'consent-missing', words: 'Consent missing', glyph: '!' },
    { id: 'failed', words: 'Last pull failed', glyph: '✕' },
    { id: 'not-pulled', words: 'Not pulled yet', glyph: '–' },
];

/** A bulk job item's outcome in words, with a glyph. */
export const OUTCOMES = {
    queued: { words: 'Waiting', glyph: '…' },
    running: { words: 'Running', glyph: '↻' },
    enabled: { words: 'Enabled', glyph: '✓' },
    blocked: { words: 'Blocked', glyph: '✕' },
    refused: { words: 'Refused', glyph: '✕' },
    failed: { words: 'Failed', glyph: '!' },
    skipped: { words: 'Skipped', glyph: '–' },
};

// what a code the catalogue does not know yet reads as: never the code itself
const FALLBACK = { code: 'Not possible', step: 'Working', status: 'Unknown state' };

const own = (map, key) => (Object.hasOwn(map, key ?? '') ? map[key] : undefined);

/** A blocker's, warning's, refusal's or fault's title. */
export const codeTitle = (code) => own(CODES, code)?.title ?? FALLBACK.code;
/** What to do about it in general words, where the catalogue has them. */
export const codeRemedy = (code) => own(CODES, code)?.remedy;
/** Whether the catalogue knows the code (an unknown one's title is the fallback). */
export const knownCode = (code) => Boolean(own(CODES, code));
export const stepWords = (step) => own(STEPS, step) ?? FALLBACK.step;
export const runKindWords = (kind) => own(RUN_KINDS, kind) ?? 'Run';
export const runStatusWords = (status) => own(RUN_STATUSES, status) ?? FALLBACK.status;
export const runResultWords = (result) => own(RUN_RESULTS, result) ?? FALLBACK.status;
export const auditResultWords = (result) => own(AUDIT_RESULTS, result) ?? 'Note';
export const handoverStatusWords = (status) => own(HANDOVER_STATUSES, status) ?? FALLBACK.status;
export const decisionWords = (decision) => own(DECISIONS, decision ?? 'awaited') ?? 'Answered';
export const payerWords = (payer) => own(PAYERS, payer) ?? 'Not known';
export const partyWords = (party) => own(PARTIES, party) ?? 'a party';
export const accrualStatusWords = (status) => own(ACCRUAL_STATUSES, status) ?? FALLBACK.status;

/**
 * A run's outcome in one word, or two where the one is not enough:
 * "Enabled", "Switched off", "Blocked: GDAP access missing", "Failed", "Cancelled".
 */
export function runOutcome(run) {
    if (run.status === 'running') return 'Running';
    if (run.status === 'failed') return RUN_RESULTS.failed;
    if (run.status === 'cancelled') return RUN_RESULTS.cancelled;
    const words = own(RUN_RESULTS, run.result) ?? RUN_STATUSES.completed;
    const first = run.blockers?.[0]?.code;
    return (run.result === 'blocked' || run.result === 'refused') && first ? `${words}: ${codeTitle(first)}` : words;
}
