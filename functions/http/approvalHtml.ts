// HTML for the approval pages: a tagged template that escapes every
// interpolated value unless it is already Html, so no party name, reason or
// request field can turn into markup.

export class Html {
    constructor(readonly value: string) {}
    toString(): string {
        return this.value;
    }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `html\`<p>${name}</p>\``: strings are escaped, Html and arrays of Html are kept, null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
    let out = strings[0];
    values.forEach((value, i) => {
        out += render(value) + strings[i + 1];
    });
    return new Html(out);
}

function render(value: unknown): string {
    if (value instanceof Html) return value.value;
    if (Array.isArray(value)) return value.map(render).join('');
    if (value === null || value === undefined || value === false) return '';
    return escapeHtml(String(value));
}

const UTC = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'short' });

/** An instant as people read it, in UTC (the parties may be in any time zone), with the machine-readable value. */
export function utcTime(iso: string): Html {
    return html`<time datetime="${iso}">${UTC.format(new Date(iso))} UTC</time>`;
}
