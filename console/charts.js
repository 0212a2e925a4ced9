// The accrual's charts, drawn by uPlot on a canvas (it sizes elements through
// the CSSOM, which the CSP allows; no inline style or script). A canvas says
// nothing to a screen reader: each chart is an image with a name, and a data
// table beside it carries the exact figures.
import { html, useEffect, useRef } from './vendor/htm-preact.js';
import uPlot from './vendor/uPlot.esm.js';

const INCLUDED = '#6e7781';
const USED = '#0b5cad';
const fmt = (n, digits = 4) => (Math.round(n * 10 ** digits) / 10 ** digits).toString();

/** A uPlot chart that follows its container's width. */
function Chart({ name, options, data, className }) {
    const box = useRef(null);
    useEffect(() => {
        const el = box.current;
        if (!el) return undefined;
        const width = () => Math.max(200, Math.floor(el.clientWidth));
        const plot = new uPlot({ ...options, width: width(), height: options.height ?? 200 }, data, el);
        const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: options.height ?? 200 }));
        observer.observe(el);
        return () => { observer.disconnect(); plot.destroy(); };
    }, [JSON.stringify(data)]);
    return html`<div class=${`chart ${className ?? ''}`} role="img" aria-label=${name} ref=${box}></div>`;
}

const bars = () => uPlot.paths.bars({ size: [0.6, 48], align: 0 });
const axis = { stroke: '#1b1f24', grid: { stroke: '#d0d7de', width: 1 }, ticks: { stroke: '#d0d7de' } };

/** Pool minutes used against included, a pair of bars per pool ("BE/domestic"). */
export function PoolChart({ pools }) {
    const entries = Object.entries(pools ?? {});
    if (entries.length === 0) return html`<p class="hint">No pool minutes this month.</p>`;
    const labels = entries.map(([pool]) => pool);
    const data = [labels.map((_, i) => i), entries.map(([, p]) => Number(p.included) || 0), entries.map(([, p]) => Number(p.used) || 0)];
    const options = {
        height: 180,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [
            { ...axis, splits: () => labels.map((_, i) => i), values: (u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false } },
            { ...axis, label: 'minutes', size: 60 },
        ],
        series: [
            { label: 'Pool' },
            { label: 'included', fill: INCLUDED, stroke: INCLUDED, paths: uPlot.paths.bars({ size: [0.3, 40], align: -1 }), points: { show: false } },
            { label: 'used', fill: USED, stroke: USED, paths: uPlot.paths.bars({ size: [0.3, 40], align: 1 }), points: { show: false } },
        ],
    };
    return html`
        <${Chart} name="Pool minutes used and included, per country and plan" options=${options} data=${data} />
        <table class="data">
            <caption>Pool minutes per country and plan</caption>
            <thead><tr><th scope="col">Pool</th><th scope="col">Used</th><th scope="col">Included</th></tr></thead>
            <tbody>${entries.map(([pool, p]) => html`<tr key=${pool}><th scope="row">${pool}</th><td>${p.used}</td><td>${p.included}</td></tr>`)}</tbody>
        </table>`;
}

/** The lines' BillingPreTaxTotal summed per UsageDate, in date order. */
export function overageByDay(lines) {
    const days = new Map();
    for (const l of lines ?? []) {
        const day = String(l.UsageDate ?? '').slice(0, 10);
        if (!day) continue;
        days.set(day, (days.get(day) ?? 0) + (Number(l.BillingPreTaxTotal) || 0));
    }
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Overage amount per day, a bar a day. */
export function DailyChart({ lines, currency }) {
    const days = overageByDay(lines);
    if (days.length === 0) return html`<p class="hint">No overage lines this month.</p>`;
    const xs = days.map(([day]) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const data = [xs, days.map(([, v]) => v)];
    const options = {
        height: 200,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: true, range: () => [xs[0] - 86400, xs[xs.length - 1] + 86400] }, y: { range: (u, min, max) => [0, Math.max(0.0001, max) * 1.15] } },
        axes: [{ ...axis, space: 40, splits: () => xs, values: (u, splits) => splits.map((ts) => new Date(ts * 1000).toISOString().slice(5, 10)) }, { ...axis, label: currency ?? '', size: 70 }],
        series: [{ label: 'Day' }, { label: `overage${currency ? ` (${currency})` : ''}`, fill: USED, stroke: USED, paths: bars(), points: { show: false } }],
    };
    return html`
        <${Chart} name=${`Overage amount per day${currency ? ` (${currency})` : ''}`} options=${options} data=${data} />
        <table class="data">
            <caption>Overage amount per day</caption>
            <thead><tr><th scope="col">Day</th><th scope="col">Amount${currency ? ` (${currency})` : ''}</th></tr></thead>
            <tbody>${days.map(([day, v]) => html`<tr key=${day}><th scope="row">${day}</th><td>${fmt(v)}</td></tr>`)}</tbody>
        </table>`;
}
