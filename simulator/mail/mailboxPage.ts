// GET /simulator/mailbox as a page, for a person in a browser: every mail the
// sink kept, newest first, with its subject, recipients, time and text, and
// the links in the text clickable (an approval link opens its page).
// Mail content is untrusted (a customer's name, a reason typed by a party):
// every piece is HTML-escaped, only http(s) URLs become links, and the page's
// CSP allows no script at all and only its own stylesheet.
import { createHash } from 'node:crypto';
import type { OutgoingHttp } from '../http/exchange';
import { splitLinks } from './links';
import type { MailboxEntry } from './smtpSink';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f5f5f5}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}
ol{list-style:none;padding:0;margin:0}
article{background:#fff;border:1px solid #c8c8c8;border-radius:6px;padding:1rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:0 0 .75rem;font-size:.9rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:.95rem}
a{color:#0b57b5}
code{overflow-wrap:anywhere}
`;

/** The page's Content-Security-Policy: no script or frames, only the inline stylesheet above (by its hash) and its empty inline icon. */
export const MAILBOX_CSP = `default-src 'none'; img-src data:; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** "2026-12-07 10:47:35 UTC" from an ISO time (as stored, UTC). */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function body(text: string): string {
    if (!text.trim()) return '<p class="body"><em>(no text part)</em></p>';
    const html = splitLinks(text).map((p) => ('link' in p ? `<a href="${escape(p.link)}">${escape(p.link)}</a>` : escape(p.text))).join('');
    return `<p class="body">${html}</p>`;
}

function mail(m: MailboxEntry): string {
    const id = `mail-${escape(m.id)}`;
    return `<li><article aria-labelledby="${id}">
<h2 id="${id}">${escape(m.subject || '(no subject)')}</h2>
<dl><dt>To</dt><dd>${escape(m.to.join(', '))}</dd><dt>From</dt><dd>${escape(m.from)}</dd><dt>Received</dt><dd><time datetime="${escape(m.receivedAt)}">${escape(utc(m.receivedAt))}</time></dd></dl>
${body(m.text)}
</article></li>`;
}

/** The mailbox as an HTML page (mails in arrival order, as list() gives them; shown newest first). */
export function mailboxPage(mails: readonly MailboxEntry[]): OutgoingHttp {
    const count = mails.length === 1 ? '1 mail' : `${mails.length} mails`;
    const list = mails.length === 0
        ? '<p>No mail yet. Mail the app sends under the local host arrives here (a handover’s mails a second or so after it is asked for); reload to look again.</p>'
        : `<ol>${[...mails].reverse().map(mail).join('\n')}</ol>`;
    const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Mailbox (${count}) – local simulator</title><style>${STYLE}</style></head>
<body><main>
<h1>Mailbox</h1>
<p>${count} the app sent to the local simulator’s mail sink, newest first. Scripts read the same list as JSON (<code>Accept: application/json</code>).</p>
${list}
</main></body></html>
`;
    return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': MAILBOX_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', vary: 'Accept' },
        body: Buffer.from(page),
    };
}
