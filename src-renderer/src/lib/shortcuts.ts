/** App commands, reachable from keyboard shortcuts and (on the desktop) from the native menus. */
export type Command = 'new-run' | 'compare' | 'search' | 'toggle-theme' | 'projects' | 'help';

export const shortcuts: { key: string; command: Command; label: string }[] = [
  { key: 'n', command: 'new-run', label: 'New run' },
  { key: 'c', command: 'compare', label: 'Compare selected runs' },
  { key: '/', command: 'search', label: 'Search runs' },
  { key: 't', command: 'toggle-theme', label: 'Light / dark theme' },
  { key: 'p', command: 'projects', label: 'Projects' },
  { key: '?', command: 'help', label: 'Keyboard shortcuts' },
];

/** The command of a key press, or null while the user types in a field or holds a modifier. */
export function commandOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName ?? ''))) return null;
  return shortcuts.find((s) => s.key === e.key)?.command ?? null;
}
