/** RFC 4180 CSV: fields with commas, quotes or newlines are quoted; empty cells for missing values. */
export function toCsv(header: string[], rows: (number | string | null)[][]): string {
  const cell = (v: number | string | null) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? String(v) : v;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
