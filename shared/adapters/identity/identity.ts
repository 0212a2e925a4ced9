export * from './authConfig';
export * from './authenticationErrors';
export * from './tokenProviders';
export * from './tokenVerifier';
