// Rule 7: prepaid Communications Credits and post-paid overage do not mix.
// A positive balance is spent first; billing moves to post-paid overage only
// once the balance is zero and overage is configured. Auto-recharge keeps the
// balance topped up for ever, so while it is on the move never happens.
import type { CommunicationsCredits, OverageSetting } from '../customer';
import { blocker, type BlockerOf, type Warning } from '../findings';

export interface CreditsAssessment {
    /** Use beyond the included minutes is billed post-paid to the overage subscription now. */
    postpaidActive: boolean;
    /** What pays for use beyond the included minutes today. */
    payer: 'communicationsCredits' | 'overage' | 'nothing';
    warnings: Warning[];
    blockers: BlockerOf<'auto-recharge-on'>[];
}

/** `credits` null means the customer never had Communications Credits. */
export function assessCredits(
    credits: CommunicationsCredits | null,
    overage: Pick<OverageSetting, 'overageEnabled'> | null | undefined,
): CreditsAssessment {
    const overageOn = overage?.overageEnabled === true;
    const balance = credits?.balance ?? 0;
    const currency = credits?.currency ?? '';
    const recharge = credits?.autoRecharge?.enabled ? credits.autoRecharge : null;
    const autoRecharge = recharge !== null;
    const warnings: Warning[] = [];
    const blockers: BlockerOf<'auto-recharge-on'>[] = [];

    if (recharge) {
        blockers.push(blocker('auto-recharge-on',
            `Communications Credits auto-recharge is on (buys ${recharge.amount} ${currency} whenever the balance drops below ${recharge.threshold}), so the balance never reaches zero and billing never moves to post-paid overage.`,
            'Only the customer can fix this: ask a global or billing admin of the customer to turn off auto-recharge for Communications Credits in the Microsoft 365 admin center (Billing). The remaining balance is then used up before overage starts.'));
    }
    if (balance > 0) {
        warnings.push({
            code: 'credits-drain-first',
            detail: `The customer still has ${balance} ${currency} of Communications Credits; calls beyond the included minutes are paid from that balance first, and overage charges start only once it is zero.`,
        });
    } else if (!overageOn && !autoRecharge) {
        warnings.push({
            code: 'outbound-calls-refused',
            detail: 'Neither Communications Credits nor overage pay for calls beyond the included minutes: such outbound calls (and toll-free or Pay-As-You-Go minutes) are refused, while incoming calls still work.',
        });
    }
    const postpaidActive = overageOn && balance === 0 && !autoRecharge;
    const payer = balance > 0 || autoRecharge ? 'communicationsCredits' : overageOn ? 'overage' : 'nothing';
    return { postpaidActive, payer, warnings, blockers };
}
