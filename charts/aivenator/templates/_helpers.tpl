{{- define "aivenator.labels" -}}
app.kubernetes.io/name: aivenator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- /* The image reference: [registry/]repository:tag[@digest]; the tag defaults to the chart's appVersion. */ -}}
{{- define "aivenator.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- with .Values.image.registry }}{{ $ref = printf "%s/%s" . $ref }}{{ end -}}
{{- with .Values.image.digest }}{{ $ref = printf "%s@%s" $ref . }}{{ end -}}
{{- $ref -}}
{{- end }}
