// Picks the state adapter from the environment: embedded (LMDB under DATA_DIR)
// by default, Cosmos DB when STATE_STORE=cosmos (with COSMOS_KEY for the
// emulator, else the app's Entra identity). Either way limited to the
// registered containers.
import * as path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { z } from 'zod';
import { appCredential } from '../identity/appCredential';
import { CosmosStateStore, CosmosStateStoreOptions } from './cosmosStateStore';
import { RegisteredContainers } from './registeredContainers';
import { StateStore } from './stateStore';

export * from './stateErrors';
export * from './stateStore';

export const stateStoreEnv = z
    .object({
        STATE_STORE: z.enum(['embedded', 'cosmos']).default('embedded'),
        DATA_DIR: z.string().min(1).default('.data'),
        COSMOS_ENDPOINT: z.url().optional(),
        COSMOS_KEY: z.string().min(1).optional(),
        COSMOS_DATABASE: z.string().min(1).default('telco-overage'),
    })
    .refine((c) => c.STATE_STORE !== 'cosmos' || c.COSMOS_ENDPOINT, {
        message: 'STATE_STORE=cosmos needs COSMOS_ENDPOINT (and COSMOS_KEY only for the emulator; in Azure the app signs in with its identity)',
        path: ['COSMOS_ENDPOINT'],
    });

export type StateStoreConfig = z.infer<typeof stateStoreEnv>;

/** @throws ZodError naming the offending variables. */
export function parseStateStoreConfig(env: Record<string, string | undefined>): StateStoreConfig {
    return stateStoreEnv.parse(env);
}

/** What cannot come from env: the emulator's TLS agent and connection policy; the app's credential (default: one of its own, appCredential). */
export type CosmosHooks = Pick<CosmosStateStoreOptions, 'agent' | 'connectionPolicy'> & { credential?: TokenCredential };

/** The app's store: the adapter the environment names, limited to the registered containers. */
export function createStateStore(
    env: Record<string, string | undefined>,
    cosmosHooks: CosmosHooks = {},
): StateStore {
    return new RegisteredContainers(openStateStore(env, cosmosHooks));
}

/** The bare adapter, any container name (the state store contract tests). */
export function openStateStore(
    env: Record<string, string | undefined>,
    { credential, ...cosmosHooks }: CosmosHooks = {},
): StateStore {
    const config = parseStateStoreConfig(env);
    if (config.STATE_STORE === 'embedded') {
        // loaded only here: LMDB is a native module, and a package built on another OS than Azure's must not need it
        const { EmbeddedStateStore } = require('./embeddedStateStore') as typeof import('./embeddedStateStore');
        return new EmbeddedStateStore(path.join(config.DATA_DIR, 'state'));
    }
    return new CosmosStateStore({
        endpoint: config.COSMOS_ENDPOINT!,
        auth: config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { credential: credential ?? appCredential(env) },
        databaseId: config.COSMOS_DATABASE,
        ...cosmosHooks,
    });
}
