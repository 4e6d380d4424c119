package io.candlestream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.CandlestreamJob;
import io.candlestream.local.LocalFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (not run here: no Kubernetes, Docker or Grafana on this machine) agree with the configuration
 * and the jar that are tested: the FlinkDeployment's settings, the Dockerfile's jar, the Prometheus reporter and the
 * Grafana dashboard's metric names.
 */
class DeploymentFilesTest {

    private static final Path K8S = Path.of("flink-conf", "kubernetes");

    @Test
    void theFlinkDeploymentCarriesTheProductionSettingsAndTheReporter() throws Exception {
        String deployment = Files.readString(K8S.resolve("flink-deployment.yaml"));
        Map<String, String> conf = flatConfig(Path.of("flink-conf", "config.yaml"));
        for (String key : List.of("state.backend.type", "execution.checkpointing.incremental",
                "execution.checkpointing.externalized-checkpoint-retention", "execution.checkpointing.num-retained",
                "execution.checkpointing.interval-during-backlog", "restart-strategy.type",
                "pipeline.max-parallelism", "pipeline.generic-types", "metrics.reporter.prom.factory.class")) {
            String value = conf.get(key);
            assertThat(value).as("%s in flink-conf/config.yaml", key).isNotNull();
            assertThat(deployment).as("%s in the FlinkDeployment", key)
                    .containsPattern("(?m)^    " + key.replace(".", "\\.") + ": \"?" + java.util.regex.Pattern.quote(value)
                            + "\"?$");
        }
        assertThat(conf.get("metrics.reporter.prom.factory.class")).isEqualTo(LocalFlink.PROMETHEUS_FACTORY);
        assertThat(conf.get("metrics.reporter.prom.port")).isEqualTo(LocalFlink.PROMETHEUS_PORTS);
        assertThat(conf.get("pipeline.max-parallelism")).isEqualTo(Integer.toString(CandlestreamJob.MAX_PARALLELISM));
        assertThat(deployment).contains("kind: FlinkDeployment").contains("flinkVersion: v2_3")
                .contains("jarURI: local:///opt/flink/usrlib/candlestream.jar")
                .contains("secretKeyRef: {name: candlestream-db, key: password}")
                .doesNotContain("--jdbc-password");
    }

    @Test
    void theDockerfileIsTheOfficialFlinkImageWithTheJarWhereTheDeploymentLooks() throws Exception {
        List<String> lines = Files.readAllLines(K8S.resolve("Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines.get(0)).isEqualTo("FROM flink:2.3.0-java17");
        assertThat(lines).contains("COPY target/candlestream.jar /opt/flink/usrlib/candlestream.jar");
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricNamesThePrometheusTestFinds() throws Exception {
        String dashboard = Files.readString(Path.of("flink-conf", "grafana", "candlestream-dashboard.json"));
        java.util.regex.Matcher names = java.util.regex.Pattern
                .compile("flink_taskmanager_job_task_operator_stream_[A-Za-z]+").matcher(dashboard);
        int found = 0;
        while (names.find()) {
            found++;
            assertThat(io.candlestream.metrics.PrometheusMetricsITCase.DASHBOARD_METRICS).as("dashboard metric")
                    .contains(names.group());
        }
        assertThat(found).as("metric references in the dashboard").isGreaterThan(5);
    }

    /** The {@code key: value} lines of a flat YAML file. */
    private static Map<String, String> flatConfig(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(": ");
            if (!line.startsWith("#") && colon > 0 && !line.startsWith(" ")) {
                out.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return out;
    }
}
