// The month so far as a cumulative chart (GET .../accruals/current): what
// was charged beyond the pools day by day (credits and overage), the forecast
// range from today to the month's end as a band, and the pool minutes left on
// a small chart of their own (minutes and money share no axis). Every day of
// the month is on the x axis, its labels thinned to the width (chartKit.js). The API
// gives the forecast at the month's end only: the band is drawn from today's
// figure to that range, flat until the pool runs out (nothing is charged
// while the pool covers the calls), then straight; the table says the same
// figures exactly.
import { html } from './vendor/htm-preact.js';
import { axis, dayAxis, dayScale as xScale, hooks, Plot } from './chartKit.js';
import { dayText, moneyText, numberText } from './words.js';

const ACTUAL = '#0b5cad';
const BAND = 'rgba(11, 92, 173, 0.16)';
const EDGE = '#5b8fc7';
const POOL = '#1a7f37';

const charged = (d) => Number(d.creditsUsed) + Number(d.overageAmount);
const dayOf = (date) => Number(String(date).slice(8, 10));

/** The month's days 1..last, the cumulative charge so far, and the forecast's low / expected / high from today on (null elsewhere). */
export function monthSeries(mtd) {
    const f = mtd.forecast;
    const last = dayOf(f.to);
    const today = mtd.days.length;
    const days = Array.from({ length: last }, (_, i) => i + 1);
    let sum = 0;
    const soFar = mtd.days.map((d) => (sum += charged(d)));
    const now = soFar[today - 1] ?? 0;
    const end = (k) => Number(f.overageAmount[k]) + Number(f.creditsUsed[k]);
    // the charge starts growing once the pool is dry: the day before it runs out, or today if that is later
    const from = f.poolRunsOutOn ? Math.max(today, dayOf(f.poolRunsOutOn) - 1) : today;
    const path = (k) => days.map((d) => {
        if (d < today) return null;
        if (d <= from || last === from) return d === last ? end(k) : now;
        return now + (end(k) - now) * ((d - from) / (last - from));
    });
    return { days, today, actual: days.map((d) => (d <= today ? soFar[d - 1] : null)), low: path('low'), expected: path('expected'), high: path('high') };
}

/** Pool minutes left at the end of each day so far (all pools together). */
export function poolLeft(mtd) {
    const included = Object.values(mtd.poolMinutes ?? {}).reduce((n, p) => n + p.included, 0);
    let used = 0;
    return { included, left: mtd.days.map((d) => Math.max(0, included - (used += d.poolMinutes))) };
}

export function MonthChart({ mtd }) {
    const s = monthSeries(mtd);
    const cur = mtd.currency;
    const options = {
        height: 220,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: xScale(s.days.length), y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [dayAxis(mtd.month), { ...axis, size: 64, values: (u, splits) => splits.map((v) => moneyText(v, cur).replace(/\.00$|,00$/, '')) }],
        series: [
            { label: 'Day' },
            { label: 'Charged so far', stroke: ACTUAL, width: 2, points: { show: false } },
            { label: 'Forecast low', stroke: EDGE, width: 1, points: { show: false } },
            { label: 'Forecast expected', stroke: ACTUAL, width: 1, dash: [6, 4], points: { show: false } },
            { label: 'Forecast high', stroke: EDGE, width: 1, points: { show: false } },
        ],
        bands: [{ series: [4, 2], fill: BAND }],
        hooks,
    };
    return html`<${Plot} className="month-chart" name=${`Charged beyond the pools so far, and the forecast range to the month's end (${cur})`} options=${options} data=${[s.days, s.actual, s.low, s.expected, s.high]} />`;
}

/** The pool's expected path: from what is left today, straight down to 0 on the day the forecast says it runs out (null elsewhere). */
function poolExpected(days, left, runsOutOn) {
    const today = left.length;
    const out = runsOutOn ? dayOf(runsOutOn) : null;
    if (!out || out <= today) return days.map(() => null);
    const now = left[today - 1] ?? 0;
    return days.map((d) => (d < today ? null : d >= out ? 0 : now * (1 - (d - today) / (out - today))));
}

export function PoolLeftChart({ mtd }) {
    const { included, left } = poolLeft(mtd);
    if (included === 0) return html`<p class="hint">No pool minutes this month.</p>`;
    const last = dayOf(mtd.forecast.to);
    const days = Array.from({ length: last }, (_, i) => i + 1);
    const options = {
        height: 140,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: xScale(last), y: { range: [0, included * 1.05] } },
        axes: [dayAxis(mtd.month), { ...axis, size: 64, values: (u, splits) => splits.map((v) => numberText(v)) }],
        series: [
            { label: 'Day' },
            { label: 'Pool minutes left', stroke: POOL, width: 2, fill: 'rgba(26, 127, 55, 0.12)', points: { show: false } },
            { label: 'Expected', stroke: POOL, width: 1, dash: [6, 4], points: { show: false } },
        ],
        hooks,
    };
    const data = [days, days.map((d) => left[d - 1] ?? null), poolExpected(days, left, mtd.forecast.poolRunsOutOn)];
    return html`<${Plot} className="month-chart" name=${`Pool minutes left each day, of ${numberText(included)}, and expected to the day it runs out`} options=${options} data=${data} />`;
}

/** The exact figures behind the charts, a row a day so far, then the forecast at the month's end. */
export function MonthTable({ mtd }) {
    const s = monthSeries(mtd);
    const { left } = poolLeft(mtd);
    const f = mtd.forecast;
    const cur = mtd.currency;
    return html`
        <div class="table-scroll" tabindex="0" role="region" aria-label="The month day by day, scrolls sideways">
            <table class="data month-table">
                <caption>The month day by day (${cur})</caption>
                <thead><tr><th scope="col">Day</th><th scope="col">Pool minutes</th><th scope="col">Pool left</th><th scope="col">Billable minutes</th><th scope="col">Credits</th><th scope="col">Overage</th><th scope="col">Charged so far</th></tr></thead>
                <tbody>
                    ${mtd.days.map((d, i) => html`<tr key=${d.date}><th scope="row">${dayText(d.date, { short: true })}</th><td>${numberText(d.poolMinutes)}</td><td>${numberText(left[i])}</td><td>${numberText(d.billableMinutes)}</td><td>${moneyText(d.creditsUsed, cur)}</td><td>${moneyText(d.overageAmount, cur)}</td><td>${moneyText(s.actual[i], cur)}</td></tr>`)}
                </tbody>
                <tfoot>
                    <tr><th scope="row">Forecast to ${dayText(f.to, { short: true })}</th><td colspan="2"></td><td>${numberText(f.billableMinutes.low)}–${numberText(f.billableMinutes.high)}</td><td>${moneyText(f.creditsUsed.low, cur)}–${moneyText(f.creditsUsed.high, cur)}</td><td>${moneyText(f.overageAmount.low, cur)}–${moneyText(f.overageAmount.high, cur)}</td><td>${moneyText(s.low.at(-1), cur)}–${moneyText(s.high.at(-1), cur)}</td></tr>
                </tfoot>
            </table>
        </div>`;
}
