// Rule 1: overage can only be managed for a customer holding at least one
// license-based NCE subscription whose SKU enables overage. Buying that SKU
// only buys the licenses; turning overage on is a separate step.
import type { Customer } from '../customer';
import { blocker, type BlockerOf } from '../findings';
import { compareInstants, compareText } from '../primitives';
import { enablesOverage, type LicenseSubscription } from '../subscription';

export type Eligibility =
    | { eligible: true; subscriptions: LicenseSubscription[] }
    | ({ eligible: false } & BlockerOf<'not-eligible'>);

/** The qualifying subscriptions come back oldest purchase first (ties by id), whatever the input order. */
export function checkEligibility(customer: Pick<Customer, 'name' | 'subscriptions'>): Eligibility {
    const subscriptions = customer.subscriptions
        .filter(enablesOverage)
        .sort((a, b) => compareInstants(a.purchasedAt, b.purchasedAt) || compareText(a.id, b.id));
    if (subscriptions.length > 0) return { eligible: true, subscriptions };
    return {
        eligible: false,
        ...blocker(
            'not-eligible',
            `${customer.name} holds no licences of a product that allows overage.`,
            'Sell the customer a Teams calling product that allows overage (for example a Calling Plan or Audio Conferencing offer in new commerce), then manage overage.',
        ),
    };
}
