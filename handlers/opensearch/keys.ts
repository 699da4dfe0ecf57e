// The OpenSearch secret's keys and annotations (as in nais/aivenator).
export const openSearchKeys = {
  username: 'OPEN_SEARCH_USERNAME',
  password: 'OPEN_SEARCH_PASSWORD',
  uri: 'OPEN_SEARCH_URI',
  host: 'OPEN_SEARCH_HOST',
  port: 'OPEN_SEARCH_PORT',
  dashboardUri: 'OPEN_SEARCH_DASHBOARD_URI',
  dashboardHost: 'OPEN_SEARCH_DASHBOARD_HOST',
  dashboardPort: 'OPEN_SEARCH_DASHBOARD_PORT',
} as const;

export const openSearchAnnotations = {
  serviceUser: 'opensearch.aiven.nais.io/serviceUser',
  serviceName: 'opensearch.aiven.nais.io/serviceName',
  project: 'opensearch.aiven.nais.io/project',
} as const;
