// Who a token is for. Microsoft's resource identifiers are taken from its
// documentation; the app's own audience is the one its token verifier trusts
// under the local host (the end-to-end tests prove the two sides agree).

/** The orchestrator's API: the default audience of `POST /simulator/token`. */
export const APP_AUDIENCE = 'api://telco-overage-orchestrator';

/** The audiences each simulated service accepts (Entra ID writes them with or without the slash, or as the app id). */
export const SERVICE_AUDIENCES = {
    partnerCenter: ['https://api.partnercenter.microsoft.com'],
    arm: ['https://management.azure.com/', 'https://management.azure.com', 'https://management.core.windows.net/'],
    graph: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
} as const;

/** The issuer the simulator signs as, under the local host's URL. */
export function issuerUnder(hostUrl: string): string {
    return `${hostUrl.replace(/\/+$/, '')}/simulator`;
}
