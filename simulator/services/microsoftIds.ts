// Identifiers Microsoft publishes and uses the same in every tenant: built-in
// Entra role templates (Graph, GDAP) and built-in Azure Policy definitions.

/** Microsoft Entra built-in role template ids. */
export const ENTRA_ROLE_TEMPLATES = {
    globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
    directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
    helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
} as const;

/** Built-in Azure Policy definitions (and one initiative). */
export const POLICY_DEFINITIONS = {
    allowedLocations: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
    allowedLocationsForResourceGroups: '/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988',
    requireTagOnResourceGroups: '/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025',
    defenderForCloudDefaultInitiative: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
} as const;
