/**
 * Splitting one CSV line into cells, RFC 4180 style: cells may be quoted with `"`, and `""`
 * inside quotes is a literal quote. Quoted line breaks are not supported (metric files have
 * none); an unterminated quote is reported instead.
 */

/** The cells of `line`. Throws `Error` for an unterminated or misplaced quote. */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = "";
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error(`unterminated quoted cell starting at column ${cells.length + 1}`);
        cell += line.slice(i, quote);
        i = quote + 1;
        if (line[i] === '"') {
          cell += '"';
          i++;
          continue;
        }
        break;
      }
      if (i < line.length && line[i] !== delimiter) {
        throw new Error(`unexpected text after the closing quote of column ${cells.length + 1}`);
      }
      cells.push(cell);
    } else {
      const end = line.indexOf(delimiter, i);
      cells.push(end < 0 ? line.slice(i) : line.slice(i, end));
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return cells;
    i++; // the delimiter
    if (i === line.length) {
      cells.push("");
      return cells;
    }
  }
}
