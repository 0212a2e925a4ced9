import {
    applyHandoverEvent, Handover, nextHandoverStep, openHandover, DEFAULT_HANDOVER_VALIDITY_MS,
    type HandoverParty, type HandoverResult,
} from '../../shared/core/domain/domain';
import { ENT_A, TENANT } from './fixtures';

const T0 = '2025-06-01T00:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

function open(validForMs = 7 * DAY): Handover {
    const r = openHandover({ id: 'h1', customerTenantId: TENANT, type: 'PhoneServices', fromPartnerId: '1001', toPartnerId: '1002', toAzureTarget: ENT_A, at: T0, validForMs });
    if (!r.ok) throw new Error(r.detail);
    return r.handover;
}

function ok(r: HandoverResult): Handover {
    if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
    return r.handover;
}

const approve = (h: Handover, party: HandoverParty, day = 1) => applyHandoverEvent(h, { kind: 'decision', party, decision: 'approve', at: at(day) });
const decline = (h: Handover, party: HandoverParty, day = 1) => applyHandoverEvent(h, { kind: 'decision', party, decision: 'decline', at: at(day) });

test('a new request is pending, valid by the schema, and expires after its validity', () => {
    const h = open();
    expect(Handover.parse(h)).toEqual(h);
    expect(h.status).toBe('pending');
    expect(h.expiresAt).toBe(at(7));
    expect(nextHandoverStep(h, at(0))).toEqual({ kind: 'awaitingApprovals', missing: ['currentPartner', 'newPartner', 'customer'] });
});

test('default validity', () => {
    const r = openHandover({ id: 'h', customerTenantId: TENANT, type: 'PhoneServices', fromPartnerId: '1', toPartnerId: '2', toAzureTarget: 'new', at: T0 });
    expect(r.ok && Date.parse(r.handover.expiresAt) - Date.parse(T0)).toBe(DEFAULT_HANDOVER_VALIDITY_MS);
});

test('a handover to the same partner is refused', () => {
    expect(openHandover({ id: 'h', customerTenantId: TENANT, type: 'PhoneServices', fromPartnerId: '1', toPartnerId: '1', toAzureTarget: 'new', at: T0 }))
        .toMatchObject({ ok: false, code: 'handover-same-partner' });
});

test('nothing changes until all three approved, in any order', () => {
    for (const order of [['currentPartner', 'newPartner', 'customer'], ['customer', 'newPartner', 'currentPartner']] as HandoverParty[][]) {
        let h = open();
        for (const [i, party] of order.entries()) {
            expect(nextHandoverStep(h, at(1)).kind).toBe('awaitingApprovals');
            h = ok(approve(h, party, i + 1));
        }
        expect(h.status).toBe('agreed');
        expect(nextHandoverStep(h, at(4))).toEqual({ kind: 'setNone', partnerId: '1001' });
    }
});

test('after agreement: A sets None, then B assigns its subscription, then done', () => {
    let h = open();
    for (const p of ['currentPartner', 'newPartner', 'customer'] as const) h = ok(approve(h, p));
    h = ok(applyHandoverEvent(h, { kind: 'noneSet', at: at(2) }));
    expect(nextHandoverStep(h, at(2))).toEqual({ kind: 'assign', partnerId: '1002', azureTarget: ENT_A });
    h = ok(applyHandoverEvent(h, { kind: 'assigned', at: at(3) }));
    expect(h).toMatchObject({ status: 'completed', noneSetAt: at(2), completedAt: at(3) });
    expect(nextHandoverStep(h, at(3))).toEqual({ kind: 'done' });
});

test('the agreed steps go on after the approval deadline', () => {
    let h = open(2 * DAY);
    for (const p of ['currentPartner', 'newPartner', 'customer'] as const) h = ok(approve(h, p, 1));
    expect(nextHandoverStep(h, at(30))).toEqual({ kind: 'setNone', partnerId: '1001' });
    expect(ok(applyHandoverEvent(h, { kind: 'noneSet', at: at(30) })).status).toBe('noneSet');
});

test('steps out of order are refused', () => {
    const h = ok(approve(open(), 'currentPartner'));
    expect(applyHandoverEvent(h, { kind: 'noneSet', at: at(1) })).toMatchObject({ ok: false, code: 'handover-out-of-order', handover: h });
    expect(applyHandoverEvent(h, { kind: 'assigned', at: at(1) })).toMatchObject({ ok: false, code: 'handover-out-of-order' });
});

test('B cannot assign before A has set None', () => {
    let h = open();
    for (const p of ['currentPartner', 'newPartner', 'customer'] as const) h = ok(approve(h, p));
    expect(applyHandoverEvent(h, { kind: 'assigned', at: at(2) })).toMatchObject({ ok: false, code: 'handover-out-of-order' });
});

test('any party declining closes it; nothing is proposed', () => {
    let h = ok(approve(open(), 'currentPartner'));
    h = ok(decline(h, 'customer'));
    expect(h.status).toBe('declined');
    expect(nextHandoverStep(h, at(2))).toEqual({ kind: 'closed', reason: 'declined', declinedBy: ['customer'] });
    expect(approve(h, 'newPartner', 2)).toMatchObject({ ok: false, code: 'handover-closed' });
});

test('each party decides once', () => {
    const h = ok(approve(open(), 'newPartner'));
    const again = decline(h, 'newPartner', 2);
    expect(again).toMatchObject({ ok: false, code: 'handover-already-decided', handover: h });
    expect(h.decisions.newPartner).toEqual({ decision: 'approved', at: at(1) });
});

test('an approval at or after the expiry is refused and the request expires', () => {
    let h = ok(approve(open(), 'currentPartner'));
    h = ok(approve(h, 'newPartner', 2));
    const late = approve(h, 'customer', 7);
    expect(late).toMatchObject({ ok: false, code: 'handover-expired' });
    expect(late.handover.status).toBe('expired');
    expect(late.handover.decisions.customer).toBeNull();
    expect(nextHandoverStep(late.handover, at(8))).toEqual({ kind: 'closed', reason: 'expired' });
});

test('one millisecond before the expiry still counts', () => {
    let h = ok(approve(open(), 'currentPartner'));
    h = ok(approve(h, 'newPartner'));
    const justInTime = new Date(Date.parse(h.expiresAt) - 1).toISOString();
    expect(ok(applyHandoverEvent(h, { kind: 'decision', party: 'customer', decision: 'approve', at: justInTime })).status).toBe('agreed');
});

test('a pending request past its expiry shows as closed even before a tick, and a tick expires it', () => {
    const h = open();
    expect(nextHandoverStep(h, at(8))).toEqual({ kind: 'closed', reason: 'expired' });
    expect(ok(applyHandoverEvent(h, { kind: 'tick', at: at(6) })).status).toBe('pending');
    const expired = ok(applyHandoverEvent(h, { kind: 'tick', at: at(7) }));
    expect(expired.status).toBe('expired');
    expect(approve(expired, 'customer', 1)).toMatchObject({ ok: false, code: 'handover-expired' });
});

test('the machine never mutates its input', () => {
    const h = open();
    const copy = structuredClone(h);
    approve(h, 'customer');
    applyHandoverEvent(h, { kind: 'tick', at: at(9) });
    expect(h).toEqual(copy);
});

test('who answered is kept for the audit trail', () => {
    const h = ok(applyHandoverEvent(open(), { kind: 'decision', party: 'customer', decision: 'approve', at: at(1), by: 'it@fabrikam.example' }));
    expect(h.decisions.customer).toEqual({ decision: 'approved', at: at(1), by: 'it@fabrikam.example' });
    expect(Handover.safeParse(h).success).toBe(true);
});
