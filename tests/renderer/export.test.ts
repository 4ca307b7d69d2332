import { describe, expect, it } from 'vitest';
import { dataUrlToBlob } from '../../src-renderer/src/lib/export.ts';

describe('dataUrlToBlob', () => {
  it('decodes a base64 PNG data URL into its exact bytes and type', async () => {
    // The 8-byte PNG signature followed by two arbitrary bytes, including values above 127.
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00];
    const url = `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
    const blob = dataUrlToBlob(url);
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(bytes);
  });

  it('refuses what is not a base64 data URL, saying so', () => {
    expect(() => dataUrlToBlob('https://example.org/a.png')).toThrow(/data: URL/);
    expect(() => dataUrlToBlob('data:image/png,rawtext')).toThrow(/base64/);
  });
});
