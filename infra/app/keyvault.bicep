// The one secret the app holds: the key its approval links are signed with.
// RBAC mode (no access policies); the app reads it through a Key Vault
// reference in its settings, as the user-assigned identity.
param name string
param location string = resourceGroup().location
param tags object = {}

@secure()
@description('The approval signing key (at least 32 characters). Generated at deploy time: see main.bicep.')
@minLength(32)
param approvalSigningKey string

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

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'approval-signing-key'
  properties: {
    value: approvalSigningKey
    contentType: 'HS256 key for approval links'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// versionless: the app follows a rotated key at the next settings refresh
output approvalSigningKeyUri string = signingKey.properties.secretUri
