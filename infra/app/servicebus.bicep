// Queued triggers: a Standard Service Bus namespace reached only with Entra ID
// (SAS keys are off), with every queue the app sends to or is triggered by,
// from names.json.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Deliveries before a message goes to the dead-letter queue (a poison message stops being retried).')
@minValue(1)
param maxDeliveryCount int = 10

var names = loadJsonContent('names.json')

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [for queueName in names.serviceBusQueues: {
  parent: namespace
  name: queueName
  properties: {
    maxDeliveryCount: maxDeliveryCount
    // the Functions trigger renews the lock while a batch is being imported
    lockDuration: 'PT1M'
    deadLetteringOnMessageExpiration: true
  }
}]

output name string = namespace.name
// <namespace>.servicebus.windows.net (the endpoint is https://<that>:443/)
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output queueNames array = [for (queueName, i) in names.serviceBusQueues: queues[i].name]
