// Who is signed in, for the top bar: the agent, its partner by name (the one
// GET /api/partners marks `self`, read from the partner's legal business
// profile), the partner id secondary, and the roles. Until the name is read,
// or where it cannot be, the id stands in.
import { html } from './vendor/htm-preact.js';
import { API } from './api.js';
import { useRead } from './useRead.js';

/** The signed-in partner's name, or null while unknown (or unreadable: the id already says who). */
function usePartnerName(token, partnerId) {
    return useRead(token, `${API}/partners`)?.items?.find((p) => p.self && p.partnerId === partnerId)?.name ?? null;
}

export function WhoAmI({ token, me }) {
    const name = usePartnerName(token, me.partnerId);
    return html`
        <span class="who">
            <span class="upn">${me.upn}</span>
            <span class="muted"> · </span>
            <span class="who-partner">${name ? html`${name} <span class="muted partner-id">(partner ${me.partnerId})</span>` : `partner ${me.partnerId}`}</span>
            <span class="muted"> · ${me.roles.join(', ') || 'no role'}</span>
        </span>`;
}
