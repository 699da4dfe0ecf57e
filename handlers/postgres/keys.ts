// The PostgreSQL secret's keys: libpq's environment variables, the CA, and a URL for frameworks that want one.
export const postgresKeys = {
  host: 'PGHOST',
  port: 'PGPORT',
  database: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  sslMode: 'PGSSLMODE',
  ca: 'POSTGRES_CA',
  url: 'DATABASE_URL',
} as const;

export const postgresAnnotations = {
  serviceUser: 'postgres.aiven.nais.io/serviceUser',
  serviceName: 'postgres.aiven.nais.io/serviceName',
  project: 'postgres.aiven.nais.io/project',
} as const;
