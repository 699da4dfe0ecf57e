{{- /* Kubernetes' recommended labels; the selector uses only name and instance, which never change on upgrade. */ -}}
{{- define "aivenator.labels" -}}
{{ include "aivenator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: aivenator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "aivenator.selectorLabels" -}}
app.kubernetes.io/name: aivenator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- /* The image reference: [registry/]repository:tag[@digest]; the tag defaults to the chart's appVersion. */ -}}
{{- define "aivenator.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- with .Values.image.registry }}{{ $ref = printf "%s/%s" . $ref }}{{ end -}}
{{- with .Values.image.digest }}{{ $ref = printf "%s@%s" $ref . }}{{ end -}}
{{- $ref -}}
{{- end }}
