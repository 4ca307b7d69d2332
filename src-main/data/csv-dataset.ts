/**
 * CSV datasets for the network trainer, on top of the shared CSV reader (matrix-file.ts): a
 * header row naming the columns, then one sample per row, every value numeric. Classification
 * takes one label column (integers 0..K-1), regression one or more target columns; every other
 * column is an input feature.
 */
import type { Dataset } from './dataset.ts';
import { readMatrixFile } from './matrix-file.ts';

export type CsvColumns = { label: string } | { targets: string[] };

/** The numeric table of the shared CSV reader, which must have a header naming the columns. */
function readTable(file: string): { header: string[]; rows: Float64Array[] } {
  const table = readMatrixFile(file);
  if (!table.header) throw new Error(`${file}: no header row; the first line must name the columns (e.g. x1,x2,label)`);
  const rows = Array.from({ length: table.rows }, (_, r) => table.data.subarray(r * table.cols, (r + 1) * table.cols));
  return { header: table.header, rows };
}

function columnIndex(file: string, header: string[], name: string, role: string): number {
  const j = header.indexOf(name);
  if (j < 0) throw new Error(`${file}: no ${role} column "${name}" (columns: ${header.join(', ')})`);
  return j;
}

/**
 * Reads a CSV dataset. With `reference` (the training set) a test file must have the same
 * number of input features and, for classification, labels within the training classes.
 */
export function readCsvDataset(file: string, columns: CsvColumns, reference?: Dataset): Dataset {
  const { header, rows } = readTable(file);
  const outCols = 'label' in columns ? [columnIndex(file, header, columns.label, 'label')] : columns.targets.map((t) => columnIndex(file, header, t, 'target'));
  if (outCols.length === 0) throw new Error(`${file}: no target columns given`);
  const inCols = header.map((_, j) => j).filter((j) => !outCols.includes(j));
  if (inCols.length === 0) throw new Error(`${file}: no input columns left besides ${outCols.map((j) => `"${header[j]}"`).join(', ')}`);
  if (reference && reference.shape[0] !== inCols.length) {
    throw new Error(`${file}: ${inCols.length} input columns, the training file has ${reference.shape[0]}`);
  }
  const count = rows.length;
  const x = new Float32Array(count * inCols.length);
  rows.forEach((r, i) => inCols.forEach((j, q) => (x[i * inCols.length + q] = r[j])));
  if ('label' in columns) {
    const labels = new Int32Array(count);
    let max = 0;
    rows.forEach((r, i) => {
      const v = r[outCols[0]];
      if (!Number.isInteger(v) || v < 0) throw new Error(`${file}: data row ${i + 1}, label column "${columns.label}": ${v} is not a class index (integers 0..K-1)`);
      labels[i] = v;
      max = Math.max(max, v);
    });
    const classes = reference?.kind === 'classification' ? reference.classes : max + 1;
    if (max >= classes) throw new Error(`${file}: label ${max} is outside the training file's classes 0..${classes - 1}`);
    if (classes < 2) throw new Error(`${file}: every label is 0; classification needs at least 2 classes`);
    return { kind: 'classification', source: `CSV ${file}`, x, shape: [inCols.length], count, labels, classes };
  }
  const n = outCols.length;
  const targets = new Float32Array(count * n);
  rows.forEach((r, i) => outCols.forEach((j, q) => (targets[i * n + q] = r[j])));
  return { kind: 'regression', source: `CSV ${file}`, x, shape: [inCols.length], count, targets, targetDim: n };
}
