// The console's message catalogue (console/messages.js) against the codes the
// server can answer with: every blocker, warning, refusal and fault code, every
// run kind, step, status and result, every handover status and answer, every
// accrual status and fleet state has words there; and no words there name a
// route, an HTTP call, a field or a code, which a partner's operations person
// cannot act on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { BlockerCode, WarningCode } from '../../shared/core/domain/findings';
import { READINESS_STATES, UNKNOWN_BLOCKER } from '../../shared/core/domain/rules/readiness';
import { HandoverDecision, HandoverParty } from '../../shared/core/domain/rules/handover';
import { HandoverStatus } from '../../shared/core/handover/handoverSchemas';
import { AuditEvent } from '../../shared/core/overage/auditEvent';
import { DisableOutcome, EnablementOutcome } from '../../shared/core/overage/enablement';
import { AUDIT_ONLY_STEPS, RUN_STATE_STEPS, RUN_STEPS } from '../../shared/core/overage/runSteps';
import { CustomerAccrual } from '../../shared/core/steps/accrualSteps';
import { ITEM_OUTCOMES } from '../../shared/core/steps/jobSteps';
import { OverageStatus, RunResource } from '../../shared/features/api/apiSchemas';
import { ReadinessDoc } from '../../shared/features/readiness/readinessDoc';
import { USAGE_STATES } from '../../shared/features/readiness/readinessDoc';

const ROOT = path.join(__dirname, '..', '..');

/** The console's module as the browser runs it (an ES module without imports), loaded here as CommonJS. */
function loadMessages(): Record<string, any> {
    const source = fs.readFileSync(path.join(ROOT, 'console', 'messages.js'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    const exports: Record<string, any> = {};
    new Function('exports', outputText)(exports);
    return exports;
}
const m = loadMessages();

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The codes only written as literals where they are answered: problem+json codes
 * (`problem(409, 'run-in-progress', …)`), the actions' reasons (`refused('handover-open', …)`)
 * and faults and refusals built as objects (`code: 'upstream-timeout'`).
 */
function literalCodes(): Set<string> {
    const files = ['functions', 'orchestrations', 'activities', 'shared/features', 'shared/core/faults', 'shared/core/domain/rules'].flatMap(sources);
    const codes = new Set<string>();
    for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const re of [/\bproblem\(\s*\d{3},\s*'([a-z0-9-]+)'/g, /\brefused\(\s*'([a-z0-9-]+)'/g, /\bcode:\s*'([a-z0-9-]+)'/g]) {
            for (const hit of text.matchAll(re)) codes.add(hit[1]);
        }
    }
    return codes;
}

const missing = (codes: Iterable<string>, has: (c: string) => boolean) => [...new Set(codes)].filter((c) => !has(c)).sort();
const inMap = (map: Record<string, unknown>) => (c: string) => Object.hasOwn(map, c);
const inList = (list: Array<{ id: string }>) => (c: string) => list.some((x) => x.id === c);

describe('every code the server can answer with has words in the catalogue', () => {
    test('blockers, warnings, refusals, reasons and faults', () => {
        const scanned = literalCodes();
        // the scan finds what it should: a problem code, an action's reason, a fault
        expect([scanned.has('run-in-progress'), scanned.has('handover-open'), scanned.has('upstream-timeout')]).toEqual([true, true, true]);
        expect(missing([...BlockerCode.options, ...WarningCode.options, UNKNOWN_BLOCKER, ...scanned], inMap(m.CODES))).toEqual([]);
    });

    test('run kinds, steps, statuses and results; audit results', () => {
        expect(missing(RunResource.shape.kind.options, inMap(m.RUN_KINDS))).toEqual([]);
        expect(missing([...Object.values(RUN_STEPS).flat(), ...RUN_STATE_STEPS, ...AUDIT_ONLY_STEPS], inMap(m.STEPS))).toEqual([]);
        expect(missing(RunResource.shape.status.options, inMap(m.RUN_STATUSES))).toEqual([]);
        // a handover run ends with its handover's status, one of those a handover ends in
        const handoverEnds = HandoverStatus.options.filter((s) => s !== 'awaiting-approvals' && s !== 'switching');
        expect(missing([...EnablementOutcome.shape.result.options, ...DisableOutcome.shape.result.options, ...handoverEnds], inMap(m.RUN_RESULTS))).toEqual([]);
        expect(missing(AuditEvent.shape.result.options, inMap(m.AUDIT_RESULTS))).toEqual([]);
    });

    test('handover statuses and answers, accrual statuses, the fleet\'s states and a job\'s outcomes', () => {
        expect(missing(HandoverStatus.options, inMap(m.HANDOVER_STATUSES))).toEqual([]);
        expect(missing([...HandoverDecision.shape.decision.options, 'awaited'], inMap(m.DECISIONS))).toEqual([]);
        expect(missing(HandoverParty.options, inMap(m.PARTIES))).toEqual([]);
        expect(missing([...OverageStatus.shape.credits.shape.payer.options, ...ReadinessDoc.shape.payerNow.options], inMap(m.PAYERS))).toEqual([]);
        expect(missing(CustomerAccrual.shape.status.options, inMap(m.ACCRUAL_STATUSES))).toEqual([]);
        expect(missing(READINESS_STATES, inList(m.STATES))).toEqual([]);
        expect(missing(USAGE_STATES, inList(m.USAGE_STATES))).toEqual([]);
        expect(missing(ITEM_OUTCOMES, inMap(m.OUTCOMES))).toEqual([]);
    });
});

/** Every text the catalogue holds, with where. */
function texts(value: unknown, at: string): Array<[string, string]> {
    if (typeof value === 'string') return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${at}[${i}]`));
    if (value && typeof value === 'object') {
        return Object.entries(value).filter(([k]) => k !== 'id' && k !== 'glyph').flatMap(([k, v]) => texts(v, `${at}.${k}`));
    }
    return [];
}

const CATALOGUE = ['CODES', 'STEPS', 'RUN_KINDS', 'RUN_STATUSES', 'RUN_RESULTS', 'AUDIT_RESULTS', 'HANDOVER_STATUSES', 'DECISIONS', 'PARTIES', 'PAYERS', 'ACCRUAL_STATUSES', 'STATES', 'USAGE_STATES', 'OUTCOMES'];
const KEYS = new Set(CATALOGUE.flatMap((name) => (Array.isArray(m[name]) ? m[name].map((x: { id: string }) => x.id) : Object.keys(m[name]))));
// compounds English writes with hyphens that no code spells alone
const ENGLISH = new Set(['pay-as-you-go', 'auto-recharge', 'post-paid', 'sign-in']);

/** Why a text is not words for people: a route, an HTTP call, a field name or a code; null when it is. */
function machineWords(text: string): string | null {
    if (text.includes('/api/')) return 'names a route';
    if (/\b(GET|POST|PUT|PATCH|DELETE)\s+\S*\//.test(text)) return 'names an HTTP call';
    const camel = text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/);
    if (camel) return `names the field ${camel[0]}`;
    for (const kebab of text.match(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g) ?? []) {
        if (KEYS.has(kebab) || (!ENGLISH.has(kebab) && kebab.split('-').length > 2)) return `names the code ${kebab}`;
    }
    return null;
}

test('no catalogue text names a route, an HTTP call, a field or a code', () => {
    const said = CATALOGUE.flatMap((name) => texts(m[name], name)).map(([at, text]) => [at, machineWords(text)]).filter(([, why]) => why);
    expect(said).toEqual([]);
});

test('the check finds each kind of machine words it refuses', () => {
    expect([
        machineWords('Enable overage for this customer (POST /api/customers/{id}/overage/enablements)'),
        machineWords('Then POST .../usage/pull again'),
        machineWords('Name another partner as toPartnerId'),
        machineWords('Blocked: gdap-missing'),
        machineWords('Ask the customer to turn auto-recharge off'),
    ]).toEqual(['names a route', 'names an HTTP call', 'names the field toPartnerId', 'names the code gdap-missing', null]);
});

describe('the lookups', () => {
    test('a code the catalogue does not know reads as words, never as the code', () => {
        for (const say of [m.codeTitle, m.stepWords, m.runStatusWords, m.runResultWords, m.handoverStatusWords, m.accrualStatusWords, m.auditResultWords, m.decisionWords, m.runKindWords, m.partyWords, m.payerWords]) {
            const words = say('some-new-code');
            expect(words).not.toMatch(/some|new|code/);
            expect(words.length).toBeGreaterThan(0);
        }
        expect(m.codeTitle(undefined)).toBe('Not possible');
        expect(m.codeTitle('toString')).toBe('Not possible');
    });

    test('a run\'s outcome in one word, with the first blocker\'s title when it was blocked', () => {
        expect(m.runOutcome({ status: 'completed', result: 'enabled' })).toBe('Enabled');
        expect(m.runOutcome({ status: 'completed', result: 'disabled' })).toBe('Switched off');
        expect(m.runOutcome({ status: 'completed', result: 'blocked', blockers: [{ code: 'gdap-missing' }] })).toBe('Blocked: GDAP access missing');
        expect(m.runOutcome({ status: 'completed', result: 'refused', blockers: [{ code: 'auto-recharge-on' }] })).toBe('Refused: Auto-recharge is on');
        expect(m.runOutcome({ status: 'failed', error: { code: 'upstream-timeout' } })).toBe('Failed');
        expect(m.runOutcome({ status: 'cancelled' })).toBe('Cancelled');
        expect(m.runOutcome({ status: 'completed', result: 'declined' })).toBe('Declined');
    });
});
