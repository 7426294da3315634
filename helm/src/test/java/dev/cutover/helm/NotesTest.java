package dev.cutover.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

/** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster). */
class NotesTest {

    private static String notes(String chart, String... set) {
        InstallCommand install = new Helm(Charts.chart(chart)).install().withName("cutover").withNamespace("analytics")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (int i = 0; i < set.length; i += 2) {
            install = install.set(set[i], set[i + 1]);
        }
        return install.call().getOutput();
    }

    @Test
    void controllerNotesGiveTheServiceUrlAndWarnWithoutAToken() {
        String notes = notes("cutover-controller");

        assertThat(notes).contains("http://cutover-cutover-controller.analytics.svc:8080")
                .contains("journal in /var/lib/cutover on a PersistentVolumeClaim")
                .contains("WARNING: no existingSecret", "refuses to start", "insecureNoToken=true");
        assertThat(notes("cutover-controller", "existingSecret", "cutover-token")).doesNotContain("WARNING")
                .contains("no operatorSecret", "403");
        assertThat(notes("cutover-controller", "existingSecret", "w", "operatorSecret", "o"))
                .doesNotContain("WARNING").doesNotContain("no operatorSecret");
        assertThat(notes("cutover-controller", "insecureNoToken", "true"))
                .contains("WARNING: insecureNoToken", "without a token");
    }

    @Test
    void controllerNotesWithKafkaGiveTheTopicsTheWorkersMustUse() {
        String notes = notes("cutover-controller", "kafkaBootstrap", "kafka:9092");

        assertThat(notes).contains("routes cutover-cutover-controller.routes", "group cutover-cutover-controller")
                .contains("--set kafkaBootstrap=kafka:9092 --set kafkaRoutesTopic=cutover-cutover-controller.routes"
                        + " --set kafkaReportsTopic=cutover-cutover-controller.reports");
        assertThat(notes("cutover-controller")).doesNotContain("Kafka topics");
    }

    @Test
    void workerNotesListTheJobsAndWarnWithoutAStreamConfig() {
        String notes = notes("refine-worker");

        assertThat(notes).contains("job legacy: CronJob on \"10 * * * *\"", "job airflow: CronJob")
                .contains("WARNING: no stream config")
                .contains("create job --from=cronjob/cutover-refine-worker-legacy");
        assertThat(notes("refine-worker", "configSource", "/srv/streams.json")).doesNotContain("WARNING");
        assertThat(notes("refine-worker", "kafkaBootstrap", "kafka:9092"))
                .contains("Controller: http://cutover-controller:8080")
                .contains("routes topic cutover-controller.routes, reports topic cutover-controller.reports");
    }
}
