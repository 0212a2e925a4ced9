// Approval links: a link opens for its party only while it is unchanged,
// signed with our key and algorithm, and not past the handover's deadline.
import { jose } from '../../shared/adapters/identity/jose';
import {
    ApprovalClaims, approvalLink, approvalSigningKey, approvalTokenId, signApprovalToken, verifyApprovalToken,
} from '../../shared/features/handover/approvalToken';

const KEY = approvalSigningKey({ APPROVAL_SIGNING_KEY: 'k'.repeat(32) });
const OTHER_KEY = approvalSigningKey({ APPROVAL_SIGNING_KEY: 'o'.repeat(48) });
const CLAIMS: ApprovalClaims = {
    handoverId: 'handover-1', customerTenantId: '10000000-0000-4000-8000-000000000001', party: 'newPartner', expiresAt: '2030-01-15T12:00:00.000Z',
};
const BEFORE = new Date('2030-01-15T11:59:59.000Z');

/** The token's three parts, with the payload decoded. */
function parts(token: string) {
    const [header, payload, signature] = token.split('.');
    return { header, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>, signature };
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('a signed link verifies for its party, with the handover deadline as expiry', async () => {
    const token = await signApprovalToken(CLAIMS, KEY);
    expect(await verifyApprovalToken(token, KEY, BEFORE)).toEqual({ ok: true, claims: CLAIMS, tokenId: approvalTokenId(CLAIMS.handoverId, CLAIMS.party) });
});

test('the token id is the party slot, so every link of one party shares it', async () => {
    const first = await signApprovalToken(CLAIMS, KEY);
    const reminder = await signApprovalToken({ ...CLAIMS }, KEY);
    expect(parts(first).payload.jti).toBe('handover-1.newPartner');
    expect(parts(reminder).payload.jti).toBe(approvalTokenId('handover-1', 'newPartner'));
    const other = await signApprovalToken({ ...CLAIMS, party: 'customer' }, KEY);
    expect(parts(other).payload.jti).toBe(approvalTokenId('handover-1', 'customer'));
});

test('a changed payload (another party) is invalid', async () => {
    const { header, payload, signature } = parts(await signApprovalToken(CLAIMS, KEY));
    const forged = `${header}.${b64({ ...payload, party: 'customer', jti: 'handover-1.customer' })}.${signature}`;
    expect(await verifyApprovalToken(forged, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
});

test('a changed signature is invalid', async () => {
    const [header, payload, signature] = (await signApprovalToken(CLAIMS, KEY)).split('.');
    // a character in the middle: the last one of a base64url HMAC carries padding bits
    const mid = signature.length >> 1;
    const flipped = `${header}.${payload}.${signature.slice(0, mid)}${signature[mid] === 'A' ? 'B' : 'A'}${signature.slice(mid + 1)}`;
    expect(await verifyApprovalToken(flipped, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
});

test('a link signed with another key is invalid', async () => {
    const token = await signApprovalToken(CLAIMS, OTHER_KEY);
    expect(await verifyApprovalToken(token, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
});

test('at and after the deadline the link has expired', async () => {
    const token = await signApprovalToken(CLAIMS, KEY);
    expect(await verifyApprovalToken(token, KEY, new Date(CLAIMS.expiresAt))).toMatchObject({ ok: false, code: 'approval-link-expired' });
    expect(await verifyApprovalToken(token, KEY, new Date('2030-02-01T00:00:00Z'))).toMatchObject({ ok: false, code: 'approval-link-expired', detail: expect.stringMatching(/expired/) });
});

test('an unsigned token (alg none) is refused', async () => {
    const { payload } = parts(await signApprovalToken(CLAIMS, KEY));
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(await verifyApprovalToken(unsigned, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
});

test('HS512 is refused, with our key or another', async () => {
    const { payload } = parts(await signApprovalToken(CLAIMS, KEY));
    for (const key of [KEY, OTHER_KEY]) {
        const token = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).sign(key);
        expect(await verifyApprovalToken(token, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
    }
});

test('a signed token for another purpose (no scope, mismatched id) is invalid', async () => {
    const { payload } = parts(await signApprovalToken(CLAIMS, KEY));
    const { scope: _scope, ...noScope } = payload;
    for (const claims of [noScope, { ...payload, jti: 'handover-2.newPartner' }]) {
        const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(KEY);
        expect(await verifyApprovalToken(token, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
    }
});

test('garbage is invalid, not an error', async () => {
    for (const token of ['', 'abc', 'a.b.c', '%%%.%%%.%%%']) {
        expect(await verifyApprovalToken(token, KEY, BEFORE)).toMatchObject({ ok: false, code: 'approval-link-invalid' });
    }
});

test('the signing key must be set and at least 32 bytes', () => {
    expect(() => approvalSigningKey({})).toThrow(/APPROVAL_SIGNING_KEY is not set/);
    expect(() => approvalSigningKey({ APPROVAL_SIGNING_KEY: 'short' })).toThrow(/at least 32 bytes/);
});

test('the link points at the approvals route of the public origin', () => {
    expect(approvalLink('https://overage.example/', 'a.b.c')).toBe('https://overage.example/api/approvals/a.b.c');
});
