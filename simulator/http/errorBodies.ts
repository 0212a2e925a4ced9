// How each simulated service words a refusal. The bodies follow the shapes
// Microsoft documents for each API family, so a client that parses errors
// (the Azure SDK's RestError, Partner Center's code + description) reads them
// as it would read the real ones.
import { randomUUID } from 'node:crypto';
import type { OutgoingHttp } from './exchange';
import { json } from './router';

export type ErrorBody = (status: number, code: string, message: string, headers?: Record<string, string>) => OutgoingHttp;

/** Partner Center REST: `{ code, description, data, source }`. Its codes are numbers; the simulator's are names (see docs/simulator.md). */
export const partnerCenterError: ErrorBody = (status, code, message, headers) =>
    json(status, { code, description: message, data: [], source: 'PartnerCenterSimulator' }, headers);

/** Azure Resource Manager: `{ error: { code, message } }`. */
export const armError: ErrorBody = (status, code, message, headers) => json(status, { error: { code, message } }, headers);

/** Microsoft Graph: `{ error: { code, message, innerError } }`, dated by `now` (the simulator's clock). */
export const graphError = (now: () => number): ErrorBody => (status, code, message, headers) =>
    json(status, { error: { code, message, innerError: { date: new Date(now()).toISOString(), 'request-id': randomUUID() } } }, headers);

/** The simulator's own control endpoints: a code, a description, and the same pair as `error` for ARM-minded readers. */
export const controlError: ErrorBody = (status, code, message, headers) =>
    json(status, { code, description: message, error: { code, message } }, headers);
