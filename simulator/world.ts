// Loading the simulator's world: a JSON file checked against the world
// schema (world/schema.ts). A bad file fails loudly and precisely, naming the
// file and the JSON path of every bad field (world/issues.ts), or the line
// and column where the text stops being JSON (world/jsonPosition.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toWorldIssues, WorldFileError } from './world/issues';
import { describeJsonError } from './world/jsonPosition';
import { World, WorldOptions, worldSchema } from './world/schema';

export { formatJsonPath, WorldFileError, type WorldIssue } from './world/issues';
export { jsonErrorOffset } from './world/jsonPosition';
export {
    AgentRole, Customer, Fault, FaultKind, faultSchema, HTTP_METHODS, MAX_SIMULATED_DELAY_MS, Partner, PstnCallRow, World, worldSchema,
    type DirectLicence, type LicenseSubscription, type OverageRecord, type PstnUsage, type TenantLicence, type WorldOptions,
} from './world/schema';

/**
 * The committed demo world. From source (ts-jest) it sits next to this module;
 * the compiled module in dist/simulator/ finds it back in the source tree.
 */
export const DEFAULT_WORLD_PATH: string = (() => {
    const candidates = [path.join(__dirname, 'worlds', 'demo.json'), path.resolve(__dirname, '..', '..', 'simulator', 'worlds', 'demo.json')];
    return candidates.find((c) => existsSync(c)) ?? candidates[0];
})();

/** Validates an already parsed JSON value; `fileLabel` names it in errors. */
export function parseWorld(json: unknown, fileLabel: string, options: WorldOptions = {}): World {
    const schema = options.maxDelayMs === undefined ? World : worldSchema(options);
    const result = schema.safeParse(json, { reportInput: true });
    if (result.success) return result.data;
    throw new WorldFileError(fileLabel, result.error.issues.flatMap(toWorldIssues));
}

/** Reads, parses and validates a world file. */
export function loadWorldFile(file: string, options: WorldOptions = {}): World {
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch (err) {
        throw new WorldFileError(file, [], `cannot read simulator world file ${file}: ${(err as Error).message}`);
    }
    text = text.replace(/^\uFEFF/, '');
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new WorldFileError(file, [], `simulator world file ${file} is not valid JSON: ${describeJsonError(text, err as Error)}`);
    }
    return parseWorld(json, file, options);
}

/** The compiled matcher of a fault's path pattern. */
export function faultPathRegExp(fault: { match: { pathPattern: string } }): RegExp {
    return new RegExp(fault.match.pathPattern);
}
