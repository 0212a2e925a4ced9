// A bad world file, said precisely: one line per problem, each with the JSON
// path of the field (`customers[2].azure.kind: …`) under a line naming the file.
import type { z } from 'zod';

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

/** zod's issue, in the words of a person editing the file (with the value found, when it is short). */
export function toWorldIssues(issue: z.core.$ZodIssue): WorldIssue[] {
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
