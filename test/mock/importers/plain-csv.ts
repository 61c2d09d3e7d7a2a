/**
 * A deliberately separate CSV reader for the tests (RFC 4180: quoted fields, doubled quotes,
 * newlines inside quotes, CRLF or LF), so the importer's counts are checked against a
 * reading that does not share its parser.
 */
export function plainCsv(text: string): Array<{ line: number; fields: Record<string, string> }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line += 1;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  const [header, ...records] = rows;
  return records.map(({ line: at, cells: values }) => ({
    line: at,
    fields: Object.fromEntries(header.cells.map((name, i) => [name, values[i] ?? ''])),
  }));
}
