import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ModelPlugin, ParamSpec } from './plugin-api.ts';
import type { PluginInfo, PluginLoadError } from '../service/contract.ts';

const ENTRY_NAMES = ['index.js', 'index.mjs', 'index.ts'];

const manifestShape = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'version must be semver (x.y.z)'),
  description: z.string(),
  params: z.record(z.string(), z.object({ type: z.enum(['int', 'number', 'boolean', 'enum', 'string']), label: z.string(), help: z.string() }).loose()),
  metrics: z.array(z.object({ key: z.string(), label: z.string(), definition: z.string(), scale: z.enum(['lin', 'log']) }).loose()),
  presets: z.array(z.object({ name: z.string(), label: z.string(), description: z.string(), params: z.record(z.string(), z.unknown()) }).loose()),
  panels: z.array(z.object({ title: z.string(), metrics: z.array(z.string()) }).loose()),
});

/**
 * Every plugin has a `seed` parameter: the seed of `ctx.rng`. Plugins that do not declare it get
 * this one, so `--set seed=N`, sweeps over seeds and "group by all but seed" work everywhere.
 */
export const SEED_PARAM = {
  type: 'int',
  label: 'seed',
  help: 'Seed of the run\'s random generator: the same seed and config give bit-identical metrics.',
  default: 0,
  min: 0,
  max: 2 ** 32 - 1,
  group: 'run',
} as const satisfies ParamSpec;

export interface LoadedPlugin {
  plugin: ModelPlugin;
  /** Absolute path of the entry module (what the worker imports). */
  entry: string;
  source: 'builtin' | 'user';
}

/**
 * Discovers plugins: every sub-folder of the given directories with an index module whose
 * default export is a plugin. A plugin that fails to import or declares a malformed manifest is
 * reported with its reason and skipped; it never takes the app down.
 */
export class PluginRegistry {
  readonly plugins = new Map<string, LoadedPlugin>();
  readonly errors: PluginLoadError[] = [];

  static async load(dirs: { dir: string; source: 'builtin' | 'user' }[]): Promise<PluginRegistry> {
    const reg = new PluginRegistry();
    for (const { dir, source } of dirs) {
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        const folder = path.join(dir, name);
        if (!fs.statSync(folder).isDirectory()) continue;
        const entryName = ENTRY_NAMES.find((e) => fs.existsSync(path.join(folder, e)));
        if (!entryName) continue; // shared helpers or docs, not a plugin
        await reg.loadOne(name, path.join(folder, entryName), source);
      }
    }
    return reg;
  }

  private async loadOne(folderName: string, entry: string, source: 'builtin' | 'user'): Promise<void> {
    try {
      const mod = (await import(pathToFileURL(entry).href)) as { default?: ModelPlugin };
      const plugin = mod.default;
      if (!plugin || typeof plugin !== 'object') throw new Error('the module has no default export (export default definePlugin({...}))');
      if (typeof plugin.run !== 'function') throw new Error('the plugin has no run function');
      const parsed = manifestShape.safeParse(plugin.manifest);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`invalid manifest: ${issue.path.join('.') || 'manifest'}: ${issue.message}`);
      }
      const id = plugin.manifest.id;
      const keys = new Set(plugin.manifest.metrics.map((m) => m.key));
      for (const p of plugin.manifest.panels) {
        const unknown = p.metrics.find((k) => !keys.has(k));
        if (unknown) throw new Error(`invalid manifest: panel "${p.title}" names undeclared metric "${unknown}"`);
      }
      plugin.manifest.params.seed ??= SEED_PARAM;
      if (this.plugins.has(id)) throw new Error(`duplicate plugin id "${id}" (already loaded from ${this.plugins.get(id)!.entry})`);
      this.plugins.set(id, { plugin, entry, source });
    } catch (e) {
      this.errors.push({ id: folderName, path: entry, message: (e as Error).message });
    }
  }

  get(id: string): LoadedPlugin | undefined {
    return this.plugins.get(id);
  }

  /** The serialisable view of every plugin (functions dropped) for the renderer and the CLI. */
  list(): PluginInfo[] {
    return [...this.plugins.values()].map(({ plugin, source }) => describePlugin(plugin, source));
  }
}

export function describePlugin(plugin: ModelPlugin, source: 'builtin' | 'user'): PluginInfo {
  const m = plugin.manifest;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    description: m.description,
    source,
    params: JSON.parse(JSON.stringify(m.params)),
    constraints: (m.constraints ?? []).map((c) => ({ fields: c.fields, message: c.message })),
    metrics: m.metrics,
    presets: m.presets,
    panels: m.panels,
    artifacts: m.artifacts ?? [],
  };
}
