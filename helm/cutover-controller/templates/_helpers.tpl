{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "cutover-controller.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name: includes the release name, so two releases in one namespace never share a
resource name. A release whose name already contains the chart name is used as is.
*/}}
{{- define "cutover-controller.fullname" -}}
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

{{- define "cutover-controller.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cutover-controller.labels" -}}
helm.sh/chart: {{ include "cutover-controller.chart" . }}
{{ include "cutover-controller.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cutover
{{- end }}

{{- define "cutover-controller.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cutover-controller.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cutover-controller.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cutover-controller.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cutover-controller.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* True (non-empty) when the Kafka control plane is configured; otherwise the journal is used. */}}
{{- define "cutover-controller.kafka" -}}
{{- if .Values.kafkaBootstrap }}true{{ end }}
{{- end }}

{{/* Where the files the controller reads are mounted. */}}
{{- define "cutover-controller.planFile" -}}/etc/cutover/plan/plan.yaml{{- end }}
{{- define "cutover-controller.kafkaPropertiesFile" -}}/etc/cutover/kafka/kafka.properties{{- end }}
{{- define "cutover-controller.tokenDir" -}}/var/run/secrets/cutover{{- end }}

{{- define "cutover-controller.tokenFile" -}}
{{- if .Values.tokenFile }}
{{- .Values.tokenFile }}
{{- else if .Values.existingSecret }}
{{- printf "%s/%s" (include "cutover-controller.tokenDir" .) .Values.existingSecretKey }}
{{- end }}
{{- end }}

{{- define "cutover-controller.operatorTokenDir" -}}/var/run/secrets/cutover-operator{{- end }}

{{- define "cutover-controller.operatorTokenFile" -}}
{{- if .Values.operatorTokenFile }}
{{- .Values.operatorTokenFile }}
{{- else if .Values.operatorSecret }}
{{- printf "%s/%s" (include "cutover-controller.operatorTokenDir" .) .Values.operatorSecretKey }}
{{- end }}
{{- end }}

{{/* True (non-empty) when any token is configured. */}}
{{- define "cutover-controller.anyToken" -}}
{{- if or .Values.existingSecret .Values.tokenFile .Values.operatorSecret .Values.operatorTokenFile }}true{{ end }}
{{- end }}

{{- define "cutover-controller.kafkaProperties" -}}
{{- if or .Values.kafkaProperties .Values.kafkaPropertiesSecret }}
{{- include "cutover-controller.kafkaPropertiesFile" . }}
{{- end }}
{{- end }}

{{/*
The Kafka names of this release (YAML map: routes, events, reports, leader, group). With
kafkaBootstrap set, an empty value defaults from the fullname (<fullname>.routes, .events,
.reports, .leader; group <fullname>; the controller derives the transactional id from the routes
topic), so two releases on one Kafka cluster never share topics, group or transactional id. An
explicit value always wins; without kafkaBootstrap only explicit values are set.
*/}}
{{- define "cutover-controller.kafkaNames" -}}
{{- $fn := include "cutover-controller.fullname" . }}
{{- $on := .Values.kafkaBootstrap }}
{{- $names := dict }}
{{- range $k, $v := dict "routes" .Values.kafkaRoutesTopic "events" .Values.kafkaEventsTopic "reports" .Values.kafkaReportsTopic "leader" .Values.kafkaLeaderTopic }}
{{- if $v }}
{{- $_ := set $names $k (toString $v) }}
{{- else if $on }}
{{- $_ := set $names $k (printf "%s.%s" $fn $k) }}
{{- end }}
{{- end }}
{{- if .Values.kafkaGroup }}
{{- $_ := set $names "group" (toString .Values.kafkaGroup) }}
{{- else if $on }}
{{- $_ := set $names "group" $fn }}
{{- end }}
{{- toYaml $names }}
{{- end }}

{{/*
The controller's settings as environment variables, one per value (camelCase value -> CUTOVER_*).
Empty settings are left out: the controller then uses its own default.
*/}}
{{- define "cutover-controller.settings" -}}
{{- $kafka := include "cutover-controller.kafkaNames" . | fromYaml }}
{{- $s := dict
  "CUTOVER_CONFIG_SOURCE" .Values.configSource
  "CUTOVER_PLAN" (include "cutover-controller.planFile" .)
  "CUTOVER_STATE_DIR" .Values.stateDir
  "CUTOVER_PORT" (toString .Values.port)
  "CUTOVER_POLL_INTERVAL" .Values.pollInterval
  "CUTOVER_RESYNC_INTERVAL" .Values.resyncInterval
  "CUTOVER_TOKEN_FILE" (include "cutover-controller.tokenFile" .)
  "CUTOVER_OPERATOR_TOKEN_FILE" (include "cutover-controller.operatorTokenFile" .)
  "CUTOVER_INSECURE_NO_TOKEN" (ternary "true" "" (eq (toString .Values.insecureNoToken) "true"))
  "CUTOVER_OVERRIDE_FILE" .Values.overrideFile
  "CUTOVER_USER_AGENT" .Values.userAgent
  "CUTOVER_KAFKA_BOOTSTRAP" .Values.kafkaBootstrap
  "CUTOVER_KAFKA_ROUTES_TOPIC" $kafka.routes
  "CUTOVER_KAFKA_EVENTS_TOPIC" $kafka.events
  "CUTOVER_KAFKA_REPORTS_TOPIC" $kafka.reports
  "CUTOVER_KAFKA_LEADER_TOPIC" $kafka.leader
  "CUTOVER_KAFKA_TRANSACTIONAL_ID" .Values.kafkaTransactionalId
  "CUTOVER_KAFKA_GROUP" $kafka.group
  "CUTOVER_KAFKA_REPLICATION_FACTOR" (toString (default "" .Values.kafkaReplicationFactor))
  "CUTOVER_KAFKA_PROPERTIES" (include "cutover-controller.kafkaProperties" .)
}}
{{- $w := .Values.webhooks }}
{{- if or $w.urls $w.existingSecret }}
{{- $_ := set $s "CUTOVER_WEBHOOK_URL" (join "," $w.urls) }}
{{- $_ := set $s "CUTOVER_WEBHOOK_FORMAT" $w.format }}
{{- $_ := set $s "CUTOVER_WEBHOOK_TIMEOUT" $w.timeout }}
{{- $_ := set $s "CUTOVER_WEBHOOK_RETRY_DELAY" $w.retryDelay }}
{{- $_ := set $s "CUTOVER_WEBHOOK_MAX_ATTEMPTS" (ternary (toString $w.maxAttempts) "" (gt (int $w.maxAttempts) 0)) }}
{{- end }}
{{- range $k, $v := $s }}
{{- if $v }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Fails rendering when the values cannot work; every message says what to change. */}}
{{- define "cutover-controller.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.kafkaBootstrap) }}
{{- fail (printf "replicaCount=%d needs the Kafka control plane: set kafkaBootstrap (CUTOVER_KAFKA_BOOTSTRAP). Without Kafka the controller keeps its routes in a journal on one volume that only one replica may write; use replicaCount=1 or set kafkaBootstrap." (int .Values.replicaCount)) }}
{{- end }}
{{- if not .Values.configSource }}
{{- fail "configSource (CUTOVER_CONFIG_SOURCE) is empty: set it to a MediaWiki api.php URL or a stream config file path" }}
{{- end }}
{{- if not .Values.plan }}
{{- fail "plan is empty: set it to the migration plan YAML, e.g. --set-file plan=migrations/analytics-hadoop.yaml" }}
{{- end }}
{{- if and .Values.webhooks.urls .Values.webhooks.existingSecret }}
{{- fail "set either webhooks.urls or webhooks.existingSecret, not both: the controller reads one CUTOVER_WEBHOOK_URL (several URLs comma-separated in the secret)" }}
{{- end }}
{{- if and .Values.kafkaProperties .Values.kafkaPropertiesSecret }}
{{- fail "set either kafkaProperties or kafkaPropertiesSecret, not both: the controller reads one Kafka client properties file" }}
{{- end }}
{{- end }}
