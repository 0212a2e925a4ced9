// RFC 9457 problem details with a stable `code` and what to do about it.
import type { HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { PROBLEM_TITLES as TITLES, type Problem } from '../../shared/features/api/apiSchemas';
import type { Blocker } from '../../shared/core/domain/findings';

export interface ProblemExtras {
    remedy?: string;
    issues?: Array<{ path: string; message: string }>;
    [key: string]: unknown;
}


export function problem(status: number, code: string, detail: string, extras: ProblemExtras = {}): HttpResponseInit {
    return {
        status,
        headers: { 'content-type': 'application/problem+json', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) },
        body: JSON.stringify({ type: `https://telco-overage.example/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extras } satisfies Problem),
    };
}

/** 400 listing every zod issue with its path. */
export function invalidRequest(error: z.ZodError, what: string): HttpResponseInit {
    const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
    return problem(400, 'invalid-request', `The ${what} is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, {
        remedy: 'Fix the fields listed in "issues" and send the request again.', issues,
    });
}

const BLOCKER_STATUS: Partial<Record<Blocker['code'], number>> = {
    'customer-not-found': 404, 'role-not-permitted': 403, 'indirect-reseller': 403, 'caller-not-of-partner': 403, 'not-reseller-of-provider': 403,
};

/** A business refusal found before anything started. */
export function refusal(blocker: Blocker): HttpResponseInit {
    return problem(BLOCKER_STATUS[blocker.code] ?? 409, blocker.code, blocker.detail, { remedy: blocker.remedy });
}
