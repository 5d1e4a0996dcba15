{{/* Chart name, overridable. */}}
{{- define "podpatterns.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the prefix of every object name. Webhook configurations, the Service and the
certificate Secret are named after it, and the server is told these names by flag.
*/}}
{{- define "podpatterns.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "podpatterns.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "podpatterns.labels" -}}
helm.sh/chart: {{ include "podpatterns.chart" . }}
{{ include "podpatterns.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: podpatterns
{{- end }}

{{/* Labels that select the server's pods; never change them after a release exists. */}}
{{- define "podpatterns.selectorLabels" -}}
app.kubernetes.io/name: {{ include "podpatterns.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "podpatterns.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "podpatterns.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The server image; also the config-template init container's image (--self-image). */}}
{{- define "podpatterns.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Names of the objects the server and cert-manager refer to. */}}
{{- define "podpatterns.webhookConfigName" -}}{{ include "podpatterns.fullname" . }}{{- end }}
{{- define "podpatterns.servingSecretName" -}}{{ include "podpatterns.fullname" . }}-tls{{- end }}
{{- define "podpatterns.selfManagedSecretName" -}}{{ include "podpatterns.fullname" . }}-certs{{- end }}
{{- define "podpatterns.caName" -}}{{ include "podpatterns.fullname" . }}-ca{{- end }}
{{- define "podpatterns.selfSignedIssuerName" -}}{{ include "podpatterns.fullname" . }}-selfsigned{{- end }}

{{/* The config file, exactly as the server reads it. */}}
{{- define "podpatterns.configFile" -}}
{{- toYaml .Values.config }}
{{- end }}

{{/*
namespaceSelector expressions that every webhook carries: never kube-system, never the
release namespace (the webhook must not block its own recovery), never the extra
exclusions. kubernetes.io/metadata.name is set by the apiserver on every namespace.
*/}}
{{- define "podpatterns.namespaceExclusion" -}}
- key: kubernetes.io/metadata.name
  operator: NotIn
  values:
    {{- toYaml (concat (list "kube-system" .Release.Namespace) .Values.webhooks.excludeNamespaces | uniq) | nindent 4 }}
{{- end }}

{{/* matchConditions every webhook carries: mirror pods (static pods) cannot be mutated. */}}
{{- define "podpatterns.matchConditions" -}}
- name: not-a-mirror-pod
  expression: '!has(object.metadata.annotations) || !(''kubernetes.io/config.mirror'' in object.metadata.annotations)'
{{- end }}

{{/* The clientConfig of a webhook; path is passed as .path. */}}
{{- define "podpatterns.clientConfig" -}}
service:
  name: {{ include "podpatterns.fullname" .root }}
  namespace: {{ .root.Release.Namespace }}
  path: {{ .path }}
  port: {{ .root.Values.service.port }}
{{- end }}

{{/* The rules of every webhook: pod CREATE only. */}}
{{- define "podpatterns.podCreateRules" -}}
- operations: ["CREATE"]
  apiGroups: [""]
  apiVersions: ["v1"]
  resources: ["pods"]
  scope: Namespaced
{{- end }}

{{/* In-place resize (pods/resize, Kubernetes >= 1.33) changes requests and limits of a
running pod: the validating webhook judges it against the profile like a creation. */}}
{{- define "podpatterns.podResizeRules" -}}
- operations: ["UPDATE"]
  apiGroups: [""]
  apiVersions: ["v1"]
  resources: ["pods/resize"]
  scope: Namespaced
{{- end }}

{{/* The workloads webhook's rules: the pod controllers whose templates it checks. */}}
{{- define "podpatterns.workloadRules" -}}
- operations: ["CREATE", "UPDATE"]
  apiGroups: ["apps"]
  apiVersions: ["v1"]
  resources: ["deployments", "statefulsets", "daemonsets", "replicasets"]
  scope: Namespaced
- operations: ["CREATE", "UPDATE"]
  apiGroups: ["batch"]
  apiVersions: ["v1"]
  resources: ["jobs", "cronjobs"]
  scope: Namespaced
{{- end }}

{{/* cert-manager's cainjector annotation, in cert-manager mode. */}}
{{- define "podpatterns.injectCA" -}}
{{- if .Values.certManager.enabled }}
cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "podpatterns.servingSecretName" .) }}
{{- end }}
{{- end }}

{{/* Names of the hook objects. */}}
{{- define "podpatterns.checkName" -}}{{ include "podpatterns.fullname" . }}-check{{- end }}
{{- define "podpatterns.cleanupName" -}}{{ include "podpatterns.fullname" . }}-cleanup{{- end }}

{{/*
Labels of hook objects: never the selector labels, so the Service, the PDB and the
NetworkPolicy of the server never select a hook's pod. Pass (dict "root" . "component" "check").
*/}}
{{- define "podpatterns.hookLabels" -}}
helm.sh/chart: {{ include "podpatterns.chart" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: podpatterns
{{- end }}

{{/*
Annotations of hook objects: (dict "events" "post-install,post-upgrade" "weight" -10).
A hook's objects are deleted when it succeeded, and before it runs again; a failed Job
stays for `kubectl logs`.
*/}}
{{- define "podpatterns.hookAnnotations" -}}
helm.sh/hook: {{ .events }}
helm.sh/hook-weight: {{ .weight | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end }}

{{/*
The pod template of a hook Job: the server's image with a subcommand, restricted
security, the server's scheduling. Pass
(dict "root" . "name" SERVICEACCOUNT "component" NAME "args" LIST "resources" MAP).
*/}}
{{- define "podpatterns.hookPod" -}}
{{- $v := .root.Values -}}
metadata:
  labels:
    {{- include "podpatterns.hookLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  serviceAccountName: {{ .name }}
  restartPolicy: Never
  {{- with $v.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "podpatterns.image" .root }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      args:
        {{- toYaml .args | nindent 8 }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      {{- with $v.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
