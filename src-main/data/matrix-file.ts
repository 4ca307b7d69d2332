/**
 * Numeric tables from disk: comma-separated text (.csv) and NumPy arrays (.npy), the two
 * formats researchers export features and targets in. A table is `rows` samples by `cols`
 * columns, row-major in memory (value (r, c) at data[r * cols + c]), exactly like the file.
 *
 * Every error names the file and says what is wrong and where (line and column for CSV),
 * because a user who picked the wrong file in a form must see why in one line.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface NumericTable {
  rows: number;
  cols: number;
  /** Row-major: value (r, c) at data[r * cols + c]. */
  data: Float64Array;
  /** Column names from a CSV header row, or null. */
  header: string[] | null;
}

/** A bad or unreadable matrix file; the message names the file. */
export class MatrixFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'MatrixFileError';
    this.file = file;
  }
}

/** Resolves a user path: absolute as given, relative to `baseDir` (the data folder) otherwise. */
export function resolveDataPath(file: string, baseDir: string): string {
  return path.isAbsolute(file) || !baseDir ? path.resolve(file) : path.resolve(baseDir, file);
}

/** Reads a .csv or .npy file as a numeric table (chosen by extension). */
export function readMatrixFile(file: string): NumericTable {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.npy') throw new MatrixFileError(file, `unsupported extension "${ext || '(none)'}": expected .csv or .npy`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MatrixFileError(file, code === 'ENOENT' ? `file not found (${file})` : `cannot read (${(err as Error).message})`);
  }
  return ext === '.csv' ? parseCsv(file, bytes.toString('utf8')) : parseNpy(file, bytes);
}

/**
 * CSV: one sample per line, comma-separated numbers. Blank lines and lines starting with '#'
 * are skipped; a first line with any non-empty, non-numeric field (a name) is a header. Every line must have the
 * same number of fields.
 */
export function parseCsv(file: string, text: string): NumericTable {
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  let cols = -1;
  const values: number[] = [];
  let rows = 0;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',').map((f) => f.trim());
    const nums = fields.map((f) => (f === '' ? NaN : Number(f)));
    if (cols < 0 && header === null && rows === 0 && nums.some((v, i) => Number.isNaN(v) && fields[i] !== '' && !/^nan$/i.test(fields[i]))) {
      header = fields;
      cols = fields.length;
      continue;
    }
    if (cols < 0) cols = fields.length;
    if (fields.length !== cols) throw new MatrixFileError(file, `line ${ln + 1} has ${fields.length} values, expected ${cols} (as on the ${header ? 'header' : 'first'} line)`);
    for (let c = 0; c < cols; c++) {
      const v = nums[c];
      if (!Number.isFinite(v)) throw new MatrixFileError(file, `line ${ln + 1}, column ${c + 1}: "${fields[c]}" is not a finite number`);
      values.push(v);
    }
    rows++;
  }
  if (rows === 0) throw new MatrixFileError(file, header ? 'has a header but no data rows' : 'is empty (no data rows)');
  return { rows, cols, data: Float64Array.from(values), header };
}

/** dtype descriptors we read, with their element size and reader. */
const NPY_TYPES: Record<string, { size: number; read: (v: DataView, off: number, little: boolean) => number }> = {
  f8: { size: 8, read: (v, o, l) => v.getFloat64(o, l) },
  f4: { size: 4, read: (v, o, l) => v.getFloat32(o, l) },
  i8: { size: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)) },
  i4: { size: 4, read: (v, o, l) => v.getInt32(o, l) },
  i2: { size: 2, read: (v, o, l) => v.getInt16(o, l) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u8: { size: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)) },
  u4: { size: 4, read: (v, o, l) => v.getUint32(o, l) },
  u2: { size: 2, read: (v, o, l) => v.getUint16(o, l) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
};

/**
 * NumPy .npy (format versions 1-3): a 1-D array (read as one column) or a 2-D array in C or
 * Fortran order, of a float, signed or unsigned integer dtype in either byte order.
 */
export function parseNpy(file: string, bytes: Uint8Array): NumericTable {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new MatrixFileError(file, 'not a NumPy .npy file (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new MatrixFileError(file, `unsupported .npy format version ${major}.${bytes[7]}`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new MatrixFileError(file, 'truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new MatrixFileError(file, `malformed .npy header: ${header.trim()}`);
  const m = /^([<>|=])([fiu]\d)$/.exec(descr);
  const type = m ? NPY_TYPES[m[2]] : undefined;
  if (!m || !type) throw new MatrixFileError(file, `unsupported dtype "${descr}": expected a float or integer type`);
  const little = m[1] !== '>';
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.length === 0 || shape.length > 2 || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new MatrixFileError(file, `expected a 1-D or 2-D array, got shape (${shapeText})`);
  }
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  if (rows === 0 || cols === 0) throw new MatrixFileError(file, `array is empty (shape (${shapeText}))`);
  const dataStart = start + headerLen;
  const need = rows * cols * type.size;
  if (bytes.length - dataStart < need) throw new MatrixFileError(file, `truncated data: shape (${shapeText}) of ${descr} needs ${need} bytes, the file has ${bytes.length - dataStart}`);
  const data = new Float64Array(rows * cols);
  for (let q = 0; q < rows * cols; q++) {
    const v = type.read(view, dataStart + q * type.size, little);
    // Fortran order stores column by column: element q is (q % rows, q / rows).
    const dst = fortran === 'True' ? (q % rows) * cols + Math.floor(q / rows) : q;
    if (!Number.isFinite(v)) throw new MatrixFileError(file, `entry (${Math.floor(dst / cols)}, ${dst % cols}) is ${v}, not a finite number`);
    data[dst] = v;
  }
  return { rows, cols, data, header: null };
}

/**
 * Features with labels in one table: every row is a sample, the LAST column its integer class
 * label, the other columns its features. Labels may be any integers; they are mapped to
 * 0..K-1 in increasing order (so 1..10 and 0..9 both work). Returns H as column-major d x N
 * (one column per sample) and the mapped labels.
 */
export function featuresWithLabels(file: string, table: NumericTable): { d: number; N: number; K: number; H: Float64Array; labels: Int32Array; classValues: number[] } {
  if (table.cols < 2) throw new MatrixFileError(file, `needs at least 2 columns (features, then the label), got ${table.cols}`);
  const d = table.cols - 1;
  const N = table.rows;
  const raw = new Float64Array(N);
  for (let r = 0; r < N; r++) {
    const v = table.data[r * table.cols + d];
    if (!Number.isInteger(v)) throw new MatrixFileError(file, `row ${r + 1}: the label (last column) must be an integer, got ${v}`);
    raw[r] = v;
  }
  const classValues = [...new Set(raw)].sort((a, b) => a - b);
  if (classValues.length < 2) throw new MatrixFileError(file, `needs at least 2 classes in the label column, found ${classValues.length}`);
  const index = new Map(classValues.map((v, k) => [v, k]));
  const labels = Int32Array.from(raw, (v) => index.get(v)!);
  const H = new Float64Array(d * N);
  for (let r = 0; r < N; r++) for (let j = 0; j < d; j++) H[r * d + j] = table.data[r * table.cols + j];
  return { d, N, K: classValues.length, H, labels, classValues };
}
