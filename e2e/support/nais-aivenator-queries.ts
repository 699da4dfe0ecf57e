// The PromQL of nais/aivenator's chart (charts/aivenator/templates/prometheusrule.yaml) and Grafana dashboard
// (hack/dashboard.json) at f3f5c84 that read aivenator_* series, verbatim; template variables stay as they are.
// The dashboard's other panels read kube-state-metrics and cAdvisor, which do not depend on the controller.
export const naisAivenatorQueries = {
  alerts: [
    'histogram_quantile(0.95, sum(rate(aivenator_aiven_application_processing_time_seconds_bucket[5m])) by (le)) > 20',
    'sum(rate(aivenator_aiven_applications_processed{synchronization_state="RolloutFailed"}[5m])) > 0',
    'sum(rate(aivenator_aiven_applications_processed{synchronization_state="RolloutFailed"}[30m])) / sum(rate(aivenator_aiven_applications_processed[30m])) > 0.5',
    'sum(aivenator_service_users_count{pool="{{ .Values.aiven.mainProject }}"}) >= ({{ .Values.aiven.serviceUserLimit }} - 100)',
    'sum(aivenator_service_users_count{pool="{{ .Values.aiven.mainProject }}"}) >= ({{ .Values.aiven.serviceUserLimit }} * 0.9)',
  ],
  dashboard: [
    'label_values(aivenator_aiven_latency_bucket, operation)',
    'label_values(aivenator_kubernetes_latency_bucket, operation)',
    'sum(aivenator_aiven_applications_processed) by (synchronization_state)',
    'sum(aivenator_aiven_applications_requeued) by (synchronization_state)',
    'sum(increase(aivenator_aiven_application_processing_time_seconds_bucket[$__interval])) by (le)',
    'sum(aivenator_service_users_created) by (pool)',
    'sum(aivenator_service_users_deleted) by (pool)',
    'sum(aivenator_service_users_count) by (pool)',
    'sum(aivenator_kubernetes_resources_written) by (resource_type)',
    'sum(aivenator_kubernetes_resources_deleted) by (resource_type)',
    'sum(aivenator_secrets_managed{state="protected"}) by (namespace)',
    'sum(aivenator_secrets_managed{state="in_use"}) by (namespace)',
    'sum(increase(aivenator_kubernetes_latency_bucket{operation="$kube_op"}[$__interval])) by (le)',
    'sum(increase(aivenator_aiven_latency_bucket{operation="$aiven_op"}[$__interval])) by (le)',
  ],
};
