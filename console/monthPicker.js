// The one way to a month of a customer on its page: the last few months and
// the older ones already rated as links, each saying whether it is rated and
// the partner's overage in it (GET .../accruals), and any other month picked;
// each goes to the month's own address (#/customers/{id}/accruals/{yyyy-mm}),
// where it shows rated or can be rated.
import { html, useState } from './vendor/htm-preact.js';
import { customerUrl } from './api.js';
import { useRead } from './useRead.js';
import { dayText, moneyText } from './words.js';
import { go, monthHash, shiftMonth } from './route.js';

const RECENT = 3;
/** Other rated months listed besides the recent ones (newest first). */
const OLDER = 3;

/** The customer's rated months by month (null while read; an empty map when the list cannot be read: the links still work). */
function useRated(token, id) {
    const list = useRead(token, customerUrl(id, '/accruals'));
    return list && new Map((list.items ?? []).map((m) => [m.month, m]));
}

function MonthState({ item }) {
    if (!item) return html`<span class="muted">not rated</span>`;
    return html`<span class="muted">rated · ${moneyText(item.overageAmount, item.currency)} overage${item.status === 'incomplete' ? ' · incomplete' : ''}</span>`;
}

/** The `count` months before the browser's current one, newest first, YYYY-MM (the last the monthly accrual rated comes first). */
function recentMonths(count, now = new Date()) {
    const current = now.toISOString().slice(0, 7);
    return Array.from({ length: count }, (_, i) => shiftMonth(current, -1 - i));
}

export function MonthPicker({ token, id }) {
    const rated = useRated(token, id);
    const recent = recentMonths(RECENT);
    const older = rated ? [...rated.keys()].filter((m) => !recent.includes(m)).slice(0, OLDER) : [];
    const [month, setMonth] = useState(recent[0]);
    const open = (e) => {
        e.preventDefault();
        if (/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) go(monthHash(id, month));
    };
    return html`
        <div class="month-picker" role="group" aria-labelledby="month-picker-h">
            <h3 id="month-picker-h">A month</h3>
            <p class="hint">Its figures, charts and reconciliation file once rated; an AdminAgent rates it there.</p>
            <ul class="recent-months">
                ${[...recent, ...older].map((m) => html`<li key=${m}><a href=${monthHash(id, m)}>${dayText(`${m}-01`, { monthYear: true })}</a>${rated && html` <${MonthState} item=${rated.get(m)} />`}</li>`)}
            </ul>
            <form class="inline" onSubmit=${open} aria-label="Open a month">
                <label for="month-pick">Another month</label>
                <input id="month-pick" type="month" required value=${month} onInput=${(e) => setMonth(e.currentTarget.value)} />
                <button type="submit" class="secondary">Open the month</button>
            </form>
        </div>`;
}
