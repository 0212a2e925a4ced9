// What the app needs, and refuses, when it runs in Azure (infra/ provides
// exactly this; test/infra checks the Bicep against it). No key or secret:
// every connection is the user-assigned managed identity's, and the one
// secret the app holds (the approval signing key) is a Key Vault reference.
import { z } from 'zod';
import { BillingAccountsConfig } from '../../adapters/billing/billingAccount';

const text = z.string().min(1);
const identity = z.literal('managedidentity', { error: 'must be managedidentity: the connection signs in with the app identity' });

/** Required in Azure (optional ones say so). */
export const AzureProfile = z.object({
    AzureWebJobsStorage__accountName: text,
    AzureWebJobsStorage__credential: identity,
    AzureWebJobsStorage__clientId: text,
    APPLICATIONINSIGHTS_CONNECTION_STRING: text,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().regex(/Authorization=AAD/, 'must be ClientId=<identity client id>;Authorization=AAD (local auth is off)'),
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING: z.string().regex(/Authentication=ManagedIdentity/i, 'must be Endpoint=<scheduler>;Authentication=ManagedIdentity;ClientID=<identity client id>'),
    TASKHUB_NAME: text,
    STATE_STORE: z.literal('cosmos', { error: 'must be cosmos in Azure' }),
    COSMOS_ENDPOINT: z.url(),
    COSMOS_DATABASE: text,
    ServiceBusConnection__fullyQualifiedNamespace: z.string().regex(/\.servicebus\.windows\.net$/, 'must be <namespace>.servicebus.windows.net'),
    ServiceBusConnection__credential: identity,
    ServiceBusConnection__clientId: text,
    AZURE_CLIENT_ID: z.guid('must be the client id of the user-assigned identity'),
    AZURE_TENANT_ID: z.guid('must be the partner tenant id'),
    PARTNER_APP_CLIENT_ID: z.guid('must be the client id of the Partner Center app registration (the identity is its federated credential)'),
    APPROVAL_SIGNING_KEY: z.string().min(32).refine((v) => !v.startsWith('@Microsoft.KeyVault('), 'is an unresolved Key Vault reference: give the identity "Key Vault Secrets User", set keyVaultReferenceIdentity, and check the vault holds approval-signing-key (azd provision creates it)'),
    PUBLIC_URL: z.url().refine((v) => v.startsWith('https://'), 'must be https:// (approval links are mailed)'),
    AUTH_ISSUER: z.url(),
    AUTH_AUDIENCE: text,
    AUTH_JWKS_URL: z.url(),
    CREDITS_API_URL: z.url(),
    // their JSON is checked with every deployment's (ServedPartnersSetting, BillingAccountsSetting)
    SERVED_PARTNERS: text,
    // without one the app would ask ARM for made-up billing account names
    BILLING_ACCOUNTS: BillingAccountsConfig.refine((o) => Object.keys(o).length > 0, 'must name the billing account of at least one partner'),
    MAIL_TRANSPORT: z.literal('graph', { error: 'must be graph in Azure (mail is sent as MAIL_SENDER through Microsoft Graph)' }),
    MAIL_SENDER: z.email(),
    CONSOLE_CLIENT_ID: z.guid().optional(),
    CONSOLE_AUTHORITY: z.url().optional(),
    CONSOLE_API_SCOPE: text.optional(),
});

/** Never in Azure, with what to do instead. */
export const AZURE_FORBIDDEN: Readonly<Record<string, string>> = {
    COSMOS_KEY: 'Cosmos DB is reached with the identity (local auth is disabled); remove the key',
    AZURE_CLIENT_SECRET: 'the Partner Center app signs in through the identity as its federated credential; remove the secret',
    SMTP_PASSWORD: 'mail goes through Microsoft Graph as MAIL_SENDER; remove the password',
    ServiceBusConnection: 'use ServiceBusConnection__fullyQualifiedNamespace with the identity; remove the connection string',
    AzureWebJobsStorage: 'use AzureWebJobsStorage__accountName with the identity; remove the connection string',
    LOCAL_HOST_URL: 'set only by the embedded local host',
    LOCAL_HOST_KEY: 'set only by the embedded local host',
    DURABLE_SYSTEM_KEY: 'the Functions host keeps its own system key',
};

const optional = (schema: z.ZodType) => schema.safeParse(undefined).success;

/** The names infra/ must set, may set, and must not set. */
export const AZURE_SETTINGS = {
    required: Object.keys(AzureProfile.shape).filter((k) => !optional(AzureProfile.shape[k as keyof typeof AzureProfile.shape])),
    optional: Object.keys(AzureProfile.shape).filter((k) => optional(AzureProfile.shape[k as keyof typeof AzureProfile.shape])),
    forbidden: Object.keys(AZURE_FORBIDDEN),
} as const;
