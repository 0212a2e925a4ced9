// `azd up`: the whole system in one resource group, laid out as Microsoft's
// durable-functions-quickstart-typescript-azd template (Flex Consumption, a
// user-assigned identity for every connection, the Durable Task Scheduler),
// plus what this app needs: Cosmos DB, Service Bus, Key Vault and Microsoft
// Graph Mail.Send. No key, connection string or secret is handed to the app.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the the environment which is used to generate a short unique hash used in all resources.')
param environmentName string

@minLength(1)
@description('Primary location for all resources & Flex Consumption Function App (regions with both Flex Consumption and the Durable Task Scheduler)')
@allowed([
  'australiaeast'
  'centralus'
  'eastasia'
  'eastus2'
  'northcentralus'
  'northeurope'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string
param apiServiceName string = ''
param apiUserAssignedIdentityName string = ''
param applicationInsightsName string = ''
param appServicePlanName string = ''
param logAnalyticsName string = ''
param resourceGroupName string = ''
param storageAccountName string = ''
param cosmosAccountName string = ''
param serviceBusNamespaceName string = ''
param keyVaultName string = ''
param dtsName string = ''
@description('The task hub: alphanumeric, so the same name also works with the Azure Storage provider (durableBackend) and under the local host (host.json %TASKHUB_NAME%).')
param taskHubName string = 'TelcoOverageHub'
param dtsLocation string = location
param dtsSkuName string = 'Consumption'
@allowed(['azureManaged', 'AzureStorage'])
param durableBackend string = 'azureManaged'
@description('Id of the user identity to be used for testing and debugging. This is not required in production. Leave empty if not needed.')
param principalId string = deployer().objectId
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Cosmos DB database of the business state')
param cosmosDatabaseName string = 'telco-overage'
@description('Deliveries of a Service Bus message before it is dead-lettered')
param serviceBusMaxDeliveryCount int = 10

@description('Client id of the multi-tenant Partner Center app registration; the user-assigned identity is its federated credential.')
param partnerAppClientId string
@description('Token issuer the app trusts (default: Entra ID v2 of this tenant, the partner tenant)')
param authIssuer string = ''
@description('Audience of caller tokens: the client id of the app registration that exposes the API (default: the Partner Center app)')
param authAudience string = ''
@description('Signing keys of the issuer (default: Entra ID v2 keys of this tenant)')
param authJwksUrl string = ''
@description('The service that exposes Communications Credits balances')
param creditsApiUrl string
@description('Partners this deployment acts for, besides the caller\'s own: "<partner id>=<admin agent UPN>;..." or a JSON object')
param servedPartners string = ''
// required, with no default, so azd asks for it when BILLING_ACCOUNTS is unset. @minLength(1)
// refuses only an empty value: one that names no partner's account ('{}', ';') passes here, and
// the app then refuses to start (its settings check: BILLING_ACCOUNTS must name at least one)
@minLength(1)
@description('Each partner\'s Microsoft Partner Agreement billing account: "<partner id>=<billing account name>;..." or a JSON object (BILLING_ACCOUNTS)')
param billingAccounts string
@description('The mailbox (UPN) mail is sent as, through Microsoft Graph')
param mailSender string
param consoleClientId string = ''
param consoleAuthority string = ''
param consoleApiScope string = ''
// Off by default: only an Entra admin may grant it, and on a first provision the identity is
// seconds old and not yet replicated in Entra, so the grant fails ("Not a valid reference update").
// infra/hooks/postprovision.sh prints the grant for an admin instead (README, Deploy to Azure).
@description('Grant Microsoft Graph Mail.Send to the identity in this deployment (GRANT_MAIL_SEND; needs an Entra admin: see app/graph.bicep)')
param grantMailSend bool = false

// The approval signing key is created once and never read back: infra/hooks/preprovision.sh asks
// Resource Manager whether the vault already holds it (no secret value read, no Key Vault role
// needed) and sets CREATE_APPROVAL_SIGNING_KEY. A replaced key would void every approval link in flight.
@description('Create the approval signing key: true only when the vault holds none yet (CREATE_APPROVAL_SIGNING_KEY, set by the preprovision hook)')
param createApprovalSigningKey bool = false
@secure()
@description('Randomness for the approval signing key when it is created (ignored once the vault holds one)')
param approvalSigningKeySeed string = '${newGuid()}${newGuid()}'

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = !empty(apiServiceName) ? apiServiceName : '${abbrs.webSitesFunctions}api-${resourceToken}'
var dtsResourceName = !empty(dtsName) ? dtsName : '${abbrs.durableTaskSchedulers}${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

var loginEndpoint = environment().authentication.loginEndpoint // https://login.microsoftonline.com/

// "<id>=<value>;<id>=<value>" (what an azd environment variable can carry) or a JSON object, as JSON text
func settingObject(text string) string => string(startsWith(trim(text), '{') ? json(text) : toObject(filter(split(text, ';'), entry => !empty(trim(entry))), entry => trim(first(split(entry, '='))), entry => trim(last(split(entry, '=')))))

// Organize resources in a resource group
resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// User assigned managed identity to be used by the function app to reach storage and other dependencies
// Assign specific roles to this identity in the RBAC module
module apiUserAssignedIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'apiUserAssignedIdentity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: !empty(apiUserAssignedIdentityName) ? apiUserAssignedIdentityName : '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  }
}

// Create an App Service Plan to group applications under the same payment plan and SKU
module appServicePlan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'appserviceplan'
  scope: rg
  params: {
    name: !empty(appServicePlanName) ? appServicePlanName : '${abbrs.webServerFarms}${resourceToken}'
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
    location: location
    tags: tags
  }
}

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.name
    appServicePlanId: appServicePlan.outputs.resourceId
    runtimeName: 'node'
    runtimeVersion: '22' // Node 20 reached its end of life in April 2026
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentStorageContainerName
    identityId: apiUserAssignedIdentity.outputs.resourceId
    identityClientId: apiUserAssignedIdentity.outputs.clientId
    dtsURL: dts.outputs.dts_URL
    taskHubName: dts.outputs.TASKHUB_NAME
    durableBackend: durableBackend
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    approvalSigningKeyUri: keyVault.outputs.approvalSigningKeyUri
    partnerAppClientId: partnerAppClientId
    authIssuer: !empty(authIssuer) ? authIssuer : '${loginEndpoint}${tenant().tenantId}/v2.0'
    authAudience: !empty(authAudience) ? authAudience : partnerAppClientId
    authJwksUrl: !empty(authJwksUrl) ? authJwksUrl : '${loginEndpoint}${tenant().tenantId}/discovery/v2.0/keys'
    creditsApiUrl: creditsApiUrl
    servedPartnersJson: settingObject(servedPartners)
    billingAccountsJson: settingObject(billingAccounts)
    mailSender: mailSender
    consoleClientId: consoleClientId
    consoleAuthority: consoleAuthority
    consoleApiScope: consoleApiScope
  }
  // the app starts with every grant in place (storage, Key Vault reference, scheduler)
  dependsOn: [
    rbac
    dtsRoleAssignment
  ]
}

// Backing storage for Azure functions backend API
module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: !empty(storageAccountName) ? storageAccountName : '${abbrs.storageStorageAccounts}${resourceToken}'
    // host leases, keys and the deployment package: nothing worth geo-replicating
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // Disable local authentication methods as per policy
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [{name: deploymentStorageContainerName}]
    }
    minimumTlsVersion: 'TLS1_2'  // Enforcing TLS 1.2 for better security
    location: location
    tags: tags
  }
}

// Business state: serverless Cosmos DB for NoSQL, every container the app uses
module cosmos './app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: !empty(cosmosAccountName) ? cosmosAccountName : '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
  }
}

// Queued triggers: Service Bus, every queue the app uses
module serviceBus './app/servicebus.bicep' = {
  name: 'serviceBus'
  scope: rg
  params: {
    name: !empty(serviceBusNamespaceName) ? serviceBusNamespaceName : '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    maxDeliveryCount: serviceBusMaxDeliveryCount
  }
}

// The approval signing key
module keyVault './app/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: !empty(keyVaultName) ? keyVaultName : '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    createApprovalSigningKey: createApprovalSigningKey
    // 64 hex digits from two GUIDs (about 244 random bits)
    approvalSigningKey: replace(approvalSigningKeySeed, '-', '')
  }
}

// Consolidated Role Assignments
module rbac 'app/rbac.bicep' = {
  name: 'rbacAssignments'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    cosmosAccountName: cosmos.outputs.name
    keyVaultName: keyVault.outputs.name
    managedIdentityPrincipalId: apiUserAssignedIdentity.outputs.principalId
  }
}

// Microsoft Graph Mail.Send for the identity, when an admin deploys with GRANT_MAIL_SEND=true
// (Graph Bicep extension: see app/graph.bicep for why, and how to restrict it)
module graph 'app/graph.bicep' = if (grantMailSend) {
  name: 'graphMailSend'
  scope: rg
  params: {
    principalId: apiUserAssignedIdentity.outputs.principalId
  }
}

// Monitor application with Azure Monitor - Log Analytics and Application Insights
module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: '${uniqueString(deployment().name, location)}-loganalytics'
  scope: rg
  params: {
    name: !empty(logAnalyticsName) ? logAnalyticsName : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module monitoring 'br/public:avm/res/insights/component:0.6.0' = {
  name: '${uniqueString(deployment().name, location)}-appinsights'
  scope: rg
  params: {
    name: !empty(applicationInsightsName) ? applicationInsightsName : '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
  }
}

// Durable Task Scheduler
module dts './app/dts.bicep' = {
  scope: rg
  name: 'dtsResource'
  params: {
    name: dtsResourceName
    taskhubname: taskHubName
    location: dtsLocation
    tags: tags
    ipAllowlist: [
      '0.0.0.0/0'
    ]
    skuName: dtsSkuName
  }
}

// Durable Task Data Contributor role ID
var dtsRoleDefinitionId = '0ad04412-c4d5-4796-b79c-f76d14c8d402'

// Allow access from function app to DTS using user assigned managed identity
module dtsRoleAssignment 'app/dts-Access.bicep' = {
  name: 'dtsRoleAssignment'
  scope: rg
  params: {
    roleDefinitionID: dtsRoleDefinitionId
    principalID: apiUserAssignedIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    dtsName: dts.outputs.dts_NAME
  }
}

// Allow the deployer identity to access the DTS dashboard
module dtsDashboardRoleAssignment 'app/dts-Access.bicep' = if (!empty(principalId)) {
  name: 'dtsDashboardRoleAssignment'
  scope: rg
  params: {
    roleDefinitionID: dtsRoleDefinitionId
    principalID: principalId
    principalType: principalType
    dtsName: dts.outputs.dts_NAME
  }
}

// App outputs (azd keeps them in the environment)
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.SERVICE_API_NAME
output SERVICE_API_URI string = api.outputs.SERVICE_API_URI
output AZURE_FUNCTION_NAME string = api.outputs.SERVICE_API_NAME
// the preprovision hook looks for the approval signing key in this vault
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
// for the Partner Center app's federated credential and the Exchange access policy (README)
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = apiUserAssignedIdentity.outputs.clientId
output AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID string = apiUserAssignedIdentity.outputs.principalId
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output DURABLE_TASK_SCHEDULER_ENDPOINT string = dts.outputs.dts_URL
output TASKHUB_NAME string = dts.outputs.TASKHUB_NAME
