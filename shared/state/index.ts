// Picks the state adapter from the environment: embedded (LMDB under DATA_DIR)
// by default, Cosmos DB when STATE_STORE=cosmos.
import * as path from 'node:path';
import { z } from 'zod';
import { CosmosStateStore, CosmosStateStoreOptions } from './cosmosStateStore';
import { EmbeddedStateStore } from './embeddedStateStore';
import { StateStore } from './stateStore';

export * from './errors';
export * from './stateStore';

const configSchema = z
    .object({
        STATE_STORE: z.enum(['embedded', 'cosmos']).default('embedded'),
        DATA_DIR: z.string().min(1).default('.data'),
        COSMOS_ENDPOINT: z.url().optional(),
        COSMOS_KEY: z.string().min(1).optional(),
        COSMOS_DATABASE: z.string().min(1).default('telco-overage'),
    })
    .refine((c) => c.STATE_STORE !== 'cosmos' || (c.COSMOS_ENDPOINT && c.COSMOS_KEY), {
        message: 'STATE_STORE=cosmos needs COSMOS_ENDPOINT and COSMOS_KEY',
    });

export type StateStoreConfig = z.infer<typeof configSchema>;

/** @throws ZodError naming the offending variables. */
export function parseStateStoreConfig(env: Record<string, string | undefined>): StateStoreConfig {
    return configSchema.parse(env);
}

/** `cosmosHooks` carries what cannot come from env: the emulator's TLS agent and connection policy. */
export function createStateStore(
    env: Record<string, string | undefined>,
    cosmosHooks: Pick<CosmosStateStoreOptions, 'agent' | 'connectionPolicy'> = {},
): StateStore {
    const config = parseStateStoreConfig(env);
    if (config.STATE_STORE === 'embedded') return new EmbeddedStateStore(path.join(config.DATA_DIR, 'state'));
    return new CosmosStateStore({
        endpoint: config.COSMOS_ENDPOINT!,
        key: config.COSMOS_KEY!,
        databaseId: config.COSMOS_DATABASE,
        ...cosmosHooks,
    });
}
