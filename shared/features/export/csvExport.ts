// Every CSV the app writes goes through here. A spreadsheet reads a cell that
// begins with = + - @, a tab or a carriage return as a formula (OWASP's "CSV
// injection"): such a text field gets a leading ' so it stays text. Decimal
// numbers keep their sign; they are what a negative amount looks like.
import { stringify, type Stringifier } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

/** The field as a spreadsheet will show it: text that could start a formula is made plain text. */
export function neutralised(field: string): string {
    return FORMULA_START.test(field) && !DECIMAL.test(field) ? `'${field}` : field;
}

/** A CSV stream with a header row of `columns`, every text field neutralised. */
export function csvExport(columns: readonly string[]): Stringifier {
    return stringify({ header: true, columns: [...columns], cast: { string: neutralised } });
}
