// What the app's activities and functions use of the outside world, handed in
// rather than reached for: built once when the app starts (functions/index.ts,
// with createDependencies) and given to every registration, as Temporal builds
// its activities from a factory. A test hands in stand-ins the same way. Types
// only: a module that is handed these loads none of the adapters behind them.
import type { Clock } from '../core/clock';
import type { Mailer } from './mail/mailer';
import type { QueueSender } from './messaging/queueSender';
import type { MicrosoftClientsOf } from './microsoftClients';
import type { TokenVerifier } from './identity/tokenVerifier';
import type { StateStore } from './state/stateStore';

/** The app's settings (the environment, checked when the app started: functions/config.ts). */
export type Settings = Record<string, string | undefined>;

export interface Dependencies {
    /** Business state: Cosmos DB, or the embedded store under the local host. */
    readonly stateStore: StateStore;
    /** Messages the app sends itself (Service Bus, or the local host's queues). */
    readonly queueSender: QueueSender;
    readonly mailer: Mailer;
    /** Partner Center, ARM billing, credits and tenant policies, as one caller within a call budget. */
    readonly microsoft: MicrosoftClientsOf;
    /** Who a bearer token says is calling (verified; a token that verified lately is remembered). */
    readonly tokenVerifier: TokenVerifier;
    /** The app's clock: what activities and functions record times with. */
    readonly clock: Clock;
    readonly env: Settings;
}
