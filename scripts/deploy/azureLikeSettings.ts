// What the app runs with in a Function App of infra/: every setting
// infra/app/api.bicep sets (test/infra checks they agree), made-up values, the
// Key Vault reference resolved, the optional console sign-in left blank as
// when it is not configured; and what the platform adds. No request leaves a
// process that loads the app with them. The package load check
// (loadCheck.ts) loads the staged app with them, and the settings check's
// tests (test/settings) start from them.

const IDENTITY = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-8999-000000000000';

export const AZURE_LIKE_SETTINGS: Readonly<Record<string, string>> = {
    // the platform's
    WEBSITE_SITE_NAME: 'func-package-check',
    FUNCTIONS_WORKER_RUNTIME: 'node',
    // infra/app/api.bicep's
    AzureWebJobsStorage__accountName: 'stpackagecheck',
    AzureWebJobsStorage__credential: 'managedidentity',
    AzureWebJobsStorage__clientId: IDENTITY,
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${IDENTITY};Authorization=AAD`,
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING: `Endpoint=https://dts-package-check.durabletask.io;Authentication=ManagedIdentity;ClientID=${IDENTITY}`,
    TASKHUB_NAME: 'TelcoOverageHub',
    STATE_STORE: 'cosmos',
    COSMOS_ENDPOINT: 'https://cosmos-package-check.documents.azure.com:443/',
    COSMOS_DATABASE: 'telco-overage',
    ServiceBusConnection__fullyQualifiedNamespace: 'sb-package-check.servicebus.windows.net',
    ServiceBusConnection__credential: 'managedidentity',
    ServiceBusConnection__clientId: IDENTITY,
    AZURE_CLIENT_ID: IDENTITY,
    AZURE_TENANT_ID: TENANT,
    PARTNER_APP_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    APPROVAL_SIGNING_KEY: 'package-check-key-not-a-secret-0123456789abcdef',
    PUBLIC_URL: 'https://func-package-check.azurewebsites.net',
    AUTH_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    AUTH_AUDIENCE: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    AUTH_JWKS_URL: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    CREDITS_API_URL: 'https://credits.package-check.example/',
    SERVED_PARTNERS: '{"1001":"admin@package-check.example"}',
    BILLING_ACCOUNTS: '{"1001":"1001-mpa"}',
    MAIL_TRANSPORT: 'graph',
    MAIL_SENDER: 'overage@package-check.example',
    CONSOLE_CLIENT_ID: '',
    CONSOLE_AUTHORITY: '',
    CONSOLE_API_SCOPE: '',
};
