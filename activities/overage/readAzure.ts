// The customer's Azure standing and subscriptions (Azure billing, and Partner Center for what billing does not show).
import { azureStanding } from '../../shared/features/overage/azureStanding';
import { readAzure } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

export const readAzureActivity = implement(readAzure, ({ customerTenantId, caller }, { microsoft }) => azureStanding(microsoft(caller), caller.partnerId, customerTenantId));
