// Paperclip.Functions on Azure: a Flex Consumption Functions app (.NET isolated), its storage account (durable task
// hub + Tables state, reached by managed identity: no keys in settings), Key Vault for the board key, and
// Application Insights. Deploy: az deployment group create -g <rg> -f infra/main.bicep -p appName=<name>

@description('Base name of the resources (letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param appName string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('The durable task hub name (letters and digits). Give each deployment sharing a storage account its own.')
param taskHubName string = 'PaperclipHub'

@description('CRON schedule of the heartbeat timer (six fields, seconds first).')
param heartbeatSchedule string = '0 */1 * * * *'

@description('Instances kept warm so the durable worker reacts without a cold start.')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 1

@description('The board key. Leave empty to set the Key Vault secret "paperclip-board-key" yourself after deployment.')
@secure()
param boardKey string = ''

@description('The master key of the local_encrypted secrets provider (64 hex characters or base64 of 32 bytes). Leave empty to set the Key Vault secret "paperclip-secrets-master-key" yourself after deployment; back it up, the database alone cannot restore local secrets.')
@secure()
param secretsMasterKey string = ''

var suffix = uniqueString(resourceGroup().id, appName)
var storageName = take(toLower('st${replace(appName, '-', '')}${suffix}'), 24)
var vaultName = take('kv-${appName}-${suffix}', 24)
var deploymentContainer = 'app-package'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

// Blob (leases, large payloads, package), Queue (durable control and work-item queues), Table (history, instances, state).
var storageRoles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource boardKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(boardKey)) {
  parent: vault
  name: 'paperclip-board-key'
  properties: { value: boardKey }
}

resource secretsMasterKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(secretsMasterKey)) {
  parent: vault
  name: 'paperclip-secrets-master-key'
  properties: { value: secretsMasterKey }
}

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, 'secrets-user')
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6') // Key Vault Secrets User
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource monitoringAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, 'metrics-publisher')
  scope: insights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb') // Monitoring Metrics Publisher
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyInstances > 0 ? [
          { name: 'durable', instanceCount: alwaysReadyInstances }
        ] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'PaperclipTaskHub', value: taskHubName }
        { name: 'HeartbeatSchedule', value: heartbeatSchedule }
        { name: 'PAPERCLIP_BOARD_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=paperclip-board-key)' }
        { name: 'PAPERCLIP_SECRETS_MASTER_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=paperclip-secrets-master-key)' }
        { name: 'Paperclip__DataDirectory', value: '/tmp/paperclip' }
        { name: 'Paperclip__PublicUrl', value: 'https://${appName}.azurewebsites.net' }
        { name: 'Paperclip__Storage__TablePrefix', value: 'paperclip' }
      ]
    }
  }
  dependsOn: [
    storageAccess
    vaultAccess
  ]
}

@description('The API base URL.')
output apiUrl string = 'https://${app.properties.defaultHostName}/api/'

@description('The Key Vault holding the board key secret (paperclip-board-key).')
output keyVaultName string = vault.name
