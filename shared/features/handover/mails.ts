// The handover's mails, one per kind and party (rule 6). Every mail says who
// asks what, for which customer and service, where the charges will go and
// until when, so a party can decide from the mail alone. Pure: the activity
// mints the links and sends. Text and HTML are rendered from the same blocks,
// so the two cannot say different things.
import { HANDOVER_PARTIES, type HandoverParty } from '../../core/domain/rules/handover';
import type { ServiceType } from '../../core/domain/subscription';
import type { HandoverMailKind, HandoverParties, StoredHandover } from '../../core/handover/handoverSchemas';

export interface HandoverMailFacts {
    handover: StoredHandover;
    parties: HandoverParties;
    /** The party's own signed approval link (invite and reminder). */
    link?: string;
    /** Extra lines: the blockers found, or the remedy of a failed step. */
    note?: string;
}

export interface HandoverMail {
    subject: string;
    text: string;
    html: string;
}

type Block =
    | { kind: 'para'; text: string }
    /** What must not be overlooked (failed-after-none). */
    | { kind: 'loud'; text: string }
    | { kind: 'link'; label: string; url: string }
    | { kind: 'steps'; items: string[] }
    | { kind: 'list'; title: string; items: string[] }
    | { kind: 'facts'; rows: Array<[label: string, value: string]> };

interface Draft {
    subject: string;
    blocks: Block[];
}

const SERVICE_NAMES: Record<ServiceType, string> = { PhoneServices: 'Teams Phone' };

export function handoverMail(kind: HandoverMailKind, party: HandoverParty, facts: HandoverMailFacts): HandoverMail {
    const w = wording(facts, party);
    const draft = DRAFTS[kind](w, facts);
    const blocks: Block[] = [
        { kind: 'para', text: `Hello ${w.recipient},` },
        ...draft.blocks,
        { kind: 'facts', rows: factRows(w, kind) },
        { kind: 'para', text: `Questions about this request go to ${w.requester}. This mail was sent by the Telco Overage Orchestrator for handover ${facts.handover.id}.` },
    ];
    return { subject: draft.subject, text: renderText(blocks), html: renderHtml(draft.subject, blocks) };
}

// ---- the words every mail uses ----

interface Wording {
    /** Whom this mail is for, in the party wording. */
    recipient: string;
    /** "<A name> (current partner)" and so on. */
    current: string;
    next: string;
    a: string;
    b: string;
    customer: string;
    tenantId: string;
    /** "Teams Phone overage (service PhoneServices)". */
    service: string;
    /** "Teams Phone overage", for subjects. */
    overage: string;
    /** "<upn> of <partner name>". */
    requester: string;
    requesterUpn: string;
    requesterPartner: string;
    /** Where B's charges go: the subscription GUID, or the new one by name. */
    target: string;
    targetId: string | null;
    newName: string | null;
    deadline: string;
    /** The request in one sentence, for the mails that need to recall it. */
    request: string;
    partyName: (p: HandoverParty) => string;
}

function wording({ handover: h, parties }: HandoverMailFacts, party: HandoverParty): Wording {
    const a = parties.currentPartner.name;
    const b = parties.newPartner.name;
    const customer = parties.customer.name;
    const partyName = (p: HandoverParty) => p === 'currentPartner' ? `${a} (current partner)` : p === 'newPartner' ? `${b} (new partner)` : customer;
    const requesterPartner = [parties.currentPartner, parties.newPartner].find((p) => p.partnerId === h.requestedBy.partnerId)?.name ?? `partner ${h.requestedBy.partnerId}`;
    const requester = `${h.requestedBy.upn} of ${requesterPartner}`;
    // once B assigned, the subscription it assigned (the created one when the request said "new")
    const requested = h.request.azureEntitlementId;
    const targetId = h.azureEntitlementId ?? (requested === 'new' ? null : requested);
    const newName = targetId === null ? (h.request.subscriptionName ?? null) : null;
    const target = targetId !== null
        ? `the Azure subscription ${targetId}`
        : newName !== null ? `a new Azure subscription named "${newName}"` : 'a new Azure subscription, created under the customer\'s Azure plan';
    const service = `${SERVICE_NAMES[h.service]} overage (service ${h.service})`;
    return {
        recipient: partyName(party), current: partyName('currentPartner'), next: partyName('newPartner'), a, b, customer,
        tenantId: h.customerTenantId, service, overage: `${SERVICE_NAMES[h.service]} overage`, requester, requesterUpn: h.requestedBy.upn, requesterPartner,
        target, targetId, newName, deadline: utc(h.state.expiresAt), partyName,
        request: `${requester} asked on ${utc(h.requestedAt)} to move the ${service} of ${customer} (tenant ID ${h.customerTenantId}) from ${partyName('currentPartner')} to ${partyName('newPartner')}, with the charges going to ${target}.`,
    };
}

function factRows(w: Wording, kind: HandoverMailKind): Array<[string, string]> {
    return [
        ['Requested by', `${w.requesterUpn} (${w.requesterPartner})`],
        ['From', w.current],
        ['To', w.next],
        ['Customer', `${w.customer} (tenant ID ${w.tenantId})`],
        ['Service', w.service],
        ['Charges go to', w.target],
        [kind === 'invite' || kind === 'reminder' ? 'Your link is valid until' : 'Request valid until', w.deadline],
    ];
}

// ---- one draft per kind ----

/** A contact the requester gave (for a partner the deployment does not serve), told to every party so a wrong one is noticed. */
function givenContacts(w: Wording, f: HandoverMailFacts): Block[] {
    return (['currentPartner', 'newPartner'] as const).filter((p) => f.parties[p].contactGivenBy).map((p) => para(
        `Partner Center could not be asked for the contact of ${w.partyName(p)}, so its invitation went to ${f.parties[p].contact}, as given by ${w.requester}. If that is not an address of ${f.parties[p].name}, decline.`,
    ));
}

const DRAFTS: Record<HandoverMailKind, (w: Wording, f: HandoverMailFacts) => Draft> = {
    invite: (w, f) => ({
        subject: `Your approval is needed: ${w.overage} for ${w.customer}, from ${w.a} to ${w.b}`,
        blocks: [
            para(`${w.requester} asks to move the ${w.service} of ${w.customer} (tenant ID ${w.tenantId}) from ${w.current} to ${w.next}. Calls beyond the customer's included minutes would then be billed to ${w.target}, managed by ${w.b}.`),
            para(`All three parties must approve: ${w.a}, ${w.b} and ${w.customer}. Nothing changes before all three have. Then ${w.a}'s overage setting is set to None first, and ${w.b} assigns its subscription after that.`),
            para(`You answer for ${w.recipient}. Approve or decline with your personal link below. It is valid until ${w.deadline}; if the three approvals are not in by then, the request expires and nothing changes.`),
            ...givenContacts(w, f),
            linkBlock(f, 'Approve or decline'),
        ],
    }),
    reminder: (w, f) => ({
        subject: `Reminder: your answer is still needed for ${w.overage} of ${w.customer}`,
        blocks: [
            para(`Half of the time for this handover request has passed, and the answer of ${w.recipient} is still missing.`),
            para(w.request),
            ...missing(w, f, 'Still waiting for'),
            ...givenContacts(w, f),
            para(`Approve or decline with your personal link below before ${w.deadline}. After that the request expires and nothing changes.`),
            linkBlock(f, 'Approve or decline'),
        ],
    }),
    declined: (w, f) => ({
        subject: `Handover declined: ${w.overage} of ${w.customer} stays with ${w.a}`,
        blocks: [
            para(`${w.request} The request was declined, so nothing was changed: overage stays with ${w.a}, and its charges go where they went before.`),
            ...declines(w, f),
            para('If the parties agree later, a new handover request can be started.'),
        ],
    }),
    expired: (w, f) => ({
        subject: `Handover expired: ${w.overage} of ${w.customer} stays with ${w.a}`,
        blocks: [
            para(`${w.request} The request expired on ${w.deadline} before all three parties had approved. Nothing was changed: overage stays with ${w.a}.`),
            ...missing(w, f, 'No answer came from'),
            para('If the parties still want the handover, a new request can be started.'),
        ],
    }),
    cancelled: (w, f) => {
        const c = f.handover.cancelled;
        return {
            subject: `Handover cancelled: ${w.overage} of ${w.customer} stays with ${w.a}`,
            blocks: [
                para(`${w.request} ${c ? `${c.by} cancelled the request on ${utc(c.at)}.` : 'The request was cancelled.'} Nothing was changed: overage stays with ${w.a}.`),
                para('If the parties still want the handover, a new request can be started.'),
            ],
        };
    },
    completed: (w, f) => {
        const { noneSetAt, completedAt } = f.handover.state;
        return {
            subject: `Handover completed: ${w.overage} of ${w.customer} now goes to ${w.b}`,
            blocks: [
                para(`The handover is complete. The ${w.service} of ${w.customer} (tenant ID ${w.tenantId}) is now managed by ${w.next}: calls beyond the customer's included minutes are billed to ${w.target}.`),
                para(`${w.a}'s setting was set to None first${noneSetAt ? ` (${utc(noneSetAt)})` : ''}, then ${w.b} assigned its subscription${completedAt ? ` (${utc(completedAt)})` : ''}. ${w.a} no longer manages overage for this customer.`),
            ],
        };
    },
    blocked: (w, f) => ({
        subject: `Handover blocked: nothing was changed for ${w.overage} of ${w.customer}`,
        blocks: [
            para(`${w.request} All three parties approved, but the switch cannot be made as things stand: Partner Center or Azure would refuse it. Nothing was changed: overage stays with ${w.a}.`),
            noteList(f, 'What stands in the way, and how to fix it:'),
            para('Once these are fixed, start a new handover request.'),
        ],
    }),
    failed: (w, f) => ({
        subject: `Handover failed: nothing was changed for ${w.overage} of ${w.customer}`,
        blocks: [
            para(`${w.request} All three parties approved, but a step failed before anything was changed. Overage stays with ${w.a}, and its charges go where they went before.`),
            noteList(f, 'What to do:'),
        ],
    }),
    'failed-after-none': (w, f) => ({
        subject: `URGENT: ${w.overage} of ${w.customer} is set to None and ${w.b} has not assigned a subscription`,
        blocks: [
            { kind: 'loud', text: `ACTION NEEDED: ${w.a}'s overage setting for ${w.customer} is now None, but ${w.b}'s assignment of ${w.target} failed.` },
            { kind: 'loud', text: `No subscription is set for overage now. Calls beyond the customer's minute pools (the minutes its licenses include) are refused until ${w.b} assigns one.` },
            para(w.request),
            noteList(f, 'What to do:'),
            para(`${w.b} can end this by assigning ${w.target} as the overage subscription for ${w.customer} (tenant ID ${w.tenantId}, service PhoneServices) in Partner Center, or by enabling overage for this customer in this service.`),
        ],
    }),
    'instructions-none': (w) => ({
        subject: `Action needed in Partner Center: set ${w.overage} of ${w.customer} to None`,
        blocks: [
            para(`${w.request} All three parties approved. This service does not act in Partner Center for ${w.a}, so the first change is yours to make:`),
            { kind: 'steps', items: [
                `Sign in to Partner Center (partner.microsoft.com) with an admin agent account of ${w.a}.`,
                `Open the Customers workspace and select ${w.customer}. On its Account page, check that the Microsoft ID is ${w.tenantId}.`,
                `Open the customer's pay-as-you-go overage setting for ${SERVICE_NAMES.PhoneServices} (service PhoneServices).`,
                'Set the Azure subscription for overage to None (overage off) and save. Change nothing else.',
            ] },
            para('The same change can be made through the Partner Center API\'s overage setting of the customer: overage off.'),
            para(`The handover goes on by itself once Partner Center shows the setting as None: ${w.b} then assigns ${w.target}.`),
        ],
    }),
    'instructions-assign': (w, f) => {
        const { noneSetAt } = f.handover.state;
        const chosen = w.targetId ?? '<ID of the new subscription>';
        return {
            subject: `Action needed in Partner Center: assign ${w.overage} of ${w.customer} to your subscription`,
            blocks: [
                para(`${w.request} All three parties approved, and ${w.a}'s setting is now None${noneSetAt ? ` (since ${utc(noneSetAt)})` : ''}. This service does not act in Partner Center for ${w.b}, so the last step is yours. Until it is done, calls beyond the customer's included minute pools are refused.`),
                { kind: 'steps', items: [
                    `Sign in to Partner Center (partner.microsoft.com) with an admin agent account of ${w.b}.`,
                    `Open the Customers workspace and select ${w.customer}. On its Account page, check that the Microsoft ID is ${w.tenantId}.`,
                    ...(w.targetId === null
                        ? [`Create a new Azure subscription${w.newName !== null ? ` named "${w.newName}"` : ''} under the customer's Azure plan, and note its subscription ID.`]
                        : []),
                    `Open the customer's pay-as-you-go overage setting for ${SERVICE_NAMES.PhoneServices} (service PhoneServices), choose ${w.targetId !== null ? `the Azure subscription ${w.targetId}` : 'that new subscription'}, switch overage on and save.`,
                ] },
                para(`The same change can be made through the Partner Center API's overage setting of the customer: overage on, charged to ${chosen}.`),
                para('The handover completes by itself once Partner Center shows this assignment.'),
            ],
        };
    },
};

function para(text: string): Block {
    return { kind: 'para', text };
}

function linkBlock(f: HandoverMailFacts, label: string): Block {
    if (!f.link) throw new Error('an invitation or reminder needs the party\'s approval link');
    return { kind: 'link', label, url: f.link };
}

function missing(w: Wording, f: HandoverMailFacts, lead: string): Block[] {
    const open = HANDOVER_PARTIES.filter((p) => f.handover.state.decisions[p] === null);
    return open.length ? [para(`${lead}: ${open.map(w.partyName).join(', ')}.`)] : [];
}

function declines(w: Wording, f: HandoverMailFacts): Block[] {
    return HANDOVER_PARTIES.flatMap((p) => {
        const d = f.handover.state.decisions[p];
        if (d?.decision !== 'declined') return [];
        const who = `${w.partyName(p)} declined on ${utc(d.at)}${d.by ? ` (answered by ${d.by})` : ''}.`;
        return [para(`${who} ${d.reason ? `The reason given: "${d.reason}"` : 'No reason was given.'}`)];
    });
}

/** The note's lines; without one, what the run recorded as its outcome. */
function noteList(f: HandoverMailFacts, title: string): Block {
    const outcome = f.handover.outcome;
    const source = f.note ?? (outcome ? [outcome.detail, outcome.remedy].filter(Boolean).join('\n') : 'The handover\'s record has the details.');
    const items = source.split('\n').map((l) => l.replace(/^\s*[-*•]\s*/, '').trim()).filter(Boolean);
    return { kind: 'list', title, items };
}

// ---- rendering ----

function renderText(blocks: Block[]): string {
    return blocks.map((b) => {
        switch (b.kind) {
            case 'para': return b.text;
            case 'loud': return b.text;
            // the URL alone on its line: mail clients make it clickable, and tests follow it
            case 'link': return `${b.label}:\n${b.url}`;
            case 'steps': return b.items.map((s, i) => `${i + 1}. ${s}`).join('\n');
            case 'list': return [b.title, ...b.items.map((s) => `- ${s}`)].join('\n');
            case 'facts': return b.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
        }
    }).join('\n\n') + '\n';
}

function renderHtml(subject: string, blocks: Block[]): string {
    const body = blocks.map((b) => {
        switch (b.kind) {
            case 'para': return `<p>${esc(b.text)}</p>`;
            case 'loud': return `<p style="color:#b00020;font-weight:bold;font-size:1.1em">${esc(b.text)}</p>`;
            case 'link': return `<p><a href="${esc(b.url)}" style="font-weight:bold">${esc(b.label)}</a></p>`;
            case 'steps': return `<ol>${b.items.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`;
            case 'list': return `<p>${esc(b.title)}</p><ul>${b.items.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`;
            case 'facts': return `<table cellpadding="4">${b.rows.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
        }
    }).join('\n');
    return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(subject)}</title></head>\n<body style="font-family:sans-serif">\n${body}\n</body></html>\n`;
}

function esc(s: string): string {
    return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Sunday 13 December 2026, 12:00 UTC": spelled out, so no reader mistakes day for month. */
export function utc(iso: string): string {
    const d = new Date(iso);
    const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hm} UTC`;
}
