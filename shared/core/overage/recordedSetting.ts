// The final overage setting per customer and service, as the app records it
// (schema only, so orchestrators can name it without the state store).
import { z } from 'zod';
import { ServiceType } from '../domain/subscription';

export const RecordedSetting = z.object({
    customerTenantId: z.guid(), service: ServiceType, partnerId: z.string(), azureEntitlementId: z.string().nullable(),
    overageEnabled: z.boolean(), runId: z.string(), at: z.iso.datetime(),
    /** When the recording run started: a record of another partner from before then is one Partner Center has since replaced. */
    runStartedAt: z.iso.datetime().optional(),
});
export type RecordedSetting = z.infer<typeof RecordedSetting>;
