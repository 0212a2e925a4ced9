// The customer's Azure standing and subscriptions (Azure billing, and Partner Center for what billing does not show).
import { azureStanding } from '../shared/billing/azureStanding';
import { microsoftClients } from '../shared/microsoftClients';
import { readAzure } from '../shared/workflow/overageSteps';
import { implement } from './implement';

implement(readAzure, ({ customerTenantId, agent }) => azureStanding(microsoftClients(agent), agent.partnerId, customerTenantId));
