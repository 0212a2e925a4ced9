// Azure Resource Manager of Azure's public cloud. Kept free of imports so
// that code outside the app (the deployment's hooks, scripts/deploy/) can use
// it without loading the app's clients and their SDKs.
export const ARM_URL = 'https://management.azure.com';
export const ARM_SCOPE = `${ARM_URL}/.default`;
