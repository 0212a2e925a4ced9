// A rated month's charts on a customer's page: pool minutes used against
// included, and the overage amount per day. Each is an image with a name and
// a data table beside it with the exact figures (the canvas says nothing to
// a screen reader); hovering a day shows its amount in the reader's language.
import { html } from './vendor/htm-preact.js';
import uPlot from './vendor/uPlot.esm.js';
import { axis, dayAxis, dayScale, daysOf, hooks, niceTop, Plot, yHooks } from './chartKit.js';
import { dayText, moneyText, numberText } from './words.js';

const INCLUDED = '#6e7781';
const USED = '#0b5cad';
// the table's figures: 4 decimals on every row, as the reconciliation has them
const EXACT = new Intl.NumberFormat(undefined, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
// a day with any overage is drawn at least this share of the axis high (about 3 px), so a cent next to euros still shows
const MIN_BAR = 0.02;

/** Pool minutes used against included, a pair of bars per pool ("BE/domestic"). */
export function PoolChart({ pools }) {
    const entries = Object.entries(pools ?? {});
    if (entries.length === 0) return html`<p class="hint">No pool minutes this month.</p>`;
    const labels = entries.map(([pool]) => pool);
    const included = entries.map(([, p]) => Number(p.included) || 0);
    const used = entries.map(([, p]) => Number(p.used) || 0);
    // the range from the figures themselves, not from what uPlot saw of them: the axis once stopped at 2,000 for 3,600
    const top = niceTop(Math.max(...included, ...used));
    const options = {
        height: 180,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, top] } },
        axes: [
            { ...axis, splits: () => labels.map((_, i) => i), values: (u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false } },
            { ...axis, label: 'minutes', size: 64, values: (u, splits) => splits.map((v) => numberText(v)) },
        ],
        series: [
            { label: 'Pool' },
            { label: 'included', fill: INCLUDED, stroke: INCLUDED, paths: uPlot.paths.bars({ size: [0.3, 40], align: -1 }), points: { show: false } },
            { label: 'used', fill: USED, stroke: USED, paths: uPlot.paths.bars({ size: [0.3, 40], align: 1 }), points: { show: false } },
        ],
        hooks: yHooks,
    };
    return html`
        <${Plot} className="pool-chart" name="Pool minutes used and included, per country and plan" options=${options} data=${[labels.map((_, i) => i), included, used]} />
        <table class="data">
            <caption>Pool minutes per country and plan</caption>
            <thead><tr><th scope="col">Pool</th><th scope="col">Used</th><th scope="col">Included</th></tr></thead>
            <tbody>${entries.map(([pool, p]) => html`<tr key=${pool}><th scope="row">${pool}</th><td>${numberText(p.used)}</td><td>${numberText(p.included)}</td></tr>`)}</tbody>
        </table>`;
}

/** The lines' BillingPreTaxTotal summed per UsageDate (YYYY-MM-DD), in date order. */
export function overageByDay(lines) {
    const days = new Map();
    for (const l of lines ?? []) {
        const day = String(l.UsageDate ?? '').slice(0, 10);
        if (!day) continue;
        days.set(day, (days.get(day) ?? 0) + (Number(l.BillingPreTaxTotal) || 0));
    }
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Every day of `month` with its amount, 0 where no line has that day. */
export function monthOfDays(month, lines) {
    const byDay = new Map(overageByDay(lines));
    return daysOf(month).map((d) => {
        const date = `${month}-${String(d).padStart(2, '0')}`;
        return { day: d, date, amount: byDay.get(date) ?? 0 };
    });
}

/** What is drawn: each amount, raised to the smallest visible bar where it is above 0 but would be a hairline. */
export function drawnAmounts(amounts) {
    const floor = niceTop(Math.max(0, ...amounts)) * MIN_BAR;
    return amounts.map((v) => (v > 0 ? Math.max(v, floor) : 0));
}

/** The y axis' amounts with their currency; without cents when every tick is whole ("€5", not "€5.00"). */
function moneyTicks(splits, currency) {
    const whole = splits.every((v) => Math.abs(v - Math.round(v)) < 1e-9);
    return splits.map((v) => (whole ? moneyText(v, currency).replace(/[.,]00(?=\D*$)/, '') : moneyText(v, currency)));
}

/** The height each day's bar was drawn at (CSS px), kept on the chart's element (data-bar-heights) for a browser test. */
function recordBarHeights(u) {
    const zero = u.valToPos(0, 'y');
    u.root.parentElement.dataset.barHeights = JSON.stringify(u.data[1].map((v) => Math.round((zero - u.valToPos(v ?? 0, 'y')) * 10) / 10));
}

/** Overage amount per day: a bar for every day of the month (0 where nothing), the amount on hover, the exact figures in a table. */
export function DailyChart({ lines, currency }) {
    // the lines are of one month: the month is theirs
    const month = String(lines?.[0]?.UsageDate ?? '').slice(0, 7);
    if (!month) return html`<p class="hint">No overage lines this month.</p>`;
    const days = monthOfDays(month, lines);
    const amounts = days.map((d) => d.amount);
    const unit = currency ? ` (${currency})` : '';
    const options = {
        height: 200,
        // the legend is the hover's readout: the day and its amount, in the reader's language
        legend: { show: true, live: true },
        cursor: { points: { show: false }, drag: { x: false, y: false, setScale: false } },
        scales: { x: dayScale(days.length), y: { range: [0, niceTop(Math.max(...amounts))] } },
        axes: [dayAxis(month), { ...axis, size: 70, incrs: [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000],
            values: (u, splits) => moneyTicks(splits, currency) }],
        series: [
            { label: 'Day', value: (u, v) => (v == null ? '—' : dayText(days[v - 1]?.date, { short: true })) },
            // no stroke: a day of 0 draws nothing rather than a hairline that reads as a small amount
            { label: `Overage${unit}`, fill: USED, paths: uPlot.paths.bars({ size: [0.7, 48], align: 0 }), points: { show: false },
                value: (u, v, s, idx) => (idx == null ? '—' : moneyText(amounts[idx], currency)) },
        ],
        hooks: { draw: [...hooks.draw, recordBarHeights] },
    };
    return html`
        <${Plot} className="daily-chart" name=${`Overage amount per day${unit}`} options=${options} data=${[days.map((d) => d.day), drawnAmounts(amounts)]} />
        <table class="data daily-table">
            <caption>Overage amount per day</caption>
            <thead><tr><th scope="col">Day</th><th scope="col">Amount${unit}</th></tr></thead>
            <tbody>${days.map((d) => html`<tr key=${d.date}><th scope="row"><time datetime=${d.date}>${dayText(d.date, { short: true })}</time></th><td>${EXACT.format(d.amount)}</td></tr>`)}</tbody>
        </table>`;
}
