/** Turns the data parameters into a training set and an optional test set. */
import path from 'node:path';
import { loadCifar10 } from '../../src-main/data/cifar10.ts';
import { readCsvDataset } from '../../src-main/data/csv-dataset.ts';
import { resolveDataPath } from '../../src-main/data/matrix-file.ts';
import { balancedIndices, firstIndices, selectSamples, type DataSplit, type Dataset } from '../../src-main/data/dataset.ts';
import { hasMnistTest, loadMnistLike } from '../../src-main/data/mnist.ts';
import { gaussianMixture, parseCovariance, regressionSet } from '../../src-main/data/synthetic.ts';
import type { NetworkConfig } from './manifest.ts';

const defaultFolders: Record<string, string> = { mnist: 'mnist', 'fashion-mnist': 'fashion-mnist', cifar10: 'cifar-10-batches-bin' };

/** The folder a file-based dataset is read from: the parameter, else `<data dir>/<standard name>`. */
export function datasetFolder(c: NetworkConfig, dataDir: string): string {
  if (c.dataFolder.trim() !== '') return path.resolve(c.dataFolder.trim());
  if (dataDir === '') {
    throw new Error(`dataset ${c.dataset}: no data folder: set dataFolder, or the data directory (settings, --data-dir or NCLAB_DATA) holding ${defaultFolders[c.dataset]}/`);
  }
  return path.join(dataDir, defaultFolders[c.dataset]);
}

function load(c: NetworkConfig, dataDir: string): DataSplit {
  switch (c.dataset) {
    case 'gaussian-mixture':
      return gaussianMixture({ classes: c.classes, perClass: c.perClass, dim: c.inputDim, separation: c.separation, testPerClass: Math.ceil(c.perClass / 5), seed: c.dataSeed });
    case 'synthetic-regression':
      return regressionSet({ samples: c.samples, inputDim: c.inputDim, covariance: parseCovariance(c.targetCovariance, 'targetCovariance'), testSamples: Math.ceil(c.samples / 5), seed: c.dataSeed });
    case 'mnist':
    case 'fashion-mnist': {
      const folder = datasetFolder(c, dataDir);
      const train = loadMnistLike(folder, 'train', c.dataset);
      return { train, test: c.evalTest && hasMnistTest(folder) ? loadMnistLike(folder, 'test', c.dataset) : null };
    }
    case 'cifar10': {
      const folder = datasetFolder(c, dataDir);
      return { train: loadCifar10(folder, 'train'), test: c.evalTest ? loadCifar10(folder, 'test') : null };
    }
    case 'csv': {
      const columns = c.csvTask === 'classification' ? { label: c.csvLabelColumn } : { targets: c.csvTargetColumns.split(',').map((s) => s.trim()).filter((s) => s !== '') };
      const train = readCsvDataset(resolveDataPath(c.csvFile.trim(), dataDir), columns);
      const test = c.evalTest && c.csvTestFile.trim() !== '' ? readCsvDataset(resolveDataPath(c.csvTestFile.trim(), dataDir), columns, train) : null;
      return { train, test };
    }
  }
}

/** Loads the data and applies `maxTrainSamples` (a class-balanced subset for classification). */
export function loadData(c: NetworkConfig, dataDir: string): DataSplit {
  const split = load(c, dataDir);
  requireEveryClass(split.train, 'training set');
  if (c.maxTrainSamples > 0 && c.maxTrainSamples < split.train.count) split.train = subset(split.train, c.maxTrainSamples);
  return split;
}

function subset(set: Dataset, count: number): Dataset {
  if (set.kind === 'classification') return selectSamples(set, balancedIndices(set.labels, set.classes, Math.max(1, Math.floor(count / set.classes))));
  return selectSamples(set, firstIndices(set.count, count));
}

/** Class means (and so every NC metric) need each class in the training set: say which is missing, and where from. */
function requireEveryClass(set: Dataset, what: string): void {
  if (set.kind !== 'classification') return;
  const counts = new Int32Array(set.classes);
  for (const l of set.labels) counts[l]++;
  const missing = [...counts.keys()].filter((k) => counts[k] === 0);
  if (missing.length) {
    throw new Error(`${what} ${set.source}: class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} of 0..${set.classes - 1} ha${missing.length > 1 ? 've' : 's'} no samples (the labels do not cover every class)`);
  }
}
