// The customer's Azure standing and subscriptions (Azure billing, and Partner Center for what billing does not show).
import { azureStanding } from '../../shared/features/overage/azureStanding';
import { microsoftClients } from '../../shared/adapters/microsoftClients';
import { readAzure } from '../../shared/core/steps/overageSteps';
import { implement } from '../implement';

implement(readAzure, ({ customerTenantId, agent }) => azureStanding(microsoftClients(agent), agent.partnerId, customerTenantId));
