// What the Durable management API accepts, checked before the engine sees it:
// instance ids as Azure accepts them on start, event names, and the paging and
// filter parameters of instance queries. Each check returns the value or why not.
import { RuntimeStatus } from './model';

const STATUSES: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated', 'Suspended'];
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type Checked<T> = { ok: true; value: T } | { ok: false; detail: string };

/** Azure refuses ids with `/ \ # ?` or control characters, and ids over 100 characters. */
export function instanceId(id: string): Checked<string> {
    if (id.length === 0 || id.length > 100) return { ok: false, detail: `An instance id has 1 to 100 characters; this one has ${id.length}.` };
    if (/[/\\#?]/.test(id) || CONTROL.test(id)) return { ok: false, detail: 'An instance id cannot contain "/", "\\", "#", "?" or control characters.' };
    return { ok: true, value: id };
}

export function eventName(name: string): Checked<string> {
    if (name.length === 0 || name.length > 256) return { ok: false, detail: `An event name has 1 to 256 characters; this one has ${name.length}.` };
    if (CONTROL.test(name)) return { ok: false, detail: 'An event name cannot contain control characters.' };
    return { ok: true, value: name };
}

export interface InstanceFilter {
    runtimeStatus: RuntimeStatus[];
    createdTimeFrom?: Date;
    createdTimeTo?: Date;
    top?: number;
}

/** The filters of a list or purge query; `top` only where paging applies. */
export function instanceFilter(q: URLSearchParams, paged: boolean): Checked<InstanceFilter> {
    const statuses = (q.get('runtimeStatus') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = statuses.filter((s) => !STATUSES.includes(s as RuntimeStatus));
    if (unknown.length) return { ok: false, detail: `Unknown runtimeStatus: ${unknown.join(', ').slice(0, 200)} (known: ${STATUSES.join(', ')}).` };
    const from = time(q, 'createdTimeFrom');
    if (!from.ok) return from;
    const to = time(q, 'createdTimeTo');
    if (!to.ok) return to;
    const filter: InstanceFilter = { runtimeStatus: statuses as RuntimeStatus[], createdTimeFrom: from.value, createdTimeTo: to.value };
    const top = q.get('top');
    if (paged && top !== null) {
        if (!/^[1-9]\d{0,8}$/.test(top)) return { ok: false, detail: `top must be a positive whole number; got '${top.slice(0, 50)}'.` };
        filter.top = Number(top);
    }
    return { ok: true, value: filter };
}

/** The offset a continuation token this API handed out stands for. */
export function continuationOffset(token: string | undefined): Checked<number> {
    if (token === undefined || token === '') return { ok: true, value: 0 };
    return /^\d{1,9}$/.test(token) ? { ok: true, value: Number(token) } : { ok: false, detail: 'The x-ms-continuation-token header is not a token this API handed out.' };
}

function time(q: URLSearchParams, name: string): Checked<Date | undefined> {
    const raw = q.get(name);
    if (raw === null || raw === '') return { ok: true, value: undefined };
    const at = new Date(raw);
    return Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw) ? { ok: false, detail: `${name} must be an ISO 8601 date-time; got '${raw.slice(0, 50)}'.` } : { ok: true, value: at };
}
