import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from '../../src-main/data/csv-dataset.ts';
import { tempDir, writeFile } from './fixtures.ts';

const dir = tempDir('nclab-csv-');
const csv = (name: string, text: string) => writeFile(path.join(dir, name), Buffer.from(text));

describe('CSV datasets', () => {
  it('reads a classification file: the label column out, every other column in', () => {
    const set = readCsvDataset(csv('c.csv', 'a,label,b\n1,0,2\n3,2,4\n\n5,1,6\n'), { label: 'label' });
    expect(set.kind).toBe('classification');
    if (set.kind !== 'classification') return;
    expect(set.classes).toBe(3);
    expect(Array.from(set.labels)).toEqual([0, 2, 1]);
    expect(Array.from(set.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(set.shape).toEqual([2]);
  });

  it('reads a regression file with several target columns', () => {
    const set = readCsvDataset(csv('r.csv', 'y1,x,y2\r\n0.5,1,-1\r\n1.5,2,-2\r\n'), { targets: ['y1', 'y2'] });
    expect(set.kind).toBe('regression');
    if (set.kind !== 'regression') return;
    expect(set.targetDim).toBe(2);
    expect(Array.from(set.targets)).toEqual([0.5, -1, 1.5, -2]);
    expect(Array.from(set.x)).toEqual([1, 2]);
  });

  it('names the file, line and column of bad input', () => {
    const f1 = csv('bad1.csv', 'x,label\n1,0\n2\n');
    expect(() => readCsvDataset(f1, { label: 'label' })).toThrow('bad1.csv: line 3 has 1 values, expected 2 (as on the header line)');
    const f2 = csv('bad2.csv', 'x,label\n1,0\nabc,1\n');
    expect(() => readCsvDataset(f2, { label: 'label' })).toThrow('bad2.csv: line 3, column 1: "abc" is not a finite number');
    const f5 = csv('bad5.csv', '1,0\n2,1\n');
    expect(() => readCsvDataset(f5, { label: 'label' })).toThrow(`${f5}: no header row`);
    const f3 = csv('bad3.csv', 'x,label\n1,0.5\n');
    expect(() => readCsvDataset(f3, { label: 'label' })).toThrow('label column "label": 0.5 is not a class index');
    const f4 = csv('bad4.csv', 'x,y\n1,0\n');
    expect(() => readCsvDataset(f4, { label: 'label' })).toThrow(`${f4}: no label column "label" (columns: x, y)`);
    expect(() => readCsvDataset(path.join(dir, 'none.csv'), { label: 'label' })).toThrow('none.csv: file not found');
  });

  it('checks a test file against the training file', () => {
    const train = readCsvDataset(csv('tr.csv', 'x,label\n1,0\n2,1\n'), { label: 'label' });
    const wide = csv('te1.csv', 'x,z,label\n1,1,0\n');
    expect(() => readCsvDataset(wide, { label: 'label' }, train)).toThrow(`${wide}: 2 input columns, the training file has 1`);
    const newClass = csv('te2.csv', 'x,label\n1,4\n');
    expect(() => readCsvDataset(newClass, { label: 'label' }, train)).toThrow(`${newClass}: label 4 is outside the training file's classes 0..1`);
  });
});
