// The rating's tables, with the defaults the README documents. Each can be
// changed by a setting, read once where a rating starts:
//   PAYG_CAPABILITIES   capabilities billed as Pay-As-You-Go (comma-separated)
//   ZONE_A_COUNTRIES    where conference dial-out is covered by Audio Conferencing pools
import type { PlanKind, RatingRules } from './ratingModel';

/**
 * Outbound user calls: `Teams Calling`. `user_out_conf` is a user adding a
 * phone number to an ad-hoc conference: Microsoft documents it as the user's
 * outbound call, drawn on the user's Calling Plan like any other.
 */
export const OUTBOUND_CALL_TYPES = ['user_out', 'user_out_conf', 'user_out_transfer', 'user_out_forwarding', 'ucap_out'] as const;
/** Conference dial-out: `Teams Audio Conferencing`. */
export const DIAL_OUT_CALL_TYPES = ['conf_out'] as const;

/** Capabilities of the calling plans and Audio Conferencing (DOMAIN.md "Usage input"). */
export const PLAN_CAPABILITIES: Readonly<Record<string, PlanKind>> = {
    MCOPSTN1: 'domestic', MCOPSTN5: 'domestic', MCOPSTN6: 'domestic',
    MCOPSTN2: 'domesticInternational',
    MCOMEETADD: 'audioConferencing',
};

/** Calls of the Communications Credits capability have no plan: priced like Pay-As-You-Go. */
export const DEFAULT_PAYG_CAPABILITIES = ['MCOPSTNPP'];

/**
 * The project's default Zone A (ISO alpha-2): the countries where Audio
 * Conferencing's included dial-out minutes apply. Microsoft publishes the
 * list per program and changes it; set ZONE_A_COUNTRIES to follow it.
 */
export const DEFAULT_ZONE_A = [
    'AT', 'AU', 'BE', 'CA', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HU', 'IE', 'IT', 'JP', 'LT',
    'LU', 'LV', 'MT', 'NL', 'NO', 'NZ', 'PL', 'PT', 'RO', 'SE', 'SG', 'SI', 'SK', 'US',
];

const list = (text: string | undefined): string[] | undefined =>
    text === undefined ? undefined : text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);

export function ratingRules(env: Record<string, string | undefined> = process.env): RatingRules {
    const payg = list(env.PAYG_CAPABILITIES) ?? DEFAULT_PAYG_CAPABILITIES;
    return {
        outboundCallTypes: OUTBOUND_CALL_TYPES,
        dialOutCallTypes: DIAL_OUT_CALL_TYPES,
        capabilityPlans: { ...PLAN_CAPABILITIES, ...Object.fromEntries(payg.map((c) => [c, 'payg' as const])) },
        zoneA: list(env.ZONE_A_COUNTRIES) ?? DEFAULT_ZONE_A,
    };
}
