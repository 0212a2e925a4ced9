// A month rated through the local host, as the accrual suites drive it: the
// euro rate card their expected figures are worked out with, Lucerne's two
// Azure subscriptions, and a run followed to its end.
import type { AgentName, AppHost } from './appHost';
import { handoverClient } from './handovers';

/** Lucerne Publishing's subscriptions: Contoso's (where its overage goes, set outside the app) and Litware's. */
export const SUB_7 = '30000000-0000-4000-8000-000000000007';
export const SUB_8 = '30000000-0000-4000-8000-000000000008';

export const EUR_RATES = {
    currency: 'EUR', effectiveFrom: '2026-01-01', rates: [
        { meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: 0.015, connectionFee: 0 },
        { meterId: 'tc-gb', meterName: 'Teams Calling United Kingdom', meterCategory: 'Teams Calling', destination: 'GB', perMinute: 0.04, connectionFee: 0.01 },
        { meterId: 'tc-fr', meterName: 'Teams Calling France', meterCategory: 'Teams Calling', destination: 'FR', perMinute: 0.03, connectionFee: 0 },
    ],
};

/** Rates (or re-rates) `month` as an operator, or as a partner's admin agent, and answers the run once it completed. */
export async function runMonth(h: AppHost, month: string, agent?: AgentName): Promise<any> {
    const call = agent ? h.as(agent) : (method: string, path: string) => h.call(method, path, undefined, { 'x-functions-key': h.host.systemKey });
    const started = await call('POST', `/api/accruals/${month}`);
    expect(started.status).toBe(202);
    return handoverClient(h).poll(`the accrual job of ${month}`, async () => {
        const s = await call('GET', new URL(started.headers.get('location')!).pathname);
        return s.json.status === 'completed' ? s.json : s.json.status === 'failed' ? Promise.reject(new Error(JSON.stringify(s.json))) : undefined;
    }, 60_000);
}
