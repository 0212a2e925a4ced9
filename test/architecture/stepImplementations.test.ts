// Names you can follow: a step's contract (shared/core/steps/*Steps.ts) has
// exactly one activity, in activities/<flow>/<step name>.ts, registered once
// by its flow; an orchestration's name is in one registry
// (shared/core/steps/orchestrationNames.ts), registered exactly once, in a
// file named for it, and spelled nowhere else.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Activity } from '../../activities/implement';
import { accrualActivities } from '../../activities/accrual/accrualActivities';
import { handoverActivities } from '../../activities/handover/handoverActivities';
import { overageActivities } from '../../activities/overage/overageActivities';
import { jobActivities } from '../../activities/job/jobActivities';
import { usagePullActivities } from '../../activities/usagePull/usagePullActivities';
import { alertActivities } from '../../activities/alert/alertActivities';
import { ORCHESTRATIONS } from '../../shared/core/steps/orchestrationNames';
import type { Step } from '../../shared/core/steps/step';
import { ROOT, sourcesUnder } from '../helpers/importGraph';

const STEPS_DIR = 'shared/core/steps';

/** Every step contract: `<flow>Steps.ts` -> export name -> the step. */
function contracts(): Array<{ flow: string; file: string; exported: string; step: Step<unknown, unknown> }> {
    return fs.readdirSync(path.join(ROOT, STEPS_DIR)).filter((f) => /^\w+Steps\.ts$/.test(f)).flatMap((f) => {
        const module = require(path.join(ROOT, STEPS_DIR, f)) as Record<string, unknown>;
        return Object.entries(module)
            .filter(([, v]) => isStep(v))
            .map(([exported, step]) => ({ flow: f.replace(/Steps\.ts$/, ''), file: `${STEPS_DIR}/${f}`, exported, step: step as Step<unknown, unknown> }));
    });
}

function isStep(v: unknown): boolean {
    const s = v as Partial<Step<unknown, unknown>> | null;
    return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.input?.parse === 'function' && typeof s.output?.parse === 'function';
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

function calls(source: ts.SourceFile, callee: (text: string) => boolean): ts.CallExpression[] {
    const found: ts.CallExpression[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node) && callee(node.expression.getText(source))) found.push(node);
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** Where a name used in `source` was imported from (repo-relative module path without .ts) and under which exported name. */
function importOf(source: ts.SourceFile, file: string, local: string): { module: string; exported: string } | undefined {
    for (const s of source.statements) {
        if (!ts.isImportDeclaration(s) || !s.importClause?.namedBindings || !ts.isNamedImports(s.importClause.namedBindings)) continue;
        for (const e of s.importClause.namedBindings.elements) {
            if (e.name.text !== local) continue;
            const spec = (s.moduleSpecifier as ts.StringLiteral).text;
            const module = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)).split(path.sep).join('/');
            return { module, exported: (e.propertyName ?? e.name).text };
        }
    }
    return undefined;
}

/** Every implement(...) call under activities/: the file, and the contract its first argument names (if it names one). */
function implementations() {
    return sourcesUnder('activities').filter((f) => f !== 'activities/implement.ts').flatMap((file) => {
        const source = parse(file);
        return calls(source, (t) => t === 'implement').map((call) => {
            const arg = call.arguments[0];
            const from = arg && ts.isIdentifier(arg) ? importOf(source, file, arg.text) : undefined;
            return { file, contract: from && /^shared\/core\/steps\/\w+Steps$/.test(from.module) ? `${from.module}.ts#${from.exported}` : `(not a step contract: ${arg?.getText(source)})` };
        });
    });
}

const all = contracts();
const impls = implementations();
const key = (c: { file: string; exported: string }) => `${c.file}#${c.exported}`;

test('the step contracts are found, and each is exported under its step name', () => {
    expect(all.length).toBeGreaterThan(15);
    expect(all.filter((c) => c.exported !== c.step.name).map(key)).toEqual([]);
    const names = all.map((c) => c.step.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
});

test('every step contract has exactly one implementation', () => {
    const count = (c: (typeof all)[number]) => impls.filter((i) => i.contract === key(c)).length;
    expect(all.filter((c) => count(c) !== 1).map((c) => `${key(c)}: ${count(c)}`)).toEqual([]);
});

test('every implement( call implements a step contract', () => {
    const known = new Set(all.map(key));
    expect(impls.filter((i) => !known.has(i.contract)).map((i) => `${i.file}: ${i.contract}`)).toEqual([]);
});

test('each activity file implements one step, is named for it, and sits in its flow\'s folder', () => {
    const byContract = new Map(all.map((c) => [key(c), c]));
    const wrong = impls.flatMap((i) => {
        const c = byContract.get(i.contract);
        const expected = c && `activities/${c.flow}/${c.step.name}.ts`;
        return expected === i.file && impls.filter((j) => j.file === i.file).length === 1 ? [] : [`${i.file} implements ${i.contract} (expected in ${expected})`];
    });
    expect(wrong).toEqual([]);
});

test('a flow\'s folder holds its activities and its register file, nothing else', () => {
    const activityFiles = new Set(impls.map((i) => i.file));
    const stray = sourcesUnder('activities').filter((f) => f !== 'activities/implement.ts' && !activityFiles.has(f) && !/^activities\/(\w+)\/\1Activities\.ts$/.test(f));
    expect(stray).toEqual([]);
});

test('every step is registered exactly once, by its flow', () => {
    const flows: Record<string, ReadonlyArray<Activity<any, any>>> = { overage: overageActivities, handover: handoverActivities, accrual: accrualActivities, job: jobActivities, usagePull: usagePullActivities, alert: alertActivities };
    const registered = Object.entries(flows).flatMap(([flow, list]) => list.map((a) => `${flow}:${a.step.name}`));
    expect(registered.sort()).toEqual(all.map((c) => `${c.flow}:${c.step.name}`).sort());
});

const APP = ['functions', 'orchestrations', 'activities', 'shared'].flatMap(sourcesUnder);

test('every orchestration in the registry is registered exactly once, from the registry, in a file named for it', () => {
    const registrations = APP.flatMap((file) => {
        const source = parse(file);
        return calls(source, (t) => /(^|\.)app\.orchestration$/.test(t)).map((call) => {
            const arg = call.arguments[0];
            const named = arg && ts.isPropertyAccessExpression(arg) && arg.expression.getText(source) === 'ORCHESTRATIONS' ? arg.name.text : `(not from the registry: ${arg?.getText(source)})`;
            return { file, named };
        });
    });
    expect(registrations.map((r) => r.named).sort()).toEqual(Object.keys(ORCHESTRATIONS).sort());
    const misplaced = registrations.filter((r) => path.basename(r.file, '.ts') !== ORCHESTRATIONS[r.named as keyof typeof ORCHESTRATIONS]);
    expect(misplaced.map((r) => `${r.file} registers ${r.named}`)).toEqual([]);
});

test('no orchestration name is spelled out anywhere but in the registry', () => {
    const names = new Set<string>(Object.values(ORCHESTRATIONS));
    const spelled = APP.filter((f) => f !== `${STEPS_DIR}/orchestrationNames.ts`).flatMap((file) => {
        const source = parse(file);
        const found: string[] = [];
        const visit = (node: ts.Node) => {
            if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text)) found.push(`${file}: '${node.text}'`);
            ts.forEachChild(node, visit);
        };
        visit(source);
        return found;
    });
    expect(spelled).toEqual([]);
});
