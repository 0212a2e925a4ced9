// Graph's pages as import input: each pstnCallLogRow through the Graph
// mapping the queue already uses (graphUsage.ts), with Microsoft's own charges
// riding along. A row's `line` is its place in the window (1-based, in
// Graph's order): a bad row is named by it, its Graph field and its `id`.
import type { MicrosoftCharges } from '../../../core/rating/ratingModel';
import type { PstnCallLogRow, PstnCallPage } from '../../../adapters/callRecords/pstnCalls';
import { GRAPH_FIELDS, rowOfGraph } from '../graphUsage';
import type { ImportInput } from '../importUsage';

export async function* importInputs(pages: AsyncIterable<PstnCallPage>): AsyncGenerator<ImportInput> {
    let line = 0;
    for await (const page of pages) {
        for (const row of page.rows) yield { line: ++line, row: rowOfGraph(row), names: GRAPH_FIELDS, charges: chargesOf(row) };
    }
}

export function chargesOf(row: PstnCallLogRow): MicrosoftCharges {
    const text = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
    return { charge: text(row.charge), connectionCharge: text(row.connectionCharge) };
}
