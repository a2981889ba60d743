/** Writes CSV the way MovieLens does: CRLF line endings, quotes only where a field needs them. */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(quoteField).join(',') + '\r\n').join('');
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
