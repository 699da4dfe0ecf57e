// A throwaway Apache Kafka (install-kafka.sh: jars from Maven Central) behind a simulated Aiven Kafka service: one
// node in KRaft combined mode (broker and controller), on free 127.0.0.1 ports, stopped and its directory removed by
// the reaper however its owner ends.
//
// Listeners: SSL is what the simulator's answers name (KAFKA_BROKERS), with a server certificate from the project CA
// and `ssl.client.auth=required`: every client is a certificate of the project CA, and its CN is its principal
// (User:<CN>, by `ssl.principal.mapping.rules`), as on Aiven. INTERNAL (plaintext) serves the harness's own tools
// (topics, ACLs) and CONTROLLER the broker's own quorum; on both the principal is ANONYMOUS, the one super user. The
// SSL listener can never yield ANONYMOUS (a client without a certificate is refused), and no simulator user may be
// named so (access.ts). StandardAuthorizer with `allow.everyone.if.no.acl.found=false`: a principal may do only what
// an ACL binding names it for, and those follow the simulator's Aiven ACL entries (access.ts, kafka/acls.ts).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RealService } from '../../sim/real-service.ts';
import type { SimState } from '../../sim/state.ts';
import { issueServerCertificate, type CertificateAuthority } from '../../sim/x509.ts';
import { freePort } from '../ports.ts';
import { spawnLogged, startReaper, type LoggedProcess } from '../processes.ts';
import { waitFor } from '../wait.ts';
import { KafkaAccess, superUser } from './kafka/access.ts';
import { aclCommandArgs } from './kafka/acls.ts';
import { attachServer } from './attach.ts';

const installer = fileURLToPath(new URL('./install-kafka.sh', import.meta.url));
const brokerLogConfig = fileURLToPath(new URL('./kafka/broker-log4j2.properties', import.meta.url));
const toolLogConfig = fileURLToPath(new URL('./kafka/tools-log4j2.properties', import.meta.url));

const host = '127.0.0.1';
const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
/** The broker: a small heap is plenty for a few topics; C1 only starts it sooner and keeps its RSS near 330 MB. */
const brokerJvm = ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
/** A tool: C1 and the serial collector start a JVM in well under a second. */
const toolJvm = ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

export interface ToolResult {
  /** The exit code; null when it was killed (its timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The classpath of the installed Kafka; the installer is the one place that knows the cache layout. */
export function kafkaClasspath(): string {
  const dir = execFileSync('bash', [installer, '--print-dir'], { encoding: 'utf8' }).trim();
  if (!existsSync(join(dir, '.installed'))) {
    throw new Error(
      `Apache Kafka is not installed in ${dir}: run \`make kafka\` (bash testenv/servers/install.sh kafka)`,
    );
  }
  return join(dir, 'libs', '*');
}

/** Runs one of Kafka's command-line tools (a main class of kafka-tools or kafka_2.13) to its end. */
export function runKafkaTool(
  mainClass: string,
  args: readonly string[],
  options: { timeoutMs?: number; classpath?: string } = {},
): Promise<ToolResult> {
  const jvm = [...toolJvm, `-Dlog4j2.configurationFile=${toolLogConfig}`, '-cp', options.classpath ?? kafkaClasspath()];
  return new Promise((resolve) => {
    execFile(
      java,
      [...jvm, mainClass, ...args],
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface KafkaBroker extends RealService {
  /** The plaintext listener of the harness's own tools (super user): never the one under test. */
  readonly adminBootstrap: string;
  readonly classpath: string;
  /** Milliseconds from the call to the broker serving requests (storage formatted, JVM started). */
  readonly startupMs: number;
  readonly access: KafkaAccess;
  /** Creates a topic of one partition, as the harness's admin. */
  createTopic(name: string): Promise<void>;
  /** The last lines the broker logged, for a failed test's message (it logs no keys or passwords). */
  logTail(lines?: number): string;
  /** Stops the broker and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

interface Ports {
  readonly ssl: number;
  readonly internal: number;
  readonly controller: number;
}

function serverProperties(dir: string, ports: Ports): string {
  const at = (name: string, port: number) => `${name}://${host}:${String(port)}`;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${String(ports.controller)}`,
    `listeners=${[at('SSL', ports.ssl), at('INTERNAL', ports.internal), at('CONTROLLER', ports.controller)].join(',')}`,
    `advertised.listeners=${at('SSL', ports.ssl)},${at('INTERNAL', ports.internal)}`,
    'listener.security.protocol.map=SSL:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=INTERNAL',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dir, 'data')}`,
    // Kafka reads PEM itself (KIP-651): the server's key and certificate, and the CA it verifies clients with.
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${join(dir, 'server.pem')}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${join(dir, 'ca.pem')}`,
    'ssl.client.auth=required',
    // The certificate's CN is the principal: `CN=team_app_1a2b3c4d_abc` is User:team_app_1a2b3c4d_abc.
    'ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${superUser}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    // One node: every internal topic has one replica.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** For waitFor's abortIf: why waiting is pointless (the broker exited, and what it said last), or null. */
const died = (broker: LoggedProcess) => (): string | null => {
  const exit = broker.exitDescription();
  return exit === null ? null : `kafka ${exit}; last lines of ${broker.logFile}:\n${broker.logTail()}`;
};

/** A tool's failure, with the end of what it said (Kafka's tools print no keys or passwords). */
function failed(what: string, result: ToolResult): Error {
  const said = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-10).join('\n');
  return new Error(`${what} failed (exit ${String(result.code)}):\n${said}`);
}

/** A new broker whose certificate `ca` signs, for 127.0.0.1 and localhost. */
export async function startKafka(ca: CertificateAuthority): Promise<KafkaBroker> {
  const started = Date.now();
  const classpath = kafkaClasspath();
  const [certificate, ssl, internal, controller] = await Promise.all([
    issueServerCertificate(ca, [host, 'localhost']),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const reaper = startReaper();
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-kafka-'));
  reaper.removeLater(dir); // registered first, so removed last: after the broker has stopped
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= reaper.release());
  try {
    // The key in a file only the owner reads, never on a command line (which `ps` shows).
    writeFileSync(join(dir, 'server.pem'), `${certificate.keyPem}${certificate.certificatePem}`, { mode: 0o600 });
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    const properties = join(dir, 'server.properties');
    writeFileSync(properties, serverProperties(dir, { ssl, internal, controller }));
    const clusterId = randomBytes(16).toString('base64url'); // a Kafka Uuid's text form
    const format = ['format', '--cluster-id', clusterId, '--config', properties];
    const formatted = await runKafkaTool('kafka.tools.StorageTool', format, { classpath });
    if (formatted.code !== 0) throw failed('formatting the storage', formatted);
    const broker = spawnLogged(
      {
        name: 'kafka',
        binary: java,
        args: [
          ...brokerJvm,
          `-Dlog4j2.configurationFile=${brokerLogConfig}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          properties,
        ],
        logFile: join(dir, 'kafka.log'),
      },
      reaper,
    );
    await waitFor(
      'kafka to start',
      () => Promise.resolve(broker.logTail(20).includes('Kafka Server started') || undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 50,
        abortIf: died(broker),
      },
    );
    const adminBootstrap = `${host}:${String(internal)}`;
    const access = new KafkaAccess(async (action, command) => {
      const args = ['--bootstrap-server', adminBootstrap, ...aclCommandArgs(action, command)];
      const result = await runKafkaTool('org.apache.kafka.tools.AclCommand', args, { classpath });
      if (result.code !== 0) throw failed(`kafka-acls --${action}`, result);
    });
    return {
      endpoint: { host, port: ssl },
      adminBootstrap,
      classpath,
      startupMs: Date.now() - started,
      access,
      // The certificate itself is the simulator's (issued from the project CA); the broker only needs to know the
      // principal exists, for the ACL entries that match it.
      putUser: (user) => access.putUser(user.username),
      deleteUser: (username) => access.deleteUser(username),
      setKafkaAcls: (acls) => access.setAcls(acls),
      createTopic: async (name) => {
        const args = ['--bootstrap-server', adminBootstrap, '--create', '--topic', name, '--partitions', '1'];
        const result = await runKafkaTool('org.apache.kafka.tools.TopicCommand', args, { classpath });
        if (result.code !== 0) throw failed(`creating topic ${name}`, result);
      },
      logTail: (lines) => broker.logTail(lines),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A real Kafka behind the simulated service `project/service`: the simulator's answers name its SSL listener, and
 * its users and ACL entries (avnadmin's admin entry to begin with) become principals and bindings there.
 */
export const attachKafka = (state: SimState, project: string, service: string): Promise<KafkaBroker> =>
  attachServer(state, project, service, startKafka);
