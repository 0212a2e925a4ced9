// The Function App on Flex Consumption, as in Microsoft's
// durable-functions-quickstart-typescript-azd template, and every app setting
// it runs with. Each connection signs in as the user-assigned identity; no key,
// connection string or secret is set here (the approval signing key is a Key
// Vault reference). shared/features/config/azureProfile.ts is what the app requires;
// test/infra checks this file against it.
param name string
@description('Primary location for all resources & Flex Consumption Function App')
param location string = resourceGroup().location
param tags object = {}
param applicationInsightsName string
param appServicePlanId string
param runtimeName string
param runtimeVersion string
param serviceName string = 'api'
param storageAccountName string
param deploymentStorageContainerName string
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100
param identityId string
param identityClientId string

// Durable Task Scheduler
param dtsURL string
param taskHubName string
@description('azureManaged: the Durable Task Scheduler (host.json). AzureStorage: the Azure Storage provider on AzureWebJobsStorage, through app-setting overrides of host.json.')
@allowed(['azureManaged', 'AzureStorage'])
param durableBackend string = 'azureManaged'

// Business state and queues
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusFullyQualifiedNamespace string

// Identity, callers, partners, mail
param approvalSigningKeyUri string
param partnerAppClientId string
param authIssuer string
param authAudience string
param authJwksUrl string
param creditsApiUrl string
@description('JSON object: partner id -> admin agent UPN')
param servedPartnersJson string
@description('JSON object: partner id -> MPA billing account name')
param billingAccountsJson string
param mailSender string
param consoleClientId string = ''
param consoleAuthority string = ''
param consoleApiScope string = ''

var applicationInsightsIdentity = 'ClientId=${identityClientId};Authorization=AAD'
var kind = 'functionapp,linux'

resource stg 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Create a Flex Consumption Function App to host the API
module api 'br/public:avm/res/web/site:0.15.1' = {
  name: '${serviceName}-flex-consumption'
  params: {
    kind: kind
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': serviceName })
    serverFarmResourceId: appServicePlanId
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [
        identityId
      ]
    }
    // Key Vault references in the settings resolve as the user-assigned identity
    keyVaultAccessIdentityResourceId: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${stg.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
    siteConfig: {
      alwaysOn: false
    }
    // no appSettingsKeyValuePairs: the settings below are written once the site's host name is known
  }
}

// Every setting the app runs with in Azure (nothing else is kept: a setting
// added by hand is removed at the next `azd provision`).
var appSettings = {
  // Functions host storage (AzureWebJobsStorage) through the identity
  AzureWebJobsStorage__accountName: stg.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Application Insights with Entra ID authentication (local auth is off)
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: applicationInsightsIdentity

  // Durable Task Scheduler (host.json: storageProvider azureManaged, hubName %TASKHUB_NAME%)
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${dtsURL};Authentication=ManagedIdentity;ClientID=${identityClientId}'
  TASKHUB_NAME: taskHubName

  // Business state
  STATE_STORE: 'cosmos'
  COSMOS_ENDPOINT: cosmosEndpoint
  COSMOS_DATABASE: cosmosDatabaseName

  // Service Bus triggers, output bindings and the app's sender
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId

  // @azure/identity: ManagedIdentityCredential picks the user-assigned identity by its client id
  AZURE_CLIENT_ID: identityClientId
  AZURE_TENANT_ID: tenant().tenantId
  // the multi-tenant Partner Center app; the identity is its federated credential
  PARTNER_APP_CLIENT_ID: partnerAppClientId

  // resolved by App Service with keyVaultReferenceIdentity (versionless: follows rotation)
  APPROVAL_SIGNING_KEY: '@Microsoft.KeyVault(SecretUri=${approvalSigningKeyUri})'
  PUBLIC_URL: 'https://${api.outputs.defaultHostname}'

  // which caller tokens the app trusts
  AUTH_ISSUER: authIssuer
  AUTH_AUDIENCE: authAudience
  AUTH_JWKS_URL: authJwksUrl

  CREDITS_API_URL: creditsApiUrl
  SERVED_PARTNERS: servedPartnersJson
  BILLING_ACCOUNTS: billingAccountsJson

  // mail goes out through Microsoft Graph as this mailbox (the identity holds Mail.Send: graph.bicep)
  MAIL_TRANSPORT: 'graph'
  MAIL_SENDER: mailSender

  // the partner console's sign-in (empty: not configured)
  CONSOLE_CLIENT_ID: consoleClientId
  CONSOLE_AUTHORITY: consoleAuthority
  CONSOLE_API_SCOPE: consoleApiScope
}

// host.json names the Durable Task Scheduler; these app settings override it
// to run Durable Functions on the Azure Storage provider instead (same identity,
// which already holds the blob, queue and table roles that provider needs).
var azureStorageBackendSettings = {
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'AzureStorage'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'AzureWebJobsStorage'
}

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: name
}

resource siteAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, durableBackend == 'AzureStorage' ? azureStorageBackendSettings : {})
}

output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
