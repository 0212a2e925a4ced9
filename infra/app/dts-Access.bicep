// A data-plane role on the Durable Task Scheduler (as in Microsoft's template):
// Durable Task Data Contributor for the app's identity, and for the deployer's dashboard.
param principalID string
param roleDefinitionID string
param dtsName string
param principalType string

resource dts 'Microsoft.DurableTask/schedulers@2026-02-01' existing = {
  name: dtsName
}

resource dtsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dts.id, principalID, roleDefinitionID)
  scope: dts
  properties: {
    roleDefinitionId: resourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionID)
    principalId: principalID
    principalType: principalType
  }
}
