export * from '../../core/faults/upstreamErrors';
export * from './jsonClient';
export type { QueryValue } from './requestUrl';
