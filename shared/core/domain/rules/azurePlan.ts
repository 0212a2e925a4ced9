// Rule 3: overage charges go to one Azure subscription (an entitlement) under
// the customer's Azure plan. This rule picks the next step towards that from
// the customer's Azure state and what the partner asked for.
import { z } from 'zod';
import { DEFAULT_OVERAGE_SUBSCRIPTION_NAME, LEGACY_AZURE_OFFER_ID, type AzureState } from '../customer';
import { blocker, type BlockerOf } from '../findings';
import { Guid } from '../primitives';

/** Where the partner wants charges to go: an existing entitlement, or `'new'` for a new subscription. */
export const AzureTarget = z.union([z.literal('new'), Guid]);
export type AzureTarget = z.infer<typeof AzureTarget>;

export type AlignmentStep =
    /** Point overage at an existing subscription under the plan. */
    | { step: 'useExisting'; azureEntitlementId: string }
    /** The plan exists: create a subscription under it. */
    | { step: 'createSubscriptionUnderPlan'; displayName: string }
    /** No Azure at all: create a no-cost Azure plan, which comes with `Subscription 1`. */
    | { step: 'createNoCostPlan'; displayName: typeof DEFAULT_OVERAGE_SUBSCRIPTION_NAME }
    /**
     * Legacy offer: move to an Azure plan first (the legacy subscriptions are
     * suspended and their resources move to subscriptions under the plan), then
     * run this rule again on the new state.
     */
    | { step: 'transitionLegacyFirst'; legacyEntitlementIds: string[] }
    | ({ step: 'refused' } & BlockerOf<'entitlement-not-found' | 'legacy-entitlement' | 'mca-not-accepted'>);

export interface AlignmentOptions {
    /** Name for a subscription created under an existing plan; by default the first free `Subscription N`. */
    displayName?: string;
}

/**
 * Nothing irreversible may start on a request that cannot finish, so a bad
 * target is refused before a legacy transition is proposed.
 */
export function alignAzurePlan(azure: AzureState, target: AzureTarget, options: AlignmentOptions = {}): AlignmentStep {
    const known = target !== 'new' && azure.entitlements.some((e) => sameId(e.id, target));
    if (target !== 'new' && !known) {
        return {
            step: 'refused',
            ...blocker('entitlement-not-found',
                azure.kind === 'none'
                    ? `The customer has no Azure subscriptions, so ${target} cannot receive overage charges.`
                    : `${target} is not one of the customer's Azure subscriptions.`,
                'Choose one of the Azure subscriptions listed for the customer, or ask for a new one.'),
        };
    }
    if (target !== 'new' && azure.kind === 'legacy') {
        return {
            step: 'refused',
            ...blocker('legacy-entitlement',
                `${target} is a subscription of the legacy Azure offer ${LEGACY_AZURE_OFFER_ID}; it is suspended when the customer moves to an Azure plan, so charges cannot go there.`,
                'Ask for a new subscription instead: the customer is moved to an Azure plan first, then overage gets a subscription under that plan.'),
        };
    }
    switch (azure.kind) {
        case 'none':
            return { step: 'createNoCostPlan', displayName: DEFAULT_OVERAGE_SUBSCRIPTION_NAME };
        case 'legacy':
            if (!azure.mcaAccepted) {
                return { step: 'refused', ...mcaNotAccepted() };
            }
            return { step: 'transitionLegacyFirst', legacyEntitlementIds: azure.entitlements.map((e) => e.id) };
        case 'plan':
            if (target === 'new') {
                return { step: 'createSubscriptionUnderPlan', displayName: options.displayName ?? nextFreeName(azure) };
            }
            return { step: 'useExisting', azureEntitlementId: target };
    }
}

export function mcaNotAccepted(): BlockerOf<'mca-not-accepted'> {
    return blocker('mca-not-accepted',
        `The customer still uses the legacy Azure offer ${LEGACY_AZURE_OFFER_ID} and has not accepted the Microsoft Customer Agreement, so it cannot move to an Azure plan.`,
        'Have the customer accept the Microsoft Customer Agreement (or record its acceptance in Partner Center), then transition its legacy Azure subscriptions to an Azure plan and try again.');
}

function nextFreeName(azure: AzureState): string {
    const taken = new Set(azure.entitlements.map((e) => e.name.trim().toLowerCase()));
    let n = 1;
    while (taken.has(`subscription ${n}`)) n++;
    return `Subscription ${n}`;
}

function sameId(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}
