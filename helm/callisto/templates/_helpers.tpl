{{- define "callisto.fullname" -}}
{{- printf "%s-callisto" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "callisto.labels" -}}
app.kubernetes.io/name: callisto
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
