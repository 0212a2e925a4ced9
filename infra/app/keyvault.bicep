// The one secret the app holds: the key its approval links are signed with.
// RBAC mode (no access policies); the app reads it through a Key Vault
// reference in its settings, as the user-assigned identity.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Create the approval signing key: only when the vault holds none yet (main.bicep says who decides)')
param createApprovalSigningKey bool

@secure()
@description('The approval signing key when it is created (at least 32 characters), generated at deploy time: see main.bicep')
@minLength(32)
param approvalSigningKey string

var signingKeyName = 'approval-signing-key'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // purge protection stays off so `azd down --purge` can free the name; turn it on for production
    publicNetworkAccess: 'Enabled'
  }
}

// Created once. Later provisions leave it out of the deployment, so the key stays
// (incremental mode; azd's deployment stacks, an alpha feature, would delete it: keep them off)
resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (createApprovalSigningKey) {
  parent: vault
  name: signingKeyName
  properties: {
    value: approvalSigningKey
    contentType: 'HS256 key for approval links'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// versionless (the app follows a rotated key at the next settings refresh), and built from
// the vault: the secret resource is not part of later deployments
output approvalSigningKeyUri string = '${vault.properties.vaultUri}secrets/${signingKeyName}'
