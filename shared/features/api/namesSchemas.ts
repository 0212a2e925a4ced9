// The answers of issue 23's names, pickers and actions, with an example each,
// for the OpenAPI document: GET /api/partners, GET .../azure-subscriptions and
// the `actions` of GET .../overage. Kept apart from apiSchemas.ts so the
// additions stand on their own.
import { z } from 'zod';
import { OverageActions } from '../../core/domain/rules/actions';
import { AzureSubscriptionChoices } from '../overage/azureChoices';

export { OverageActions, AzureSubscriptionChoices };

export const PartnerList = z.object({
    items: z.array(z.object({
        partnerId: z.string().describe('The partner id (MPN id).'),
        name: z.string().nullable().describe('The company name of its legal business profile at Partner Center; null when it could not be read.'),
        self: z.boolean().describe('The caller\'s own partner.'),
    })).describe('The caller\'s partner first, then the other partners this deployment serves: only id and name.'),
});

export const PARTNER_LIST_EXAMPLE: z.infer<typeof PartnerList> = {
    items: [
        { partnerId: '1001', name: 'Contoso Telecom', self: true },
        { partnerId: '1002', name: 'Litware Voice', self: false },
    ],
};

export const AZURE_SUBSCRIPTIONS_EXAMPLE: z.infer<typeof AzureSubscriptionChoices> = {
    customerTenantId: '10000000-0000-4000-8000-000000000007',
    azurePlan: 'plan',
    items: [
        { id: '30000000-0000-4000-8000-000000000007', name: 'Lucerne Voice', state: 'active', allowed: true },
        { id: '30000000-0000-4000-8000-000000000008', name: 'Lucerne Archive', state: 'active', allowed: true },
    ],
    newSubscription: { allowed: true, name: 'Subscription 1' },
};

/** Trey Research as Contoso's admin agent sees it: Litware Voice is on record. */
export const OVERAGE_ACTIONS_EXAMPLE: z.infer<typeof OverageActions> = {
    enable: { allowed: false, reason: { code: 'owned-by-another-partner', detail: 'Litware Voice bills this customer\'s overage; ask for a handover.' } },
    disable: { allowed: false, reason: { code: 'owned-by-another-partner', detail: 'Litware Voice bills this customer\'s overage; ask for a handover.' } },
    requestHandover: { allowed: true, direction: 'take-over', fromPartnerId: '1002', fromPartnerName: 'Litware Voice', label: 'Take over from Litware Voice' },
    cancelHandover: { allowed: false, reason: { code: 'no-open-handover', detail: 'No handover is open for this customer.' }, handoverId: null },
};
