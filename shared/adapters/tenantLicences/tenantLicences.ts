// Port: the licences a customer's tenant holds, whoever sold them (DOMAIN.md
// "Accrual, precisely" rule 6: the minute pools are the tenant's). Microsoft
// Graph's subscribedSkus in the customer's tenant (tenantLicencesClient.ts).

/** One SKU of the tenant, as Graph lists it (the fields the pools need). */
export interface TenantLicence {
    skuPartNumber: string;
    /** `prepaidUnits.enabled`: licences bought and active. */
    enabledUnits: number;
    /** `consumedUnits`: licences assigned to users. */
    consumedUnits: number;
    /** Its service plans that are not switched off in the tenant (a bundle's calling plans among them). */
    servicePlans: string[];
}

export interface TenantLicences {
    /** Every SKU of the customer's tenant; throws an UpstreamError when Graph refuses (no consent, no GDAP) or fails. */
    subscribedSkus(customerTenantId: string): Promise<TenantLicence[]>;
}
