// The parts of host.json the local host honours, validated once.
import * as fs from 'node:fs';
import { z } from 'zod';
import { LOCAL_EXTENDED_SESSIONS } from './localExtendedSessions';

/** The hub when host.json names none, or names an app setting (`%TASKHUB_NAME%`) that is not set. */
export const DEFAULT_HUB_NAME = 'TelcoOverageHub';

const HostJson = z.object({
    version: z.literal('2.0'),
    extensions: z.object({
        http: z.object({ routePrefix: z.string().default('api') }).partial().default({}),
        durableTask: z.object({
            hubName: z.string().default(DEFAULT_HUB_NAME),
            maxConcurrentActivityFunctions: z.number().int().positive().default(32),
            maxConcurrentOrchestratorFunctions: z.number().int().positive().default(32),
            // what Azure would refuse is refused here too, so it cannot slip back into host.json
            extendedSessionsEnabled: z.literal(false, {
                error: `Azure's Durable extension supports extended sessions only for .NET (a Node app is warned, or refused at start-up): remove it; the local host's own are ${LOCAL_EXTENDED_SESSIONS}`,
            }),
        }).partial().default({}),
    }).partial().default({}),
}).passthrough();

export interface HostConfig {
    routePrefix: string;
    hubName: string;
    maxConcurrentActivityFunctions: number;
    maxConcurrentOrchestratorFunctions: number;
}

/**
 * Like the Functions host: `%NAME%` in a host.json value is the app setting
 * NAME (an environment variable here). In Azure, TASKHUB_NAME comes from the
 * deployment (infra/); the local host falls back to DEFAULT_HUB_NAME.
 */
export function resolveAppSettingRefs(value: string, env: Record<string, string | undefined>, fallback: string): string {
    let missing = false;
    const resolved = value.replace(/%([^%]+)%/g, (_, name: string) => {
        const v = env[name];
        if (v === undefined || v === '') missing = true;
        return v ?? '';
    });
    return missing || resolved === '' ? fallback : resolved;
}

export function readHostJson(file: string, env: Record<string, string | undefined> = process.env): HostConfig {
    const raw = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { version: '2.0' };
    const parsed = HostJson.safeParse(raw);
    if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new Error(`${file} is not a valid host.json: ${issues}`);
    }
    const ext = parsed.data.extensions ?? {};
    return {
        routePrefix: (ext.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, ''),
        hubName: resolveAppSettingRefs(ext.durableTask?.hubName ?? DEFAULT_HUB_NAME, env, DEFAULT_HUB_NAME),
        maxConcurrentActivityFunctions: ext.durableTask?.maxConcurrentActivityFunctions ?? 32,
        maxConcurrentOrchestratorFunctions: ext.durableTask?.maxConcurrentOrchestratorFunctions ?? 32,
    };
}

/** Like Core Tools: local.settings.json Values become environment variables unless already set. */
export function applyLocalSettings(file: string): void {
    if (!fs.existsSync(file)) return;
    const values = (JSON.parse(fs.readFileSync(file, 'utf8')) as { Values?: Record<string, string> }).Values ?? {};
    for (const [k, v] of Object.entries(values)) if (process.env[k] === undefined) process.env[k] = String(v);
}
