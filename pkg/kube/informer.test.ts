import { describe, expect, test } from '@jest/globals';
import type { KubernetesListObject, V1ConfigMap } from '@kubernetes/client-node';
import { listAll, type ListPage } from './informer.ts';

const item = (name: string): V1ConfigMap => ({
  metadata: { name, managedFields: [{ manager: 'm' }] },
  data: { a: 'b' },
});

describe('listing every page', () => {
  test('reads each page from where the last ended, slims each item, and keeps the first page’s version', async () => {
    const pages: Record<string, KubernetesListObject<V1ConfigMap>> = {
      first: { metadata: { resourceVersion: '10', _continue: 'second' }, items: [item('a'), item('b')] },
      second: { metadata: { resourceVersion: '10', _continue: 'third' }, items: [item('c')] },
      third: { metadata: { resourceVersion: '10' }, items: [item('d')] },
    };
    const asked: ListPage[] = [];
    const listed = await listAll(
      (page) => {
        asked.push(page);
        return Promise.resolve(pages[page._continue ?? 'first'] ?? { items: [] });
      },
      (cm) => ({ metadata: { name: cm.metadata?.name ?? '' } }),
    );
    expect(asked).toEqual([{ limit: 500 }, { limit: 500, _continue: 'second' }, { limit: 500, _continue: 'third' }]);
    expect(listed.items).toEqual(['a', 'b', 'c', 'd'].map((name) => ({ metadata: { name } })));
    expect(listed.metadata?.resourceVersion).toBe('10');
  });

  test('a page without items (the API server’s metadata-only list of nothing) is an empty list', async () => {
    const empty = { metadata: { resourceVersion: '5' } } as unknown as KubernetesListObject<V1ConfigMap>;
    const listed = await listAll(
      () => Promise.resolve(empty),
      (cm) => cm,
    );
    expect(listed).toEqual({ metadata: { resourceVersion: '5' }, items: [] });
  });

  test('one page when the server sends no continue token', async () => {
    const listed = await listAll(
      () => Promise.resolve({ metadata: { resourceVersion: '3' }, items: [item('only')] }),
      (cm) => cm,
    );
    expect(listed.items.map((cm) => cm.metadata?.name)).toEqual(['only']);
  });
});
