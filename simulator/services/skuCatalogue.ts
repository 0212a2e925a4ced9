// The products Graph's subscribedSkus names, as the simulator knows them: a
// part number, a SKU id, and the service plans a licence of it carries. Ids
// are those of Microsoft's licensing reference where the simulator's author
// found them there (marked); the rest are the simulator's own (5d000000-…),
// stable and never Microsoft's. Clients should know products by part number
// and capabilities by service plan name, not by these ids.
import type { TenantLicence } from '../world';
import { capabilityOf } from '../usage/capabilities';
import { randomGuid, seededRandom, seedOf } from '../world/random';

export interface ServicePlan {
    servicePlanId: string;
    servicePlanName: string;
}

export interface Sku {
    skuPartNumber: string;
    skuId: string;
    servicePlans: ServicePlan[];
}

/** Service plans: the capability a call is made under is the plan's name (MCOPSTN1…), except Audio Conferencing's MCOMEETADV, whose calls say MCOMEETADD. */
const PLANS: Record<string, ServicePlan> = {
    MCOEV: { servicePlanName: 'MCOEV', servicePlanId: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7' }, // Microsoft's
    MCOPSTN1: { servicePlanName: 'MCOPSTN1', servicePlanId: '4ed3ff63-69d7-4fb7-b984-5aec7f605ca8' }, // Microsoft's
    MCOPSTN2: { servicePlanName: 'MCOPSTN2', servicePlanId: '5a10155d-f5c1-411a-a8ec-e99aae125390' }, // Microsoft's
    MCOPSTN5: { servicePlanName: 'MCOPSTN5', servicePlanId: '54a152dc-90de-4996-93d2-bc47e670fc06' }, // Microsoft's
    MCOPSTN6: { servicePlanName: 'MCOPSTN6', servicePlanId: '5d000000-0000-4000-8000-000000000106' },
    MCOPSTNPP: { servicePlanName: 'MCOPSTNPP', servicePlanId: '5d000000-0000-4000-8000-000000000107' },
    MCOMEETADD: { servicePlanName: 'MCOMEETADV', servicePlanId: '3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40' }, // Microsoft's
    TEAMS1: { servicePlanName: 'TEAMS1', servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929' }, // Microsoft's
};

/** A product: its part number and id, the plans it always carries, and (a bundle with a Calling Plan) the one it carries unless the licence's plan says another. */
interface Product {
    skuPartNumber: string;
    skuId: string;
    plans: string[];
    callingPlan?: string;
}

/** Products by the name Partner Center sells them under (the world's `sku`). */
const BY_NAME: Record<string, Product> = {
    'Microsoft Teams Phone with Calling Plan': { skuPartNumber: 'MCOTEAMS_ESSENTIALS', skuId: '5d000000-0000-4000-8000-000000000001', plans: ['MCOEV'], callingPlan: 'MCOPSTN1' },
    'Microsoft 365 E5 with Calling Plan': { skuPartNumber: 'SPE_E5_CALLINGMINUTES', skuId: 'a91fc4e0-65e5-4266-aa76-4037509c1626', plans: ['TEAMS1', 'MCOEV', 'MCOMEETADD'], callingPlan: 'MCOPSTN5' },
    'Microsoft Teams Domestic and International Calling Plan': { skuPartNumber: 'MCOPSTN2', skuId: 'd3b4fe1f-9992-4930-8acb-ca6ec609365e', plans: ['MCOPSTN2'] },
    'Microsoft Teams Calling Plan pay-as-you-go (country zone 1)': { skuPartNumber: 'Microsoft_Teams_Calling_Plan_pay_as_you_go_(country_zone_1)', skuId: '5d000000-0000-4000-8000-000000000002', plans: ['MCOPSTNPP'] },
    'Microsoft Teams Audio Conferencing with dial-out to USA/CAN': { skuPartNumber: 'Microsoft_Teams_Audio_Conferencing_select_dial_out', skuId: '5d000000-0000-4000-8000-000000000003', plans: ['MCOMEETADD'] },
    'Microsoft Teams Phone Standard': { skuPartNumber: 'MCOEV', skuId: 'e43b5b99-8dfb-405f-9987-dc307f34bcbd', plans: ['MCOEV'] },
    'Microsoft 365 E3': { skuPartNumber: 'SPE_E3', skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', plans: ['TEAMS1'] },
    'Microsoft 365 Business Premium': { skuPartNumber: 'SPB', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', plans: ['TEAMS1'] },
    'Microsoft Teams Essentials': { skuPartNumber: 'Teams_Ess', skuId: '5d000000-0000-4000-8000-000000000004', plans: ['TEAMS1'] },
};

/** The standalone product of each calling capability, for a licence whose name the catalogue does not know. */
const BY_CAPABILITY: Record<string, Product> = {
    MCOPSTN1: { skuPartNumber: 'MCOPSTN1', skuId: '0dab259f-bf13-4952-b7f8-7db8f131b28d', plans: ['MCOPSTN1'] },
    MCOPSTN2: BY_NAME['Microsoft Teams Domestic and International Calling Plan'],
    MCOPSTN5: { skuPartNumber: 'MCOPSTN5', skuId: '5d000000-0000-4000-8000-000000000005', plans: ['MCOPSTN5'] },
    MCOPSTN6: { skuPartNumber: 'MCOPSTN_6', skuId: '5d000000-0000-4000-8000-000000000006', plans: ['MCOPSTN6'] },
    MCOPSTNPP: BY_NAME['Microsoft Teams Calling Plan pay-as-you-go (country zone 1)'],
    MCOMEETADD: { skuPartNumber: 'MCOMEETADV', skuId: '0c266dff-15dd-4b49-8397-2bb16070ed52', plans: ['MCOMEETADD'] },
};

const BY_PART_NUMBER = new Map([...Object.values(BY_NAME), ...Object.values(BY_CAPABILITY)].map((p) => [p.skuPartNumber.toLowerCase(), p]));

/**
 * The product a licence is, as Graph names it: its `skuPartNumber` when the
 * world gives one; else by the name it was sold under; else the standalone
 * Calling Plan of its plan. A bundle whose plan is not the one it usually
 * carries (Teams Phone with a 120-minute plan) is a product of its own,
 * `<part number>_<capability>`, a name the simulator makes up.
 */
export function skuOf(licence: TenantLicence): Sku {
    const capability = licence.plan ? capabilityOf(licence.plan) : undefined;
    if (licence.skuPartNumber) return product(BY_PART_NUMBER.get(licence.skuPartNumber.toLowerCase()) ?? madeUp(licence.skuPartNumber, capability ? [capability] : []));
    const named = BY_NAME[licence.sku];
    if (!named) return product(capability ? BY_CAPABILITY[capability] : madeUp(licence.sku.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase(), []));
    if (!capability || named.plans.includes(capability) || !named.callingPlan || named.callingPlan === capability) {
        return product({ ...named, plans: [...named.plans, ...(named.callingPlan ? [named.callingPlan] : [])] });
    }
    return product(madeUp(`${named.skuPartNumber}_${capability}`, [...named.plans, capability]));
}

function madeUp(skuPartNumber: string, plans: string[]): Product {
    return { skuPartNumber, skuId: randomGuid(seededRandom(seedOf(`sku/${skuPartNumber}`))), plans };
}

function product(p: Product): Sku {
    return {
        skuPartNumber: p.skuPartNumber,
        skuId: p.skuId,
        servicePlans: [...new Set(p.plans)].map((name) => PLANS[name] ?? { servicePlanName: name, servicePlanId: randomGuid(seededRandom(seedOf(`plan/${name}`))) }),
    };
}
