// An answer the API refused, as the person needs it: what it is in the
// catalogue's words (never the code), the server's detail of this case, and
// what to do (the catalogue's general words where it has them, else the
// problem+json `remedy`).
import { html } from './vendor/htm-preact.js';
import { codeRemedy, codeTitle, knownCode } from './messages.js';

export function Problem({ error }) {
    if (!error) return null;
    const known = knownCode(error.code);
    const title = known ? codeTitle(error.code) : (error.title ?? 'Refused');
    const remedy = (known && codeRemedy(error.code)) || error.remedy;
    return html`
        <div class="error" role="alert" data-code=${error.code}>
            <p><strong>${title}</strong></p>
            <p>${error.message}</p>
            ${remedy && html`<p class="remedy"><span class="label">What to do:</span> ${remedy}</p>`}
        </div>`;
}
