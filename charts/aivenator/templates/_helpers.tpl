{{- define "aivenator.labels" -}}
app.kubernetes.io/name: aivenator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
