// The words the console uses for the API's codes (readiness states, blockers,
// usage pull states, who pays, run and job outcomes) and its dates, so the fleet and a
// customer's page say the same thing the same way.

/** Readiness states in the fleet's order, each with its words and a glyph, so a badge does not rely on colour alone. */
export const STATES = [
    { id: 'on', words: 'On', glyph: '✓' },
    { id: 'on-credits-first', words: 'On, credits pay first', glyph: '◐' },
    { id: 'ready', words: 'Ready to enable', glyph: '→' },
    { id: 'blocked', words: 'Blocked', glyph: '✕' },
    { id: 'owned-by-another-partner', words: 'Managed by another partner', glyph: '⇄' },
    { id: 'not-eligible', words: 'Not eligible', glyph: '–' },
];
const STATE = new Map(STATES.map((s) => [s.id, s]));
export const stateWords = (id) => STATE.get(id)?.words ?? id;
export const stateGlyph = (id) => STATE.get(id)?.glyph ?? '•';

/** The usage pull's states (GET /api/readiness `usage`), each with its words and a glyph. */
export const USAGE_STATES = [
    { id: 'ok', words: 'Pulled daily', glyph: '✓' },
    { id: 'consent-missing', words: 'Consent missing', glyph: '!' },
    { id: 'failed', words: 'Last pull failed', glyph: '✕' },
    { id: 'not-pulled', words: 'Not pulled yet', glyph: '–' },
];
const USAGE_STATE = new Map(USAGE_STATES.map((s) => [s.id, s]));
export const usageWords = (id) => USAGE_STATE.get(id)?.words ?? id;
export const usageGlyph = (id) => USAGE_STATE.get(id)?.glyph ?? '•';

/** Blocker codes in words (the detail and remedy come with each blocker; these name it in a list or a filter). */
const BLOCKERS = {
    unknown: 'Could not be checked',
    'gdap-missing': 'GDAP access missing',
    'conditional-access-blocked': 'Conditional Access blocks the app',
    'location-policy-blocked': 'Azure location policy blocks it',
    'sandbox-no-azure-plan': 'Sandbox without an Azure plan',
    'mca-not-accepted': 'Microsoft Customer Agreement not accepted',
    'legacy-entitlement': 'Legacy Azure offer',
    'entitlement-not-found': 'Azure subscription not found',
    'auto-recharge-on': 'Auto-recharge is on',
    'not-eligible': 'No license that allows overage',
    'owned-by-another-partner': 'Another partner manages its overage',
    'indirect-reseller': 'Sold through an indirect provider',
    'not-reseller-of-provider': 'Not a reseller of this provider',
    'customer-not-found': 'Customer not found',
    'caller-not-of-partner': 'Signed in for another partner',
    'role-not-permitted': 'Your role may not change overage',
    'overage-not-enabled': 'Overage is not on',
    // warnings a run ends with
    'credits-drain-first': 'Communications Credits are used up first',
    'outbound-calls-refused': 'Calls beyond the included minutes are refused',
};
export function blockerWords(code) {
    if (BLOCKERS[code]) return BLOCKERS[code];
    const words = String(code ?? '').replace(/-/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
}

// the diagnostics' words (communicationsCredits, nothing) and the fleet's (credits, nobody)
const PAYER = {
    overage: 'Overage (post-paid)',
    communicationsCredits: 'Communications Credits',
    credits: 'Communications Credits',
    nothing: 'Nobody: calls beyond the included minutes are refused',
    nobody: 'Nobody: calls beyond the included minutes are refused',
};
export const payerText = (payer) => (payer ? (PAYER[payer] ?? payer) : '—');

export function overageText(row, me) {
    if (!row.overageEnabled) return 'Off';
    return row.ownerPartnerId && row.ownerPartnerId !== me.partnerId ? `On (${row.ownerPartnerName ?? `partner ${row.ownerPartnerId}`})` : 'On';
}

/** Who bills the customer's overage, said from the caller's side: "Litware Voice bills this customer's overage". */
export function ownerWords(status, me) {
    const owner = ownerOf(status);
    if (!owner.id) return "No partner bills this customer's overage yet";
    if (owner.id === me.partnerId) return "Your partner bills this customer's overage";
    return `${owner.name ?? `Partner ${owner.id}`} bills this customer's overage`;
}

/**
 * The partner on record for the overage answer: Partner Center's setting, else
 * the owner the rules found (rule 4: the first partner that sold an overage SKU,
 * before overage is switched on), which `actions.requestHandover` names.
 */
export function ownerOf(status) {
    if (status.ownerPartnerId) return { id: status.ownerPartnerId, name: status.ownerPartnerName ?? null };
    const h = status.actions?.requestHandover;
    return { id: h?.fromPartnerId ?? null, name: h?.fromPartnerName ?? null };
}

/** The Communications Credits balance with its currency's symbol; "None" when the customer never bought any (no currency to say it in). */
export function creditsText(credits) {
    if (!credits?.currency && !Number(credits?.balance)) return 'None';
    return moneyText(credits.balance ?? 0, credits.currency);
}

/** Credits' auto-recharge (`{enabled, threshold, amount}`, null when never set up): "On: buys €50.00 when the balance falls below €10.00". */
export function autoRechargeWords(a, currency) {
    if (!a) return 'Not set up';
    if (!a.enabled) return 'Off';
    return `On: buys ${moneyText(a.amount, currency)} when the balance falls below ${moneyText(a.threshold, currency)}`;
}

const KIND = { enable: 'Enable', disable: 'Disable', handover: 'Handover' };
export const runKindWords = (kind) => KIND[kind] ?? kind;
const DONE = { enable: 'enabled', disable: 'disabled' };

/** A run in a few words: "Enabled", "Enable blocked", "Disable running", "Handover completed". */
export function runWords(run) {
    const outcome = run.status === 'completed' ? (run.result ?? 'completed') : run.status;
    if (DONE[run.kind] === outcome) return outcome.charAt(0).toUpperCase() + outcome.slice(1);
    return `${runKindWords(run.kind)} ${outcome}`;
}

/** A detail that is only a list of codes ("auto-recharge-on, credits-drain-first") in words; any other text as it is, begun with a capital. */
export function detailWords(detail) {
    if (!detail) return detail;
    if (!/^[a-z0-9-]+(,\s*[a-z0-9-]+)*$/.test(detail)) return detail.charAt(0).toUpperCase() + detail.slice(1);
    return detail.split(/,\s*/).map(blockerWords).join('; ');
}

/** A job item's outcome in words, with a glyph. */
export const OUTCOMES = {
    queued: { words: 'Waiting', glyph: '…' },
    running: { words: 'Running', glyph: '↻' },
    enabled: { words: 'Enabled', glyph: '✓' },
    blocked: { words: 'Blocked', glyph: '✕' },
    refused: { words: 'Refused', glyph: '✕' },
    failed: { words: 'Failed', glyph: '!' },
    skipped: { words: 'Skipped', glyph: '–' },
};
export const outcomeWords = (o) => OUTCOMES[o]?.words ?? o;

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** "7 Dec 2026, 08:52" in the reader's language and time zone. */
export function dateText(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso ?? '') : DATE.format(d);
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS = [['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60]];
/** "5 minutes ago", "yesterday", "just now". */
export function relativeText(iso, now = Date.now()) {
    const t = new Date(iso).getTime();
    if (Number.isNaN(t)) return '';
    const seconds = (t - now) / 1000;
    if (Math.abs(seconds) < 45) return 'just now';
    for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size || unit === 'minute') return RELATIVE.format(Math.round(seconds / size), unit);
    }
    return '';
}

/** An amount (the API's decimal string) in the reader's language with its currency's symbol, to the cent: "€1,234.50". */
export function moneyText(amount, currency) {
    const n = Number(amount);
    if (amount === null || amount === undefined || Number.isNaN(n)) return '—';
    if (!currency) return n.toFixed(2);
    try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    } catch {
        // a code Intl does not know: the figure and the code as the API gave it
        return `${n.toFixed(2)} ${currency}`;
    }
}

// a calendar day (YYYY-MM-DD) is a UTC day of the rating: formatted in UTC so no time zone moves it to the day before
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const SHORT_DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const MONTH_YEAR = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "20 Nov 2026" in the reader's language; `short`: "20 Nov"; `monthYear`: "November 2026". */
export function dayText(date, { short = false, monthYear = false } = {}) {
    const d = new Date(`${String(date).slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return String(date ?? '');
    return (monthYear ? MONTH_YEAR : short ? SHORT_DAY : DAY).format(d);
}

const NUMBER = new Intl.NumberFormat();
/** A count in the reader's language: "3,600". */
export const numberText = (n) => NUMBER.format(Number(n) || 0);
