{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "refine-worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name: includes the release name, so two releases in one namespace never share a
resource name. A release whose name already contains the chart name is used as is. Kept to 40
characters: per-job names append "-<job>" and CronJob names must stay under 52.
*/}}
{{- define "refine-worker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "refine-worker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "refine-worker.labels" -}}
helm.sh/chart: {{ include "refine-worker.chart" . }}
{{ include "refine-worker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cutover
{{- end }}

{{- define "refine-worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "refine-worker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "refine-worker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "refine-worker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "refine-worker.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "refine-worker.streamConfigFile" -}}/etc/cutover/streamconfig/streams.json{{- end }}
{{- define "refine-worker.kafkaPropertiesFile" -}}/etc/cutover/kafka/kafka.properties{{- end }}
{{- define "refine-worker.executorTemplateFile" -}}/etc/cutover/spark/executor-pod.yaml{{- end }}
{{- define "refine-worker.tokenDir" -}}/var/run/secrets/cutover{{- end }}

{{- define "refine-worker.configSource" -}}
{{- default (include "refine-worker.streamConfigFile" .) .Values.configSource }}
{{- end }}

{{/* The controller's API: controllerUrl, or the Service of the controller release controllerFullname. */}}
{{- define "refine-worker.controllerUrl" -}}
{{- default (printf "http://%s:8080" .Values.controllerFullname) .Values.controllerUrl }}
{{- end }}

{{/*
The controller's Kafka topics the worker uses (YAML map: routes, reports), only with kafkaBootstrap:
an explicit value, else the controller chart's default for release controllerFullname
(<controllerFullname>.routes, <controllerFullname>.reports).
*/}}
{{- define "refine-worker.kafkaTopics" -}}
{{- $v := .Values }}
{{- if $v.kafkaBootstrap }}
routes: {{ default (printf "%s.routes" $v.controllerFullname) $v.kafkaRoutesTopic | quote }}
reports: {{ default (printf "%s.reports" $v.controllerFullname) $v.kafkaReportsTopic | quote }}
{{- end }}
{{- end }}

{{- define "refine-worker.kafkaProperties" -}}
{{- if and .Values.kafkaBootstrap (or .Values.kafkaProperties .Values.kafkaPropertiesSecret) }}
{{- include "refine-worker.kafkaPropertiesFile" . }}
{{- end }}
{{- end }}

{{- define "refine-worker.tokenFile" -}}
{{- if .Values.tokenFile }}
{{- .Values.tokenFile }}
{{- else if .Values.existingSecret }}
{{- printf "%s/%s" (include "refine-worker.tokenDir" .) .Values.existingSecretKey }}
{{- end }}
{{- end }}

{{/*
The worker's settings as environment variables (camelCase value -> CUTOVER_*); empty ones left out.
*/}}
{{- define "refine-worker.settings" -}}
{{- $kafka := include "refine-worker.kafkaTopics" . | fromYaml }}
{{- $s := dict
  "CUTOVER_CONTROLLER_URL" (include "refine-worker.controllerUrl" .)
  "CUTOVER_RAW_DIR" .Values.rawDir
  "CUTOVER_SCHEMA_REPO" .Values.schemaRepo
  "CUTOVER_CONFIG_SOURCE" (include "refine-worker.configSource" .)
  "CUTOVER_STATE_DIR" .Values.stateDir
  "CUTOVER_TOKEN_FILE" (include "refine-worker.tokenFile" .)
  "CUTOVER_KAFKA_BOOTSTRAP" .Values.kafkaBootstrap
  "CUTOVER_KAFKA_ROUTES_TOPIC" $kafka.routes
  "CUTOVER_KAFKA_REPORTS_TOPIC" $kafka.reports
  "CUTOVER_KAFKA_PROPERTIES" (include "refine-worker.kafkaProperties" .)
}}
{{- range $k, $v := $s }}
{{- if $v }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Per-job resource name: <fullname>-<job>. Call with (dict "root" $ "job" $job). */}}
{{- define "refine-worker.jobFullname" -}}
{{- printf "%s-%s" (include "refine-worker.fullname" .root) .job.name | trunc 52 | trimSuffix "-" }}
{{- end }}

{{/*
The worker's command line for one job (YAML list): `work --job NAME --controller URL --raw-dir DIR ...`
with the options WorkCommand really has. Call with (dict "root" $ "job" $job "loop" bool).
*/}}
{{- define "refine-worker.workerArgs" -}}
{{- $v := .root.Values }}
{{- $args := list "work" "--job" .job.name "--controller" (include "refine-worker.controllerUrl" .root) "--raw-dir" $v.rawDir "--schema-repo" $v.schemaRepo "--config-source" (include "refine-worker.configSource" .root) "--state-dir" $v.stateDir }}
{{- with (include "refine-worker.tokenFile" .root) }}
{{- $args = concat $args (list "--token-file" .) }}
{{- end }}
{{- with $v.since }}
{{- $args = concat $args (list "--since" (toString .)) }}
{{- end }}
{{- if .loop }}
{{- $args = concat $args (list "--loop" "--poll-interval" $v.sparkOperator.loopInterval) }}
{{- else }}
{{- if $v.untilIdle }}
{{- $args = append $args "--until-idle" }}
{{- end }}
{{- with $v.maxRounds }}
{{- $args = concat $args (list "--max-rounds" (toString (int .))) }}
{{- end }}
{{- with $v.pollInterval }}
{{- $args = concat $args (list "--poll-interval" .) }}
{{- end }}
{{- end }}
{{- with (default $v.transforms .job.transforms) }}
{{- $args = concat $args (list "--transforms" .) }}
{{- end }}
{{- with $v.metastoreUris }}
{{- $args = concat $args (list "--conf" (printf "spark.hadoop.hive.metastore.uris=%s" .)) }}
{{- end }}
{{- with $v.warehouseDir }}
{{- $args = concat $args (list "--conf" (printf "spark.sql.warehouse.dir=%s" .)) }}
{{- end }}
{{- $args = concat $args $v.extraArgs (default (list) .job.extraArgs) }}
{{- toYaml $args }}
{{- end }}

{{/* Spark settings shared by spark-submit (CronJob) and the SparkApplication. */}}
{{- define "refine-worker.sparkConf" -}}
{{- $v := .root.Values }}
{{- $conf := dict
  "spark.executor.instances" (toString $v.spark.executorInstances)
  "spark.executor.cores" (toString $v.spark.executorCores)
  "spark.executor.memory" $v.spark.executorMemory
  "spark.driver.memory" $v.spark.driverMemory
  "spark.driver.extraClassPath" $v.spark.classPath
  "spark.executor.extraClassPath" $v.spark.classPath
  "spark.local.dir" "/tmp"
  "spark.kubernetes.container.image" (include "refine-worker.image" .root)
  "spark.kubernetes.container.image.pullPolicy" $v.image.pullPolicy
  "spark.kubernetes.executor.podNamePrefix" (include "refine-worker.jobFullname" . | trunc 47 | trimSuffix "-")
}}
{{- toYaml (merge (dict) $v.spark.conf $conf) }}
{{- end }}

{{/* Fails rendering when the values cannot work; every message says what to change. */}}
{{- define "refine-worker.validate" -}}
{{- if not .Values.jobs }}
{{- fail "jobs is empty: list at least one job identity, e.g. jobs: [{name: legacy}, {name: airflow}]" }}
{{- end }}
{{- $seen := dict }}
{{- range .Values.jobs }}
{{- if not (and (kindIs "map" .) .name) }}
{{- fail (printf "jobs: every entry needs a name, e.g. - name: legacy (got %v)" .) }}
{{- end }}
{{- if not (regexMatch "^[a-z][a-z0-9-]{0,30}$" (toString .name)) }}
{{- fail (printf "jobs: job name %q is invalid: use 1-31 lower-case letters, digits and '-', starting with a letter (it names Kubernetes resources and the worker's --job)" (toString .name)) }}
{{- end }}
{{- if hasKey $seen .name }}
{{- fail (printf "jobs: job %q is listed twice; each job identity gets one schedule" .name) }}
{{- end }}
{{- $_ := set $seen .name true }}
{{- end }}
{{- range $k := list "rawDir" "schemaRepo" "stateDir" }}
{{- if not (get $.Values $k) }}
{{- fail (printf "%s is empty: the worker needs it (see values.yaml)" $k) }}
{{- end }}
{{- end }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" (toString .Values.controllerFullname)) }}
{{- fail (printf "controllerFullname %q is not the controller release's fullname (its Service name: lower-case letters, digits and '-', e.g. cutover-controller)" (toString .Values.controllerFullname)) }}
{{- end }}
{{- $url := include "refine-worker.controllerUrl" . }}
{{- if not (regexMatch "^https?://" $url) }}
{{- fail (printf "controllerUrl %q is not an http(s) URL, e.g. http://cutover-controller:8080" $url) }}
{{- end }}
{{- if not .Values.kafkaBootstrap }}
{{- range $k := list "kafkaRoutesTopic" "kafkaReportsTopic" "kafkaProperties" "kafkaPropertiesSecret" }}
{{- if get $.Values $k }}
{{- fail (printf "%s is set without kafkaBootstrap: set kafkaBootstrap (CUTOVER_KAFKA_BOOTSTRAP) to the controller's Kafka, or drop %s" $k $k) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.kafkaProperties .Values.kafkaPropertiesSecret }}
{{- fail "set either kafkaProperties or kafkaPropertiesSecret, not both: the worker reads one Kafka client properties file" }}
{{- end }}
{{- end }}

{{/* Volumes of a job's driver pod. Call with (dict "root" $ "job" $job). */}}
{{- define "refine-worker.driverVolumes" -}}
{{- $v := .root.Values }}
- name: tmp
  emptyDir: {}
- name: work-dir
  emptyDir: {}
- name: state
  {{- if $v.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "refine-worker.jobFullname" . }}-state
  {{- else }}
  emptyDir: {}
  {{- end }}
- name: config
  configMap:
    name: {{ include "refine-worker.fullname" .root }}
{{- with $v.rawVolume.claimName }}
- name: raw
  persistentVolumeClaim:
    claimName: {{ . }}
    readOnly: true
{{- end }}
{{- if $v.kafkaPropertiesSecret }}
- name: kafka-properties
  secret:
    secretName: {{ $v.kafkaPropertiesSecret }}
    defaultMode: 0440
    items:
      - key: kafka.properties
        path: kafka.properties
{{- else if $v.kafkaProperties }}
- name: kafka-properties
  configMap:
    name: {{ include "refine-worker.fullname" .root }}
    items:
      - key: kafka.properties
        path: kafka.properties
{{- end }}
{{- if $v.existingSecret }}
- name: token
  secret:
    secretName: {{ $v.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ $v.existingSecretKey }}
        path: {{ $v.existingSecretKey }}
{{- end }}
{{- with $v.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "refine-worker.driverVolumeMounts" -}}
{{- $v := .root.Values }}
- name: tmp
  mountPath: /tmp
- name: work-dir
  mountPath: /opt/spark/work-dir
- name: state
  mountPath: {{ $v.stateDir }}
- name: config
  mountPath: /etc/cutover/streamconfig/streams.json
  subPath: streams.json
  readOnly: true
- name: config
  mountPath: /etc/cutover/spark/executor-pod.yaml
  subPath: executor-pod.yaml
  readOnly: true
{{- if $v.rawVolume.claimName }}
- name: raw
  mountPath: {{ $v.rawDir }}
  readOnly: true
{{- end }}
{{- if or $v.kafkaProperties $v.kafkaPropertiesSecret }}
- name: kafka-properties
  mountPath: /etc/cutover/kafka
  readOnly: true
{{- end }}
{{- if $v.existingSecret }}
- name: token
  mountPath: {{ include "refine-worker.tokenDir" .root }}
  readOnly: true
{{- end }}
{{- with $v.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "refine-worker.driverEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
# The root filesystem is read-only: anything that writes under $HOME writes to the /tmp emptyDir.
- name: HOME
  value: /tmp
{{- range $k, $val := (include "refine-worker.settings" .root | fromYaml) }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- with .root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
A SparkApplication spec (v1beta2) running the worker in cluster mode: the operator creates the
driver pod. Call with (dict "ctx" $ctx "conf" $sparkConf).
*/}}
{{- define "refine-worker.sparkApplicationSpec" -}}
{{- $root := .ctx.root }}
{{- $v := $root.Values }}
{{- $labels := dict "app.kubernetes.io/name" (include "refine-worker.name" $root) "app.kubernetes.io/instance" $root.Release.Name "cutover.dev/job" .ctx.job.name }}
type: Java
mode: cluster
image: {{ include "refine-worker.image" $root | quote }}
imagePullPolicy: {{ $v.image.pullPolicy }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - {{ .name }}
  {{- end }}
{{- end }}
mainClass: dev.cutover.worker.WorkerMain
mainApplicationFile: {{ printf "local://%s" $v.spark.appJar | quote }}
sparkVersion: {{ $v.sparkOperator.sparkVersion | quote }}
arguments:
  {{- include "refine-worker.workerArgs" .ctx | nindent 2 }}
sparkConf:
  {{- range $k, $val := .conf }}
  {{ $k }}: {{ toString $val | quote }}
  {{- end }}
restartPolicy:
  {{- if .ctx.loop }}
  # A --loop worker runs until stopped; the operator restarts it when it fails.
  type: Always
  onFailureRetryInterval: 60
  onSubmissionFailureRetryInterval: 60
  {{- else }}
  type: Never
  {{- end }}
volumes:
  {{- include "refine-worker.driverVolumes" .ctx | nindent 2 }}
driver:
  cores: {{ $v.sparkOperator.driverCores }}
  memory: {{ $v.spark.driverMemory | quote }}
  serviceAccount: {{ include "refine-worker.serviceAccountName" $root }}
  labels:
    {{- toYaml $labels | nindent 4 }}
    app.kubernetes.io/component: driver
  env:
    {{- include "refine-worker.driverEnv" .ctx | nindent 4 }}
  volumeMounts:
    {{- include "refine-worker.driverVolumeMounts" .ctx | nindent 4 }}
  podSecurityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  securityContext:
    {{- toYaml $v.securityContext | nindent 4 }}
executor:
  instances: {{ $v.spark.executorInstances }}
  cores: {{ $v.spark.executorCores }}
  memory: {{ $v.spark.executorMemory | quote }}
  labels:
    {{- toYaml $labels | nindent 4 }}
    app.kubernetes.io/component: executor
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    - name: work-dir
      mountPath: /opt/spark/work-dir
    {{- if $v.rawVolume.claimName }}
    - name: raw
      mountPath: {{ $v.rawDir }}
      readOnly: true
    {{- end }}
  podSecurityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  securityContext:
    {{- toYaml $v.securityContext | nindent 4 }}
{{- end }}
