// The app's settings, checked once at start-up (functions/index.ts): every
// adapter's own schema, plus the Azure profile when running in Azure. All
// problems are named together, so a deployment is fixed in one pass.
import { z } from 'zod';
import { BillingAccountsSetting } from '../../adapters/billing/billingAccount';
import { approvalSigningKey } from '../handover/approvalToken';
import { handoverEnv } from '../handover/handoverConfig';
import { authEnv } from '../../adapters/identity/authConfig';
import { mailEnv } from '../../adapters/mail/mailers';
import { messagingEnv } from '../../adapters/messaging/queueSenders';
import { microsoftEnv } from '../../adapters/microsoftClients';
import { ServedPartnersSetting } from '../../adapters/partnerCenter/servedPartners';
import { stateStoreEnv } from '../../adapters/state/stateStores';
import { AZURE_FORBIDDEN, AzureProfile } from './azureProfile';
import { Deployment, deploymentOf } from '../../core/deployment';

export { AZURE_SETTINGS } from './azureProfile';

export interface SettingProblem {
    setting: string;
    problem: string;
}

type Env = Record<string, string | undefined>;

const PARTS: ReadonlyArray<z.ZodType> = [stateStoreEnv, messagingEnv, mailEnv, authEnv, microsoftEnv, handoverEnv, z.object({ SERVED_PARTNERS: ServedPartnersSetting, BILLING_ACCOUNTS: BillingAccountsSetting })];

/** Every problem with the settings for where the app runs; empty when it can start. */
export function settingProblems(env: Env): SettingProblem[] {
    const given = withoutEmpty(env);
    const deployment = deploymentOf(given);
    const problems = PARTS.flatMap((schema) => zodProblems(schema.safeParse(given)));
    problems.push(...thrown('APPROVAL_SIGNING_KEY', () => approvalSigningKey(given)));
    if (deployment === 'azure') problems.push(...azureProblems(given));
    return dedupe(problems);
}

export class SettingsError extends Error {
    constructor(readonly deployment: Deployment, readonly problems: SettingProblem[]) {
        super(`The app cannot start (${deployment}): ${problems.map((p) => `${p.setting} ${p.problem}`).join('; ')}`);
        this.name = 'SettingsError';
    }
}

/** @throws SettingsError naming each missing, malformed or forbidden setting. */
export function assertSettings(env: Env): void {
    const problems = settingProblems(env);
    if (problems.length) throw new SettingsError(deploymentOf(withoutEmpty(env)), problems);
}

function azureProblems(env: Env): SettingProblem[] {
    const forbidden = Object.entries(AZURE_FORBIDDEN).filter(([name]) => env[name] !== undefined).map(([setting, why]) => ({ setting, problem: `must not be set in Azure: ${why}` }));
    return [...zodProblems(AzureProfile.safeParse(env)), ...forbidden];
}

function zodProblems(result: { success: boolean; error?: z.ZodError }): SettingProblem[] {
    if (result.success || !result.error) return [];
    return result.error.issues.map((i) => ({ setting: String(i.path[0] ?? '(settings)'), problem: i.code === 'invalid_type' && i.input === undefined ? 'is missing' : i.message }));
}

function thrown(setting: string, check: () => unknown): SettingProblem[] {
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

function dedupe(problems: SettingProblem[]): SettingProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => !seen.has(`${p.setting}\n${p.problem}`) && seen.add(`${p.setting}\n${p.problem}`));
}
