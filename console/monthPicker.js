// The one way to a month of a customer on its page: the last few months as
// links, and any other month picked; each goes to the month's own address
// (#/customers/{id}/accruals/{yyyy-mm}), where it shows rated or can be rated.
import { html, useState } from './vendor/htm-preact.js';
import { dayText } from './words.js';
import { go, monthHash } from './route.js';

const RECENT = 3;

/** The `count` months before the browser's current one, newest first, YYYY-MM (the last the monthly accrual rated comes first). */
function recentMonths(count, now = new Date()) {
    return Array.from({ length: count }, (_, i) => {
        const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - i, 1));
        return d.toISOString().slice(0, 7);
    });
}

export function MonthPicker({ id }) {
    const recent = recentMonths(RECENT);
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
                ${recent.map((m) => html`<li key=${m}><a href=${monthHash(id, m)}>${dayText(`${m}-01`, { monthYear: true })}</a></li>`)}
            </ul>
            <form class="inline" onSubmit=${open} aria-label="Open a month">
                <label for="month-pick">Another month</label>
                <input id="month-pick" type="month" required value=${month} onInput=${(e) => setMonth(e.currentTarget.value)} />
                <button type="submit" class="secondary">Open the month</button>
            </form>
        </div>`;
}
