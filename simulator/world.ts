// The simulator's world file: the partners and customers the simulated
// Partner Center / ARM / Microsoft 365 start from, how slow Microsoft's
// asynchronous operations are, and which faults to inject. Built on the
// domain schemas, so a world the simulator accepts is one the rules accept.
//
// A bad file fails loudly and precisely: every problem is reported with the
// file name and its JSON path (`customers[2].azure.kind: ...`), one per line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkCustomer, CustomerFields, Partner } from '../shared/domain';

/**
 * Upper bound for every simulated delay (and injected latency), in ms. Local
 * runs and tests must stay fast, so anything slower is treated as a typo; a
 * caller that really wants more passes `maxDelayMs` to parseWorld/loadWorldFile.
 */
export const MAX_SIMULATED_DELAY_MS = 2000;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const FaultKind = z.enum(['latency', 'status429', 'status500', 'timeout', 'malformed']);
export type FaultKind = z.infer<typeof FaultKind>;

export interface WorldOptions {
    /** Cap on delays and fault latencies; MAX_SIMULATED_DELAY_MS unless given. */
    maxDelayMs?: number;
}

function delaySchema(maxMs: number) {
    return z.number().int().min(0).max(maxMs, `must be at most ${maxMs} ms, the cap on simulated delays`);
}

/**
 * `pathPattern` is a regular-expression source tested against the request
 * path (no query string) without implicit anchors; anchor it yourself when
 * needed, e.g. `^/v1/customers/[^/]+/subscriptions/overage$`.
 */
export function faultSchema(options: WorldOptions = {}) {
    const maxMs = options.maxDelayMs ?? MAX_SIMULATED_DELAY_MS;
    return z.strictObject({
        match: z.strictObject({
            /** Any method when omitted; case-insensitive, kept upper case. */
            method: z.string().transform((m) => m.toUpperCase()).pipe(z.enum(HTTP_METHODS)).optional(),
            pathPattern: z.string().min(1).superRefine((source, ctx) => {
                try {
                    new RegExp(source);
                } catch (err) {
                    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
                }
            }),
        }),
        kind: FaultKind,
        /** For `latency`: how long to hold the request before answering normally. */
        latencyMs: delaySchema(maxMs).optional(),
        /** For `status429`: the Retry-After header. */
        retryAfterSeconds: z.number().int().min(0).optional(),
        /** How many matching requests the fault affects; every one when omitted. */
        times: z.number().int().positive().optional(),
    }).superRefine((fault, ctx) => {
        if (fault.latencyMs !== undefined && fault.kind !== 'latency') {
            ctx.addIssue({ code: 'custom', path: ['latencyMs'], message: `only applies to kind "latency", not "${fault.kind}"` });
        }
        if (fault.retryAfterSeconds !== undefined && fault.kind !== 'status429') {
            ctx.addIssue({ code: 'custom', path: ['retryAfterSeconds'], message: `only applies to kind "status429", not "${fault.kind}"` });
        }
    });
}

export const Fault = faultSchema();
export type Fault = z.infer<typeof Fault>;

/** The compiled matcher for a fault's path pattern. */
export function faultPathRegExp(fault: Pick<Fault, 'match'>): RegExp {
    return new RegExp(fault.match.pathPattern);
}

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as "+18005550100"');

/** A customer as the world file describes it: the domain customer plus demo notes. */
export const WorldCustomer = CustomerFields.extend({
    /** What this customer demonstrates (see worlds/README.md). */
    scenario: z.string().optional(),
    /** Toll-free service numbers: their minutes are always billed per minute. */
    tollFreeNumbers: z.array(E164).optional(),
}).superRefine(checkCustomer);
export type WorldCustomer = z.infer<typeof WorldCustomer>;

export function worldSchema(options: WorldOptions = {}) {
    const maxMs = options.maxDelayMs ?? MAX_SIMULATED_DELAY_MS;
    const delay = delaySchema(maxMs);
    return z.strictObject({
        description: z.string().optional(),
        partners: z.array(Partner),
        customers: z.array(WorldCustomer),
        /** How long Microsoft's asynchronous operations take in the simulation. */
        delays: z.strictObject({
            aliasCreationMs: delay.default(500),
            overageUpdateMs: delay.default(300),
            planTransitionMs: delay.default(1000),
        }).prefault({}),
        faults: z.array(faultSchema(options)).default([]),
    }).superRefine(checkWorld);
}

export const World = worldSchema();
export type World = z.infer<typeof World>;

interface WorldShape {
    partners: Partner[];
    customers: WorldCustomer[];
}

/** Checks across partners and customers: ids are unique and every reference resolves. */
function checkWorld(world: WorldShape, ctx: z.RefinementCtx): void {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    const partners = new Map<string, { index: number; partner: Partner }>();
    const upns = new Map<string, string>();
    world.partners.forEach((partner, i) => {
        const first = partners.get(partner.id);
        if (first) issue(['partners', i, 'id'], `partner id ${partner.id} is already used by partners[${first.index}]`);
        else partners.set(partner.id, { index: i, partner });
        partner.agents.forEach((agent, j) => {
            const upn = agent.upn.toLowerCase();
            const owner = upns.get(upn);
            if (owner !== undefined && owner !== partner.id) issue(['partners', i, 'agents', j, 'upn'], `${agent.upn} is already an agent of partner ${owner}`);
            else upns.set(upn, partner.id);
        });
    });
    world.partners.forEach((partner, i) => {
        if (partner.kind !== 'indirectReseller' || partner.providerId === null) return;
        const provider = partners.get(partner.providerId)?.partner;
        if (!provider) issue(['partners', i, 'providerId'], `no partner has id ${partner.providerId}`);
        else if (provider.kind !== 'indirectProvider') issue(['partners', i, 'providerId'], `partner ${provider.id} (${provider.name}) is ${provider.kind}, not an indirectProvider`);
    });

    const tenants = new Map<string, number>();
    const subscriptions = new Map<string, number>();
    const entitlements = new Map<string, number>();
    const knownPartner = (path: PropertyKey[], id: string) => {
        if (!partners.has(id)) issue(path, `no partner has id ${id}`);
    };
    // a duplicate inside one customer is reported by the customer's own checks
    const uniqueAcrossCustomers = (seen: Map<string, number>, id: string, i: number, path: PropertyKey[], what: string) => {
        const key = id.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else if (first !== i) issue(path, `${what} ${id} also belongs to customers[${first}]`);
    };
    world.customers.forEach((customer, i) => {
        const tenant = customer.tenantId.toLowerCase();
        if (tenants.has(tenant)) issue(['customers', i, 'tenantId'], `tenant ${customer.tenantId} is already customers[${tenants.get(tenant)}]`);
        else tenants.set(tenant, i);
        customer.subscriptions.forEach((s, j) => {
            knownPartner(['customers', i, 'subscriptions', j, 'partnerId'], s.partnerId);
            uniqueAcrossCustomers(subscriptions, s.id, i, ['customers', i, 'subscriptions', j, 'id'], 'subscription');
        });
        customer.azure.entitlements.forEach((e, j) => {
            uniqueAcrossCustomers(entitlements, e.id, i, ['customers', i, 'azure', 'entitlements', j, 'id'], 'Azure entitlement');
        });
        customer.overage.forEach((o, j) => knownPartner(['customers', i, 'overage', j, 'partnerId'], o.partnerId));
    });
}

export interface WorldIssue {
    /** JSON path in the file, e.g. `customers[2].azure.kind`; `(root)` for the whole document. */
    path: string;
    message: string;
}

export class WorldFileError extends Error {
    constructor(
        readonly file: string,
        readonly issues: WorldIssue[],
        headline = `invalid simulator world file ${file} (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):`,
    ) {
        super([headline, ...issues.map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
        this.name = 'WorldFileError';
    }
}

/** Validates an already-parsed JSON value; `fileLabel` names it in errors. */
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

/**
 * The committed demo world. From source (ts-jest) it sits next to this module;
 * the compiled module in dist/simulator/ finds it back in the source tree.
 */
export const DEFAULT_WORLD_PATH: string = (() => {
    const candidates = [
        path.join(__dirname, 'worlds', 'demo.json'),
        path.resolve(__dirname, '..', '..', 'simulator', 'worlds', 'demo.json'),
    ];
    return candidates.find((c) => existsSync(c)) ?? candidates[0];
})();

/** `customers[2].azure.kind`; keys that are not plain identifiers are quoted: `a["x-y"]`. */
export function formatJsonPath(segments: readonly PropertyKey[]): string {
    let out = '';
    for (const segment of segments) {
        if (typeof segment === 'number') out += `[${segment}]`;
        else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
        else out += `[${JSON.stringify(String(segment))}]`;
    }
    return out === '' ? '(root)' : out;
}

function toWorldIssues(issue: z.core.$ZodIssue): WorldIssue[] {
    if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: formatJsonPath([...issue.path, key]), message: 'unknown field' }));
    }
    const input = (issue as { input?: unknown }).input;
    let message = issue.message;
    if (issue.code === 'invalid_type' && input === undefined) {
        message = `missing (expected ${issue.expected})`;
    } else if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof input === 'number') {
        message = `must be a whole number (got ${input})`;
    } else if (issue.code !== 'custom' && (input === null || ['string', 'number', 'boolean'].includes(typeof input))) {
        message += ` (got ${JSON.stringify(input)})`;
    }
    return [{ path: formatJsonPath(issue.path), message }];
}

/** The parser's message, with the line and column where the text stops being JSON. */
function describeJsonError(text: string, err: Error): string {
    // Node 20's parser does not always report a position, so find it ourselves.
    const reported = /position (\d+)/.exec(err.message);
    const position = reported ? Number(reported[1]) : jsonErrorOffset(text);
    if (position === undefined) return err.message;
    const before = text.slice(0, position).split('\n');
    return `line ${before.length}, column ${before[before.length - 1].length + 1}: ${err.message}`;
}

/** Offset of the first character that breaks the JSON grammar, or undefined if the text is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
    let i = 0;
    class Stop {
        constructor(readonly at: number) {}
    }
    const fail = (): never => {
        throw new Stop(i);
    };
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    };
    const literal = (word: string) => {
        for (const ch of word) {
            if (text[i] !== ch) fail();
            i++;
        }
    };
    const string = () => {
        i++; // opening quote
        for (;;) {
            if (i >= text.length) fail();
            const ch = text[i];
            if (ch === '"') { i++; return; }
            if (ch < ' ') fail();
            if (ch === '\\') {
                i++;
                if (text[i] === 'u') {
                    i++;
                    for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
                    continue;
                }
                if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
            }
            i++;
        }
    };
    const digits = () => {
        if (!/[0-9]/.test(text[i] ?? '')) fail();
        while (/[0-9]/.test(text[i] ?? '')) i++;
    };
    const number = () => {
        if (text[i] === '-') i++;
        if (text[i] === '0') i++;
        else digits();
        if (text[i] === '.') { i++; digits(); }
        if (text[i] === 'e' || text[i] === 'E') {
            i++;
            if (text[i] === '+' || text[i] === '-') i++;
            digits();
        }
    };
    const value = (): void => {
        ws();
        const ch = text[i];
        if (ch === '{') {
            i++; ws();
            if (text[i] === '}') { i++; return; }
            for (;;) {
                ws();
                if (text[i] !== '"') fail();
                string(); ws();
                if (text[i] !== ':') fail();
                i++; value(); ws();
                if (text[i] === ',') { i++; continue; }
                if (text[i] === '}') { i++; return; }
                fail();
            }
        }
        if (ch === '[') {
            i++; ws();
            if (text[i] === ']') { i++; return; }
            for (;;) {
                value(); ws();
                if (text[i] === ',') { i++; continue; }
                if (text[i] === ']') { i++; return; }
                fail();
            }
        }
        if (ch === '"') return string();
        if (ch === 't') return literal('true');
        if (ch === 'f') return literal('false');
        if (ch === 'n') return literal('null');
        if (ch === '-' || /[0-9]/.test(ch ?? '')) return number();
        fail();
    };
    try {
        value(); ws();
        if (i < text.length) fail();
        return undefined;
    } catch (e) {
        if (e instanceof Stop) return e.at;
        throw e;
    }
}
