// Partner Center says "no" with an HTTP error and a code. For the codes our
// rules know, that is a business refusal to report (with a remedy), not a
// fault to retry.
import { Blocker, BlockerCode } from '../../core/domain/findings';
import { UpstreamHttpError } from '../http/httpClient';
import { partnerCenterErrorCode } from './partnerCenterClient';

const REMEDIES: Partial<Record<BlockerCode, string>> = {
    'owned-by-another-partner': 'Another partner manages overage for this customer; request a handover from that partner.',
    'role-not-permitted': 'Have an admin agent of your partner account do this, or get the Admin Agent role in Partner Center.',
    'indirect-reseller': 'Ask an admin agent of your indirect provider to manage overage for this customer.',
    'not-eligible': 'Buy a license-based subscription whose SKU allows overage (consumptionType "overage") first.',
    'entitlement-not-found': 'Choose one of the customer\'s Azure subscriptions under its Azure plan, or ask for a new one ("new").',
    'customer-not-found': 'Check the customer tenant id; only customers of your partner account can be managed.',
};

/** The refusal an error carries, or undefined when it is a fault. */
export function refusalOf(err: unknown): Blocker | undefined {
    if (!(err instanceof UpstreamHttpError) || ![400, 401, 403, 404, 409].includes(err.status)) return undefined;
    const code = err.status === 404 ? 'customer-not-found' : partnerCenterErrorCode(err.problem);
    const parsed = BlockerCode.safeParse(code);
    if (!parsed.success) return undefined;
    const description = (err.problem as { description?: string } | undefined)?.description ?? err.bodyExcerpt;
    return { code: parsed.data, detail: description, remedy: REMEDIES[parsed.data] ?? 'See the detail for what Partner Center refused.' };
}
