// Months as the accrual counts them: UTC calendar months, written YYYY-MM.
import { z } from 'zod';

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

/** The month's first instant and the next month's first instant (epoch ms, UTC). */
export function monthBounds(month: string): { start: number; end: number } {
    const [y, m] = month.split('-').map(Number);
    return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}

/** The month an instant falls in (UTC). */
export function monthOf(at: number | Date): string {
    return new Date(at).toISOString().slice(0, 7);
}

/** The month before the one `at` falls in: what the timer rates on the 1st. */
export function previousMonth(at: number | Date): string {
    const d = new Date(at);
    return monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
}
