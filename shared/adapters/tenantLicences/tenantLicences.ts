// Port: the licences a customer's tenant holds, whoever sold them (DOMAIN.md
// "Accrual, precisely" rule 6: the minute pools are the tenant's), and where
// the users holding them are (a pool's country). Microsoft Graph's
// subscribedSkus and users in the customer's tenant (tenantLicencesClient.ts).

/** One SKU of the tenant, as Graph lists it (the fields the pools need). */
export interface TenantLicence {
    skuId: string;
    skuPartNumber: string;
    /** `prepaidUnits.enabled`: licences bought and active. */
    enabledUnits: number;
    /** `consumedUnits`: licences assigned to users. */
    consumedUnits: number;
    /** Its service plans that are not switched off in the tenant (a bundle's calling plans among them). */
    servicePlans: string[];
}

/** How many users of one usage location hold a SKU. */
export interface AssignedLicences {
    skuId: string;
    /** ISO alpha-2, upper case; null for users without one. */
    usageLocation: string | null;
    users: number;
}

export interface TenantLicences {
    /** Every SKU of the customer's tenant; throws an UpstreamError when Graph refuses (no consent, no GDAP) or fails. */
    subscribedSkus(customerTenantId: string): Promise<TenantLicence[]>;
    /** The tenant's assigned licences counted per SKU and usage location of their users; throws as subscribedSkus. */
    usageLocations(customerTenantId: string): Promise<AssignedLicences[]>;
}
