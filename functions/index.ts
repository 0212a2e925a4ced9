// The app's entry module (package.json "main"): every function, orchestrator
// and activity registers itself on import.
import './setup';
import './health';
import './startEnablement';
import './partnerCenterOverage';
import './overageStatus';
import './overageDiagnostics';
import './overageAudit';
import './overageRuns';
import './enablementQueue';
import '../orchestrations/enableOverage/enableOverage';
import '../orchestrations/disableOverage/disableOverage';
import '../activities/verifyCaller';
import '../activities/assessEligibility';
import '../activities/assessOwnership';
import '../activities/readAzure';
import '../activities/runPreflight';
import '../activities/startPlanTransition';
import '../activities/createAndReadSubscription';
import '../activities/readCredits';
import '../activities/notifyAutoRecharge';
import '../activities/requestAndReadOverage';
import '../activities/recordAudit';
import '../activities/recordOverage';
import '../activities/finishRun';
