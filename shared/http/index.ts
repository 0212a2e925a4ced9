export * from './errors';
export * from './jsonClient';
export type { QueryValue } from './requestUrl';
