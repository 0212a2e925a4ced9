export * from './authConfig';
export * from './errors';
export * from './tokenProviders';
export * from './tokenVerifier';
