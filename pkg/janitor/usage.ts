// Which secrets a pod spec reads, through every way a pod can: secret volumes, projected volumes, env secretKeyRef
// and envFrom, in containers, init containers and ephemeral containers. Pure.
import type { V1Container, V1EphemeralContainer, V1PodSpec, V1Volume } from '@kubernetes/client-node';

function fromVolume(volume: V1Volume): string[] {
  const direct = volume.secret?.secretName;
  const projected = (volume.projected?.sources ?? []).flatMap((source) =>
    source.secret?.name ? [source.secret.name] : [],
  );
  return direct ? [direct, ...projected] : projected;
}

function fromContainer(container: V1Container | V1EphemeralContainer): string[] {
  const env = (container.env ?? []).flatMap((variable) => {
    const name = variable.valueFrom?.secretKeyRef?.name;
    return name ? [name] : [];
  });
  const envFrom = (container.envFrom ?? []).flatMap((source) =>
    source.secretRef?.name ? [source.secretRef.name] : [],
  );
  return [...env, ...envFrom];
}

export function secretsReadBy(spec: V1PodSpec | undefined): string[] {
  if (!spec) return [];
  const containers = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  return [...(spec.volumes ?? []).flatMap(fromVolume), ...containers.flatMap(fromContainer)];
}

/** Every secret name any of the pod specs reads. */
export const secretsInUse = (specs: readonly (V1PodSpec | undefined)[]): Set<string> =>
  new Set(specs.flatMap(secretsReadBy));
