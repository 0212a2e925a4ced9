// The app's entry module (package.json "main"; the local host loads it too).
// The settings are checked first (./config: the app refuses to start naming
// every bad one); then the app's Dependencies are built, once, connecting to
// nothing yet (shared/adapters/appDependencies.ts), and handed to every
// function and every flow's activities as they register. Orchestrators need
// none: they register on import.
import './config';
import './setup';
import { createDependencies } from '../shared/adapters/appDependencies';
import { registerHealth } from './health';
import { registerStartEnablement } from './startEnablement';
import { registerStartEnablementJob } from './startEnablementJob';
import { registerJobs } from './jobs';
import { registerPartnerCenterOverage } from './partnerCenterOverage';
import { registerOverageStatus } from './overageStatus';
import { registerOverageDiagnostics } from './overageDiagnostics';
import { registerOverageAudit } from './overageAudit';
import { registerOverageRuns } from './overageRuns';
import { registerApprovals } from './approvals';
import { registerEnablementQueue } from './enablementQueue';
import { registerHandovers } from './handovers';
import { registerHandoverQueue } from './handoverQueue';
import { registerUsage } from './usage';
import { registerUsageQueue } from './usageQueue';
import { registerUsagePull } from './usagePull';
import { registerUsageConsent } from './usageConsent';
import { registerUsageState } from './usageState';
import { registerUsagePullTimer } from './usagePullTimer';
import { registerAccruals } from './accruals';
import { registerCustomerAccrual } from './customerAccrual';
import { registerCustomerAccrualCurrent } from './customerAccrualCurrent';
import { registerReconciliation } from './reconciliation';
import { registerAccrualTimer } from './accrualTimer';
import { registerRates } from './rates';
import { registerCustomers } from './customers';
import { registerReadModelSync } from './readModelSync';
import { registerReadiness } from './readiness';
import { registerOpenApi } from './openapi';
import { registerConsole } from './console';
import { registerCustomerAlerts } from './customerAlerts';
import { registerAlerts } from './alerts';
import { registerPartnerWebhook } from './partnerWebhook';
// issue 22, credits advice
import { registerCreditsAdvice } from './creditsAdvice';
import '../orchestrations/enableOverage/enableOverage';
import '../orchestrations/disableOverage/disableOverage';
import '../orchestrations/partnerHandover/partnerHandover';
import '../orchestrations/monthlyAccrual/monthlyAccrual';
import '../orchestrations/enablementJob/enablementJob';
import '../orchestrations/usagePull/usagePull';
import '../orchestrations/alert/usageAlerts';
import '../orchestrations/alert/alertDelivery';
import { registerOverageActivities } from '../activities/overage/overageActivities';
import { registerHandoverActivities } from '../activities/handover/handoverActivities';
import { registerAccrualActivities } from '../activities/accrual/accrualActivities';
import { registerJobActivities } from '../activities/job/jobActivities';
import { registerUsagePullActivities } from '../activities/usagePull/usagePullActivities';
import { registerAlertActivities } from '../activities/alert/alertActivities';

const deps = createDependencies(process.env);

registerHealth(deps);
registerStartEnablement(deps);
registerStartEnablementJob(deps);
registerJobs(deps);
registerPartnerCenterOverage(deps);
registerOverageStatus(deps);
registerOverageDiagnostics(deps);
registerOverageAudit(deps);
registerOverageRuns(deps);
registerApprovals(deps);
registerEnablementQueue(deps);
registerHandovers(deps);
registerHandoverQueue(deps);
registerUsage(deps);
registerUsageQueue(deps);
registerUsagePull(deps);
registerUsageConsent(deps);
registerUsageState(deps);
registerUsagePullTimer(deps);
registerAccruals(deps);
registerCustomerAccrual(deps);
registerCustomerAccrualCurrent(deps);
registerReconciliation(deps);
registerAccrualTimer(deps);
registerRates(deps);
registerCustomers(deps);
registerReadModelSync(deps);
registerReadiness(deps);
registerOpenApi();
registerConsole(deps);
// alerts (issue 22): thresholds, what fired, the partner's webhook
registerCustomerAlerts(deps);
registerAlerts(deps);
registerPartnerWebhook(deps);
// issue 22, credits advice
registerCreditsAdvice(deps);

registerOverageActivities(deps);
registerHandoverActivities(deps);
registerAccrualActivities(deps);
registerJobActivities(deps);
registerUsagePullActivities(deps);
registerAlertActivities(deps);
