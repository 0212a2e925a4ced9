// What the console's uPlot charts share: a chart that follows its box's
// width, the axis style, and the x axis of a month's days. uPlot sizes its
// elements through the CSSOM, which the CSP allows (no inline style or
// script). A canvas says nothing about what it drew, so after each draw the
// day labels' boxes and the y scale's top are kept on the chart's element
// (data-day-labels, data-y-max): a browser test reads them to check that no
// two labels overlap and that the axis reaches the data.
import { html, useEffect, useRef } from './vendor/htm-preact.js';
import uPlot from './vendor/uPlot.esm.js';
import { dayText } from './words.js';

export const axis = { stroke: '#1b1f24', grid: { stroke: '#d0d7de', width: 1 }, ticks: { stroke: '#d0d7de' } };
const FONT = '12px system-ui, sans-serif';

/** A uPlot chart that follows its container's width; a named image for screen readers (a table beside it has the figures). */
export function Plot({ name, options, data, className = '' }) {
    const box = useRef(null);
    useEffect(() => {
        const el = box.current;
        if (!el) return undefined;
        const width = () => Math.max(200, Math.floor(el.clientWidth));
        const plot = new uPlot({ ...options, width: width() }, data, el);
        const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: options.height }));
        observer.observe(el);
        return () => { observer.disconnect(); plot.destroy(); };
    }, [JSON.stringify(data)]);
    return html`<div class=${`chart ${className}`} role="img" aria-label=${name} ref=${box}></div>`;
}

/** The days of a month (YYYY-MM): 1..28-31. */
export function daysOf(month) {
    const [y, m] = String(month).split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return Array.from({ length: Number.isNaN(last) ? 0 : last }, (_, i) => i + 1);
}

/** The x scale of a month's days, half a day of room either side so the first and last bars are whole. */
export const dayScale = (last) => ({ time: false, range: [0.5, last + 0.5] });

/**
 * The x axis: every day of the month, labelled by its number. uPlot keeps a
 * label only every 1, 2, 5, 7 … days, the first step that leaves `space`
 * pixels a label, so they thin out on a phone and never overlap.
 */
export const dayAxis = (month) => ({ ...axis, font: FONT, label: dayText(`${month}-01`, { monthYear: true }), labelSize: 20, space: 28, incrs: [1, 2, 5, 7, 10, 15], values: (u, splits) => splits.map((d) => String(d)) });

let measure;
function recordDayLabels(u) {
    measure ??= document.createElement('canvas').getContext('2d');
    measure.font = FONT;
    const ax = u.axes[0];
    const boxes = (ax._splits ?? []).map((v, i) => ({ text: String(ax._values?.[i] ?? ''), x: u.valToPos(v, 'x') }))
        .filter((b) => b.text)
        .map((b) => { const w = measure.measureText(b.text).width; return { text: b.text, left: b.x - w / 2, right: b.x + w / 2 }; });
    u.root.parentElement.dataset.dayLabels = JSON.stringify(boxes);
}
const recordYMax = (u) => { u.root.parentElement.dataset.yMax = String(u.scales.y.max); };
/** uPlot hooks that keep what was drawn on the chart's element (CSS px from the plot's left). */
export const hooks = { draw: [recordDayLabels, recordYMax] };
export const yHooks = { draw: [recordYMax] };

/** A round top for a y axis that holds `max`: 1, 2 or 5 times a power of ten, never below it. */
export function niceTop(max) {
    if (!(max > 0)) return 1;
    const step = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 2.5, 5, 10, 20].map((k) => k * step).find((t) => t >= max * 1.05);
}
