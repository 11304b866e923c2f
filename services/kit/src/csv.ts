/**
 * RFC 4180 CSV: comma-separated cells, CRLF between records, cells quoted when they hold a comma, a quote,
 * CR or LF (a quote inside is doubled). Written here rather than taken from a library because the export
 * also needs the spreadsheet formula guard and the import its exact inverse.
 */

const BOM = '\uFEFF';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR before one) as a formula, so such cells
 * are written with a leading apostrophe. A cell that already starts with apostrophes before one of those
 * characters gets one more, so reading strips exactly one and every text survives the round trip. Plain
 * numbers such as -33.86 cannot be formulas and stay as they are.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV text: the header, then one line per row, each cell formula-guarded; a BOM first so Excel reads UTF-8. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[], { bom = true } = {}) {
  const lines = [header, ...rows].map((cells) => cells.map((c) => quoted(guardFormula(c))).join(','));
  return `${bom ? BOM : ''}${lines.join('\r\n')}\r\n`;
}

export interface CsvRecord {
  /** 0 for the header, then 1, 2, … in the order of the file (a quoted cell may span lines). */
  index: number;
  cells: string[];
  /** What is wrong with a cell's quoting (text after a closing quote), by the cell's position. */
  problem?: { cell: number; reason: string };
}

export class CsvSyntaxError extends Error {}

/**
 * Reads CSV text into records with formula guards removed. Accepts CRLF, LF or CR line ends, a leading BOM
 * and, when the first line has semicolons but no comma (as spreadsheets in many locales save), `;` between
 * cells. An unclosed quote throws CsvSyntaxError: everything after it would be misread.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const firstLine = input.slice(0, input.search(/[\r\n]|$/));
  const separator = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let problem: CsvRecord['problem'];
  let i = 0;
  let line = 1;
  const endCell = () => {
    cells.push(unguardFormula(cell));
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push({ index: records.length, cells, ...(problem ? { problem } : {}) });
    cells = [];
    problem = undefined;
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"' && cell === '') {
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError(`a quoted cell starting on line ${startLine} is never closed`);
        const q = input[i]!;
        if (q === '"') {
          if (input[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n' || (q === '\r' && input[i + 1] !== '\n')) line += 1;
        cell += q;
        i += 1;
      }
      // After a closing quote only a separator or a line end may follow.
      while (i < input.length && input[i] !== separator && input[i] !== '\r' && input[i] !== '\n') {
        problem ??= {
          cell: cells.length,
          reason: `has text after its closing quote on line ${line} (a quote inside a cell must be doubled)`,
        };
        cell += input[i];
        i += 1;
      }
      continue;
    }
    if (ch === separator) {
      endCell();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
    } else {
      cell += ch;
      i += 1;
    }
  }
  // A last line without a line end is still a record; a file ending in a line end adds none.
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}
