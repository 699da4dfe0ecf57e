// Starting a real server for a simulated service and putting it behind that service, the same for every kind.
import type { RealService } from '../../sim/real-service.ts';
import type { SimState } from '../../sim/state.ts';
import type { CertificateAuthority } from '../../sim/x509.ts';

export interface StoppableServer extends RealService {
  stop(): Promise<void>;
}

/**
 * Starts a server with a certificate from `project`'s CA and puts it behind `project/service`: the simulator's
 * answers name it, and the users, databases and ACLs the service holds are made there. Stopped again if that fails.
 */
export async function attachServer<S extends StoppableServer>(
  state: SimState,
  project: string,
  service: string,
  start: (ca: CertificateAuthority) => Promise<S>,
): Promise<S> {
  const ca = state.projects.get(project)?.ca;
  if (!ca) throw new Error(`no project ${project} in the simulator`);
  const server = await start(ca);
  try {
    await state.attachReal(project, service, server);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
