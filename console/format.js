// Display pieces built on words.js's Intl helpers: an instant in the reader's
// language and time zone with the exact UTC instant on hover, and an id kept
// out of the visible text where a name says it better, yet one click away
// (copied to the clipboard) for a support ticket or a script.
import { html, useState } from './vendor/htm-preact.js';
import { dateText } from './words.js';

/** "2026-12-07 00:18:56 UTC": the instant as the API and the audit trail record it. */
export const utcText = (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
};

/** An instant in the reader's words; the UTC instant in its title. */
export function When({ at }) {
    if (!at) return '—';
    return html`<time datetime=${at} title=${utcText(at)}>${dateText(at)}</time>`;
}

/** A button that copies an id the page names rather than shows: its label says what it copies, its title shows the id. */
export function CopyId({ id, what }) {
    const [copied, setCopied] = useState(false);
    if (!id) return null;
    const copy = async () => {
        try {
            await navigator.clipboard.writeText(id);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
        } catch {
            // no clipboard (an insecure origin): the id stays readable in the title and the data attribute
        }
    };
    return html`<button type="button" class="link copy-id" data-id=${id} title=${id} onClick=${copy}>${copied ? 'Copied' : `Copy ${what}`}</button>`;
}
