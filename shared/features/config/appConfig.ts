// The app's settings, checked once at start-up (functions/index.ts): every
// adapter's own schema, plus the Azure profile when running in Azure. All
// problems are named together, so a deployment is fixed in one pass.
import { z } from 'zod';
import { BillingAccountsConfig } from '../../adapters/billing/billingAccount';
import { approvalSigningKey } from '../handover/approvalToken';
import { handoverEnv } from '../handover/handoverConfig';
import { jobEnv } from '../jobs/jobConfig';
import { readinessEnv } from '../readiness/readinessConfig';
import { usagePullEnv } from '../usage/pull/pullConfig';
import { alertEnv } from '../alerts/alertConfig';
import { authEnv } from '../../adapters/identity/authConfig';
import { mailEnv } from '../../adapters/mail/mailers';
import { messagingEnv } from '../../adapters/messaging/queueSenders';
import { microsoftEnv } from '../../adapters/microsoftClients';
import { ServedPartnersConfig } from '../../adapters/partnerCenter/servedPartners';
import { stateStoreEnv } from '../../adapters/state/stateStores';
import { AZURE_FORBIDDEN, AzureProfile } from './azureProfile';
import { Deployment, deploymentOf } from '../../core/deployment';

export { AZURE_SETTINGS } from './azureProfile';

export interface ConfigProblem {
    setting: string;
    problem: string;
}

type Env = Record<string, string | undefined>;

const PARTS: ReadonlyArray<z.ZodType> = [stateStoreEnv, messagingEnv, mailEnv, authEnv, microsoftEnv, handoverEnv, jobEnv, readinessEnv, usagePullEnv, alertEnv, z.object({ SERVED_PARTNERS: ServedPartnersConfig, BILLING_ACCOUNTS: BillingAccountsConfig })];

/** Every problem with the settings for where the app runs; empty when it can start. */
export function configProblems(env: Env): ConfigProblem[] {
    const given = withoutEmpty(env);
    const deployment = deploymentOf(given);
    const problems = PARTS.flatMap((schema) => zodProblems(schema.safeParse(given)));
    problems.push(...thrown('APPROVAL_SIGNING_KEY', () => approvalSigningKey(given)));
    if (deployment === 'azure') problems.push(...azureProblems(given));
    return dedupe(problems);
}

export class ConfigError extends Error {
    constructor(readonly deployment: Deployment, readonly problems: ConfigProblem[]) {
        super(`The app cannot start (${deployment}): ${problems.map((p) => `${p.setting} ${p.problem}`).join('; ')}`);
        this.name = 'ConfigError';
    }
}

/** @throws ConfigError naming each missing, malformed or forbidden variable. */
export function assertConfig(env: Env): void {
    const problems = configProblems(env);
    if (problems.length) throw new ConfigError(deploymentOf(withoutEmpty(env)), problems);
}

function azureProblems(env: Env): ConfigProblem[] {
    const forbidden = Object.entries(AZURE_FORBIDDEN).filter(([name]) => env[name] !== undefined).map(([setting, why]) => ({ setting, problem: `must not be set in Azure: ${why}` }));
    return [...zodProblems(AzureProfile.safeParse(env)), ...forbidden];
}

function zodProblems(result: { success: boolean; error?: z.ZodError }): ConfigProblem[] {
    if (result.success || !result.error) return [];
    return result.error.issues.map((i) => ({ setting: String(i.path[0] ?? '(settings)'), problem: i.code === 'invalid_type' && i.input === undefined ? 'is missing' : i.message }));
}

function thrown(setting: string, check: () => unknown): ConfigProblem[] {
    try {
        check();
        return [];
    } catch (err) {
        if (err instanceof z.ZodError) return zodProblems({ success: false, error: err }).map((p) => (p.setting === '(settings)' ? { ...p, setting } : p));
        const message = (err as Error).message;
        return [{ setting, problem: message.startsWith(`${setting} `) ? message.slice(setting.length + 1) : message }];
    }
}

/** Bicep and portals write empty strings for settings left blank: they count as unset. */
function withoutEmpty(env: Env): Env {
    return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => !seen.has(`${p.setting}\n${p.problem}`) && seen.add(`${p.setting}\n${p.problem}`));
}
