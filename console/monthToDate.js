// "This month so far" on a customer's page (GET .../accruals/current): the
// month rated to date and its forecast to the month's end as a range, the
// days the pool and the credits run out, the cumulative chart and the exact
// figures behind it. Money and dates in the reader's language.
import { html, useEffect, useState } from './vendor/htm-preact.js';
import { customerUrl, ok } from './api.js';
import { dateText, dayText, moneyText, numberText } from './words.js';
import { MonthChart, MonthTable, PoolLeftChart } from './monthChart.js';
import { Problem } from './problem.js';

const range = (r, fmt) => html`<span class="range"><span class="range-low">${fmt(r.low)}</span> – <strong class="range-expected">${fmt(r.expected)}</strong> – <span class="range-high">${fmt(r.high)}</span></span>`;
/** Credits play a part this month: a balance at its start, or some used or forecast. */
const usesCredits = (m) => Number(m.creditsOpening) > 0 || Number(m.creditsUsed) > 0 || Number(m.forecast.creditsUsed.high) > 0;
const runsOut = (day) => (day ? html`<time datetime=${day}>${dayText(day)}</time>` : 'not this month');

export function MonthToDate({ token, id }) {
    const [mtd, setMtd] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        ok(token, 'GET', customerUrl(id, '/accruals/current')).then((r) => setMtd(r.body), setError);
    }, [id]);
    const cur = mtd?.currency;
    const money = (v) => moneyText(v, cur);
    const pool = mtd ? Object.values(mtd.poolMinutes ?? {}).reduce((a, p) => ({ used: a.used + p.used, included: a.included + p.included }), { used: 0, included: 0 }) : null;
    return html`
        <section class="card month-to-date" aria-labelledby="mtd-h" aria-busy=${mtd === null && !error ? 'true' : 'false'}>
            <h2 id="mtd-h">This month so far</h2>
            <${Problem} error=${error} />
            ${mtd === null && !error && html`<p class="loading">Rating the month so far…</p>`}
            ${mtd && html`
                <p class="muted asof">${mtd.asOf ? html`As of the last call, <time datetime=${mtd.asOf}>${dateText(mtd.asOf)}</time>` : 'No call this month yet'} · ${dayText(`${mtd.month}-01`, { monthYear: true })}</p>
                <dl class="facts mtd-facts">
                    <dt>Overage so far</dt><dd class="mtd-overage">${money(mtd.overageAmount)}</dd>
                    <dt>Overage forecast to ${dayText(mtd.forecast.to)}</dt><dd class="mtd-forecast">${range(mtd.forecast.overageAmount, money)} <span class="muted">(low – expected – high)</span></dd>
                    <dt>Billable minutes</dt><dd>${numberText(mtd.billableMinutes)} so far, ${range(mtd.forecast.billableMinutes, numberText)} expected</dd>
                    <dt>Credits used</dt><dd>${usesCredits(mtd) ? html`${money(mtd.creditsUsed)} so far${Number(mtd.creditsOpening) > 0 ? ` of ${money(mtd.creditsOpening)}` : ''}, ${range(mtd.forecast.creditsUsed, money)} expected` : 'none: no Communications Credits pay this month'}</dd>
                    ${pool.included > 0 && html`<dt>Pool minutes</dt><dd>${numberText(pool.used)} of ${numberText(pool.included)} used</dd>`}
                    <dt>Pool runs out</dt><dd class="mtd-pool-out">${runsOut(mtd.forecast.poolRunsOutOn)}</dd>
                    <dt>Credits reach zero</dt><dd class="mtd-credits-out">${runsOut(mtd.forecast.creditsRunOutOn)}</dd>
                </dl>
                <h3>Charged beyond the pools, day by day</h3>
                <${MonthChart} mtd=${mtd} />
                <p class="hint">The band is the forecast's range, drawn from today to its month-end figures; nothing is charged while the pool lasts.</p>
                <h3>Pool minutes left</h3>
                <${PoolLeftChart} mtd=${mtd} />
                <details class="month-figures">
                    <summary>The figures, day by day</summary>
                    <${MonthTable} mtd=${mtd} />
                    <p class="hint">${mtd.forecast.basis.method}</p>
                </details>`}
        </section>`;
}
