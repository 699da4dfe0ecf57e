// A password as PostgreSQL stores it for SCRAM-SHA-256 (RFC 5802, RFC 7677), computed here so that the password
// itself never travels in a CREATE/ALTER ROLE statement, where the server could log it or show it in
// pg_stat_activity. libpq's PQencryptPasswordConn (psql's \password) does the same; node-postgres has no
// equivalent, so this is the few lines of it, checked against a verifier PostgreSQL made (postgres-scram.test.ts).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default (scram_iterations, fixed in 15). */
const iterations = 4096;

/**
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, which CREATE ROLE ... PASSWORD takes as already
 * encrypted. ASCII passwords only (all Aiven generates): SASLprep, which PostgreSQL applies first, leaves them as they are
 * and would need a library for anything else.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  if (!/^[\x20-\x7e]*$/.test(password)) throw new Error('scramVerifier: only printable ASCII passwords are supported');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const b64 = (bytes: Buffer) => bytes.toString('base64');
  return `SCRAM-SHA-256$${String(iterations)}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
