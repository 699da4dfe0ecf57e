/** The read side of a cache of one resource type (pkg/kube/informer.ts), as reconcilers see it. */
export interface ObjectCache<T> {
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): readonly T[];
}
