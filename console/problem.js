// An answer the API refused, as the person needs it: the title and stable
// code, the detail, and what to do (the problem+json `remedy`).
import { html } from './vendor/htm-preact.js';

export function Problem({ error }) {
    if (!error) return null;
    return html`
        <div class="error" role="alert">
            <p><strong>${error.title ?? 'Refused'}${error.code ? html` <span class="code">${error.code}</span>` : ''}</strong></p>
            <p>${error.message}</p>
            ${error.remedy && html`<p class="remedy"><span class="label">What to do:</span> ${error.remedy}</p>`}
        </div>`;
}
