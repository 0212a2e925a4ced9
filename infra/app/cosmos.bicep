// Business state: a serverless Cosmos DB for NoSQL account, reached only with
// Entra ID (keys are off). The app's identity can read and write items but not
// create containers (data-plane RBAC cannot), so every container the app uses
// is declared here, from names.json.
param name string
param location string = resourceGroup().location
param tags object = {}
param databaseName string

var names = loadJsonContent('names.json')

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    // pay per request unit and GB: a partner's load is bursty and small
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    // no key can change databases or containers either: only this template (ARM) does
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for containerName in names.cosmosContainers: {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          names.partitionKeyPath
        ]
        kind: 'Hash'
        version: 2
      }
    }
  }
}]

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for (containerName, i) in names.cosmosContainers: containers[i].name]
