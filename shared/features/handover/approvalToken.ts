// Approval links: a JWT (HS256, jose) signed with APPROVAL_SIGNING_KEY, bound
// to one party of one handover for one purpose, expiring with the handover.
// Its id is the party's slot (`<handover>.<party>`), so the invitation and
// every reminder share it and a party answers once, whichever link it uses;
// the endpoint records the id when it is used (single use).
import { z } from 'zod';
import { appClock } from '../../core/clock';
import { HandoverParty } from '../../core/domain/rules/handover';
import { jose } from '../../adapters/identity/jose';

const ISSUER = 'telco-overage-orchestrator';
const AUDIENCE = 'telco-overage-approvals';
const SCOPE = 'overage-handover-decision';
/** HS256 wants a key of at least 256 bits. */
const MIN_KEY_BYTES = 32;

export interface ApprovalClaims {
    handoverId: string;
    customerTenantId: string;
    party: HandoverParty;
    /** When the link stops working: the handover's deadline. */
    expiresAt: string;
}

export type ApprovalCheck =
    | { ok: true; claims: ApprovalClaims; tokenId: string }
    | { ok: false; code: 'approval-link-invalid' | 'approval-link-expired'; detail: string };

const Payload = z.object({
    hid: z.string().min(1), tid: z.guid(), party: HandoverParty, scope: z.literal(SCOPE), jti: z.string().min(1), exp: z.number().int(),
});

/** The signing key from APPROVAL_SIGNING_KEY (any text of 32 bytes or more; the local host generates one in DATA_DIR). */
export function approvalSigningKey(env: Record<string, string | undefined> = process.env): Uint8Array {
    const key = env.APPROVAL_SIGNING_KEY;
    if (!key) throw new Error('APPROVAL_SIGNING_KEY is not set: approval links cannot be signed or checked.');
    const bytes = new TextEncoder().encode(key);
    if (bytes.length < MIN_KEY_BYTES) throw new Error(`APPROVAL_SIGNING_KEY must be at least ${MIN_KEY_BYTES} bytes long.`);
    return bytes;
}

export function approvalTokenId(handoverId: string, party: HandoverParty): string {
    return `${handoverId}.${party}`;
}

export async function signApprovalToken(claims: ApprovalClaims, key: Uint8Array): Promise<string> {
    return new jose.SignJWT({ hid: claims.handoverId, tid: claims.customerTenantId, party: claims.party, scope: SCOPE })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER).setAudience(AUDIENCE)
        .setJti(approvalTokenId(claims.handoverId, claims.party))
        .setExpirationTime(Math.floor(Date.parse(claims.expiresAt) / 1000))
        .sign(key);
}

export async function verifyApprovalToken(token: string, key: Uint8Array, now: Date = new Date(appClock.now())): Promise<ApprovalCheck> {
    try {
        const { payload } = await jose.jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now, clockTolerance: 0 });
        const p = Payload.safeParse(payload);
        if (!p.success || p.data.jti !== approvalTokenId(p.data.hid, p.data.party)) return invalid();
        return {
            ok: true, tokenId: p.data.jti,
            claims: { handoverId: p.data.hid, customerTenantId: p.data.tid, party: p.data.party, expiresAt: new Date(p.data.exp * 1000).toISOString() },
        };
    } catch (err) {
        // jose's errors come from Node's realm (see identity/jose.ts): match by code
        if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') {
            return { ok: false, code: 'approval-link-expired', detail: 'This approval link has expired, and with it the handover request it belongs to.' };
        }
        return invalid();
    }
}

/** The page a party opens from its mail. */
export function approvalLink(publicUrl: string, token: string): string {
    return new URL(`/api/approvals/${token}`, publicUrl).toString();
}

function invalid(): ApprovalCheck {
    return { ok: false, code: 'approval-link-invalid', detail: 'This approval link is not valid: it was changed, or it was not issued by this service.' };
}
