package io.callisto.hub.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callisto.hub.config.HubConfig;
import io.callisto.spawner.kubernetes.KubernetesSpawnerSettings;
import io.callisto.spawner.kubernetes.Overrides;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From the hub's configuration keys to the spawner's settings, without starting the hub. */
class KubernetesSettingsTest {

    private static KubernetesSpawnerSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(HubConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return KubernetesSettings.from(config.getConfigMapping(HubConfig.class).spawner().kubernetes(), "hub-namespace");
    }

    @Test
    void withNothingConfiguredPodsGetKubeSpawnersDefaultsInTheHubsNamespace() {
        KubernetesSpawnerSettings settings = settings(Map.of());

        assertThat(settings).isEqualTo(KubernetesSpawnerSettings.builder("hub-namespace").build());
        assertThat(settings.timing().startTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void podKeysProfilesOptionsAndTypedValuesBecomeOverrides() {
        String k = "callisto.spawner.kubernetes.";
        KubernetesSpawnerSettings settings = settings(Map.ofEntries(
                Map.entry(k + "namespace", "jhub"),
                Map.entry(k + "memory-limit", "2Gi"),
                Map.entry(k + "addressing", "service"),
                Map.entry(k + "profiles[0].slug", "gpu"),
                Map.entry(k + "profiles[0].display-name", "GPU"),
                Map.entry(k + "profiles[0].extra-resources.\"nvidia.com/gpu\"", "1"),
                Map.entry(k + "profiles[0].tolerations", "[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]"),
                Map.entry(k + "profiles[0].options[0].name", "image"),
                Map.entry(k + "profiles[0].options[0].display-name", "Image"),
                Map.entry(k + "profiles[0].options[0].free-text.pattern", "quay\\.io/.+"),
                Map.entry(k + "profiles[0].options[0].free-text.image", "{value}")));

        assertThat(settings.namespace()).isEqualTo("jhub");
        assertThat(settings.addressing()).isEqualTo(KubernetesSpawnerSettings.Addressing.SERVICE);
        assertThat(settings.defaults()).isEqualTo(Overrides.builder().memory(null, "2Gi").build());
        assertThat(settings.profiles()).singleElement().satisfies(profile -> {
            assertThat(profile.overrides()).isEqualTo(Overrides.builder().extraResources(Map.of("nvidia.com/gpu", "1"))
                    .tolerations(List.of(new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
                            .withEffect("NoSchedule").build())).build());
            assertThat(profile.options()).singleElement().satisfies(option -> {
                assertThat(option.choices()).isEmpty();
                assertThat(option.freeText().orElseThrow().displayName()).isEqualTo("Other");
                assertThat(option.freeText().orElseThrow().overrides().image()).contains("{value}");
            });
        });
    }

    @Test
    void aValueThatCannotWorkStopsTheHubNamingItsKey() {
        String k = "callisto.spawner.kubernetes.";
        assertThatThrownBy(() -> settings(Map.of(k + "tolerations", "key: [unclosed")))
                .hasMessageContaining("callisto.spawner.kubernetes.tolerations is not valid YAML or JSON");
        assertThatThrownBy(() -> settings(Map.of(k + "profiles[0].slug", "big", k + "profiles[0].display-name", "Big",
                k + "profiles[0].cpu-limit", "lots")))
                .hasMessageContaining("callisto.spawner.kubernetes.profiles[0].*: cpu limit 'lots' is not a Kubernetes quantity");
        assertThatThrownBy(() -> settings(Map.of(k + "addressing", "ingress")))
                .hasMessageContaining("addressing 'ingress' is not pod-ip or service");
        assertThatThrownBy(() -> settings(Map.of(k + "uid", "0")))
                .hasMessageContaining("uid 0: single-user servers do not run as root");
        assertThatThrownBy(() -> settings(Map.of(k + "pod-name-template", "Jupyter-{user}")))
                .hasMessageContaining("name template 'Jupyter-{user}'");
        assertThatThrownBy(() -> settings(Map.of(k + "api-concurrency", "0")))
                .hasMessageContaining("API concurrency must be at least 1, not 0");
    }

    @Test
    void theApiConcurrencyOfStartsIsPassedOn() {
        assertThat(settings(Map.of("callisto.spawner.kubernetes.api-concurrency", "3")).apiConcurrency()).isEqualTo(3);
    }
}
