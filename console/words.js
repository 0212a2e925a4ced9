// The words the console uses for the API's codes (readiness states, blockers,
// usage pull states, who pays, run and job outcomes) and its dates, so the fleet and a
// customer's page say the same thing the same way. The codes' words live in
// messages.js (one place); these are the pieces built on them.
import { codeTitle, OUTCOMES, payerWords, runKindWords, runOutcome, STATES, USAGE_STATES } from './messages.js';

const STATE = new Map(STATES.map((s) => [s.id, s]));
export const stateWords = (id) => STATE.get(id)?.words ?? 'Unknown state';
export const stateGlyph = (id) => STATE.get(id)?.glyph ?? '•';

const USAGE_STATE = new Map(USAGE_STATES.map((s) => [s.id, s]));
export const usageWords = (id) => USAGE_STATE.get(id)?.words ?? 'Unknown state';
export const usageGlyph = (id) => USAGE_STATE.get(id)?.glyph ?? '•';

/** A blocker or warning named in a list or a filter (its detail and remedy come with it). */
export const blockerWords = codeTitle;

/** Who pays now, in words; '—' when the answer names nobody yet. */
export const payerText = (payer) => (payer ? payerWords(payer) : '—');

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

export { runKindWords, STATES, USAGE_STATES, OUTCOMES };

/** A run in a few words: "Enabled", "Blocked: GDAP access missing", "Switch overage off: Running". */
export function runWords(run) {
    const outcome = runOutcome(run);
    return run.status === 'running' ? `${runKindWords(run.kind)}: ${outcome}` : outcome;
}

/** A detail that is only a list of codes ("auto-recharge-on, credits-drain-first") in words; any other text as it is, begun with a capital. */
export function detailWords(detail) {
    if (!detail) return detail;
    if (!/^[a-z0-9-]+(,\s*[a-z0-9-]+)*$/.test(detail)) return detail.charAt(0).toUpperCase() + detail.slice(1);
    return detail.split(/,\s*/).map(blockerWords).join('; ');
}

export const outcomeWords = (o) => OUTCOMES[o]?.words ?? 'Unknown state';

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

const UNIT_WORDS = {};
const unitText = (n, unit) => (UNIT_WORDS[unit] ??= new Intl.NumberFormat(undefined, { style: 'unit', unit, unitDisplay: 'long' })).format(n);
/** A duration in words, to the second under an hour, to the minute after: "12 seconds", "2 minutes 5 seconds", "1 hour 4 minutes". */
export function durationText(ms) {
    const s = Math.max(0, Math.floor(Number(ms) / 1000) || 0);
    if (s === 0) return 'under a second';
    const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
    if (d) return [unitText(d, 'day'), h && unitText(h, 'hour')].filter(Boolean).join(' ');
    if (h) return [unitText(h, 'hour'), m && unitText(m, 'minute')].filter(Boolean).join(' ');
    if (m) return [unitText(m, 'minute'), s % 60 && unitText(s % 60, 'second')].filter(Boolean).join(' ');
    return unitText(s, 'second');
}
