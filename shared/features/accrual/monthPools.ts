// The minute pools of a customer-month (DOMAIN.md "Accrual, precisely" rule 6):
// every licence of the customer's tenant (Graph subscribedSkus), whoever sold
// it, in the usage locations of the users holding it (Graph users), else the
// countries Partner Center's catalog shows the served partners.
// When no served partner can read the tenant (no consent, no GDAP, Graph
// down), the pools are what the served partners see in Partner Center, as
// before, and the month says so: a warning, and `incomplete` until a rating
// reads the tenant.
import type { Caller } from '../../core/domain/partner';
import { UpstreamError, UpstreamHttpError } from '../../adapters/http/httpClient';
import type { MicrosoftClientsOf } from '../../adapters/microsoftClients';
import type { AssignedLicences, TenantLicence } from '../../adapters/tenantLicences/tenantLicences';
import type { LicenseSubscription } from '../../core/domain/subscription';
import type { PoolLicences, PoolSource, RatingInput } from '../../core/rating/ratingModel';
import { catalogPools, tenantPools, type CatalogPlan, type TenantSku } from '../../core/rating/tenantPools';

export interface MonthPools {
    pools: RatingInput['pools'];
    poolSource: PoolSource;
    poolLicences: PoolLicences[];
}

/** What the served partners see of the customer (each only the subscriptions it sold). */
export interface ServedView {
    caller: Caller;
    subscriptions: LicenseSubscription[];
    /** The billing profile's country: where licences no served partner sees are counted. */
    country: string;
}

/** `end`: the month's end (epoch ms); subscriptions bought after it are not the month's. */
export async function monthPools(microsoft: MicrosoftClientsOf, views: readonly ServedView[], customerTenantId: string, end: number, warnings: string[]): Promise<MonthPools> {
    const catalog = catalogOf(views, end);
    const tenant = await readTenant(microsoft, views, customerTenantId);
    if ('licences' in tenant) {
        if ('unread' in tenant.users) warnings.push(`Where the tenant's users are could not be read (Microsoft Graph users: ${tenant.users.unread}): the pools' countries are those Partner Center shows, else the customer's.`);
        const assigned = 'unread' in tenant.users ? undefined : tenant.users;
        const { pools, licences } = tenantPools(tenant.licences.map((l) => toTenantSku(l, assigned)), catalog, views[0].country);
        return { pools, poolSource: 'tenant', poolLicences: licences };
    }
    warnings.push(`The licences of the customer's tenant could not be read (Microsoft Graph refused them: ${tenant.refused}), so the minute pools are only the licences the served partners sold, as Partner Center shows them: calls that licences of other sellers, or bought directly, cover may be billed as overage. `
        + 'The month stays incomplete until it is rated again with the tenant readable (GDAP with Directory Readers, or the app\'s consent in the tenant).');
    const { pools, licences } = catalogPools(catalog);
    return { pools, poolSource: 'partnerCenter', poolLicences: licences };
}

/** Pools count what is bought and active (`prepaidUnits.enabled`), not what is assigned (docs/domain.md says why); the users holding them say where. */
function toTenantSku(l: TenantLicence, assigned: readonly AssignedLicences[] | undefined): TenantSku {
    const held = assigned?.filter((a) => a.skuId === l.skuId && a.usageLocation !== null).map((a) => ({ country: a.usageLocation!, licences: a.users }));
    return { skuPartNumber: l.skuPartNumber, servicePlans: l.servicePlans, licences: l.enabledUnits, ...(held ? { assigned: held } : {}) };
}

/** The calling plans the served partners see, each subscription once (two partners may see one sale), bought before `end`. */
function catalogOf(views: readonly ServedView[], end: number): Array<CatalogPlan & { offer: string }> {
    const seen = new Set<string>();
    const plans: Array<CatalogPlan & { offer: string }> = [];
    for (const sub of views.flatMap((v) => v.subscriptions)) {
        if (seen.has(sub.id) || !sub.plan || Date.parse(sub.purchasedAt) >= end) continue;
        seen.add(sub.id);
        plans.push({ offer: sub.sku, plan: sub.plan.kind, country: sub.plan.country, minutesPerLicence: sub.plan.minutesPerLicense, licences: sub.quantity });
    }
    return plans;
}

type Users = AssignedLicences[] | { unread: string };

/**
 * The tenant's SKUs and where their users are, read as each served partner in
 * turn (the tenant answers whoever it lets in), or why none could.
 */
async function readTenant(microsoft: MicrosoftClientsOf, views: readonly ServedView[], customerTenantId: string): Promise<{ licences: TenantLicence[]; users: Users } | { refused: string }> {
    const refusals = new Set<string>();
    for (const { caller } of views) {
        try {
            const graph = microsoft(caller).licences;
            const licences = await graph.subscribedSkus(customerTenantId);
            // the licences decide the pools; their countries can come from elsewhere
            const users = await graph.usageLocations(customerTenantId).catch((err: unknown): Users => ({ unread: refusalOf(err) }));
            return { licences, users };
        } catch (err) {
            // every partner of the customer reads the month's warnings: the reasons, not who was refused
            refusals.add(refusalOf(err));
        }
    }
    return { refused: [...refusals].join(', ') };
}

function refusalOf(err: unknown): string {
    if (err instanceof UpstreamHttpError) return `HTTP ${err.status}`;
    if (err instanceof UpstreamError) return err.code;
    return err instanceof Error ? err.message : String(err);
}
