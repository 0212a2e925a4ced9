// Who may read what of a customer's tenant through Microsoft Graph. Two
// doors: a partner's agents reach the tenant through GDAP, with the Entra
// roles of its active relationships (reading the tenant's licences needs a
// role that reads the directory); the partner's app reads the PSTN call log
// with an application permission (`CallRecords.Read.All`) the customer's
// admin consented to in the tenant.
import { ENTRA_ROLE_TEMPLATES as ROLES } from '../services/microsoftIds';
import type { Customer, Partner, World } from '../world';
import { isCustomerOf } from './partnerAccounts';
import { Refusal, refusal } from './refusal';

export interface GdapRelationship {
    /** Names the relationship beside the customer and the partner. */
    name: 'azure' | 'm365' | 'legacy';
    status: 'active' | 'expired';
    roles: string[];
}

/**
 * With GDAP access to Azure: an active relationship carrying Directory Readers
 * (the role Microsoft pairs with Azure RBAC for partners) and Teams
 * Administrator. Without: an active relationship whose roles do not reach
 * Azure or the directory, and an expired one that did (what a lapsed
 * relationship leaves). None with a partner that is not the customer's.
 */
export function gdapRelationships(world: World, partner: Partner, c: Customer): GdapRelationship[] {
    if (!isCustomerOf(world, partner, c)) return [];
    if (c.policies.gdapAzureAccess) return [{ name: 'azure', status: 'active', roles: [ROLES.directoryReaders, ROLES.teamsAdministrator] }];
    return [
        { name: 'm365', status: 'active', roles: [ROLES.teamsAdministrator, ROLES.helpdeskAdministrator] },
        { name: 'legacy', status: 'expired', roles: [ROLES.globalAdministrator] },
    ];
}

/** Built-in roles that read the directory, the tenant's subscribed SKUs included. */
const DIRECTORY_READING = new Set<string>([ROLES.directoryReaders, ROLES.globalReader, ROLES.globalAdministrator, ROLES.userAdministrator, ROLES.licenseAdministrator]);

/** Reading the tenant's licences (subscribedSkus) through GDAP. */
export function refuseDirectoryRead(world: World, partner: Partner, c: Customer): Refusal | undefined {
    const reads = gdapRelationships(world, partner, c).some((r) => r.status === 'active' && r.roles.some((role) => DIRECTORY_READING.has(role)));
    if (reads) return undefined;
    return refusal(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation: ${partner.name} (${partner.id}) has no active GDAP relationship with ${c.name} carrying a role that reads its directory.`);
}

/** Reading the tenant's PSTN call log with the partner's app. */
export function refuseCallRecords(world: World, partner: Partner, c: Customer): Refusal | undefined {
    if (!isCustomerOf(world, partner, c)) {
        return refusal(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation: ${c.name} is not a customer of ${partner.name} (${partner.id}), and its tenant has not consented to ${partner.name}'s app.`);
    }
    if (c.graphConsent?.callRecords === false) {
        return refusal(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation: ${c.name} has not consented to the application permission CallRecords.Read.All for ${partner.name}'s app in its tenant.`);
    }
    return undefined;
}
