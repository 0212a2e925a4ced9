// The bad rows of an import: all counted, the first hundred (by line) listed.

export interface BadRow {
    /** 1-based line of the file where the row starts (the header is line 1); for a queued batch, the row's 1-based index. */
    line: number;
    /** The column as the input names it; null when the whole record is malformed. */
    column: string | null;
    reason: string;
}

export const LISTED_BAD_ROWS = 100;

export class BadRows {
    count = 0;
    private rows: BadRow[] = [];

    add(row: BadRow): void {
        this.count++;
        this.rows.push(row);
        // malformed records may be reported a little out of line order: keep some slack, trim now and then
        if (this.rows.length >= 2 * LISTED_BAD_ROWS) this.rows = this.listed();
    }

    /** The first LISTED_BAD_ROWS by line. */
    listed(): BadRow[] {
        return [...this.rows].sort((a, b) => a.line - b.line).slice(0, LISTED_BAD_ROWS);
    }
}
