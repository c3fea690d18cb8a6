package io.callisto.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The mock API server answers the same with the name index as fabric8's plain CRUD dispatcher: the
 * same requests, replayed against both, give the same outcomes, and the index stays in use.
 */
class NamedCrudDispatcherTest {

    private static final String NS = MockCluster.NAMESPACE;

    @Test
    void answersAsFabric8sOwnStoreDoesAndKeepsItsIndex() {
        NamedCrudDispatcher named = new NamedCrudDispatcher();
        List<String> withIndex = replay(named);
        List<String> plain = replay(new KubernetesCrudDispatcher());

        assertThat(withIndex).isEqualTo(plain).hasSize(17);
        assertThat(withIndex).contains("409", "404", "null", "jupyter-a [phase=Running, app=jupyter, step=2]");
        assertThat(named.indexed()).isTrue();
    }

    /** Creates, reads, patches, replaces and deletes pods, a Secret and an event; one outcome per step. */
    private static List<String> replay(Dispatcher dispatcher) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        List<String> outcomes = new ArrayList<>();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(MockCluster.config("http://127.0.0.1:" + server.getPort())).build()) {
            var pods = client.pods().inNamespace(NS);
            outcomes.add(step(() -> pods.resource(pod("jupyter-a", "1")).create()));
            outcomes.add(step(() -> pods.resource(pod("jupyter-b", "1")).create()));
            outcomes.add(step(() -> pods.resource(pod("jupyter-a", "9")).create()));
            outcomes.add(step(() -> client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
                    .withName("jupyter-a").endMetadata().addToStringData("token", "t").build()).create()));
            outcomes.add(step(() -> pods.withName("jupyter-a").get()));
            outcomes.add(step(() -> pods.withName("jupyter-a").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"labels\":{\"step\":\"2\"}}}")));
            outcomes.add(step(() -> pods.withName("jupyter-a").patch(PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"phase\":\"Running\"}}]")));
            outcomes.add(step(() -> pods.withName("jupyter-a").get()));
            outcomes.add(step(() -> pods.withLabel("step", "2").list().getItems().size()));
            outcomes.add(step(() -> pods.resource(new PodBuilder(pods.withName("jupyter-b").get()).editMetadata()
                    .addToLabels("step", "3").endMetadata().build()).update()));
            outcomes.add(step(() -> pods.withName("jupyter-b").get()));
            outcomes.add(step(() -> pods.withName("jupyter-b").delete().size()));
            outcomes.add(step(() -> pods.withName("jupyter-b").get()));
            outcomes.add(step(() -> pods.withName("jupyter-b").patch(PatchContext.of(PatchType.JSON_MERGE), "{}")));
            outcomes.add(step(() -> client.events().v1().events().inNamespace(NS).resource(new EventBuilder()
                    .withNewMetadata().withName("jupyter-a.1").endMetadata().withReason("Started")
                    .withRegarding(new ObjectReferenceBuilder().withKind("Pod").withName("jupyter-a").build()).build()).create()));
            outcomes.add(step(() -> client.events().v1().events().inNamespace(NS).withName("jupyter-a.1").get().getReason()));
            outcomes.add(step(() -> client.secrets().inNamespace(NS).withName("jupyter-a").get()));
        } finally {
            server.destroy();
        }
        return outcomes;
    }

    private static Pod pod(String name, String step) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "jupyter").addToLabels("step", step)
                .endMetadata().withNewSpec().addNewContainer().withName("notebook").withImage("jupyter").endContainer()
                .endSpec().build();
    }

    /** What a step gave: an object's name with its phase and labels, a value, or the HTTP status it failed with. */
    private static String step(Callable<?> call) {
        try {
            Object result = call.call();
            if (result instanceof HasMetadata object) {
                Map<String, String> shown = new LinkedHashMap<>();
                if (object instanceof Pod pod && pod.getStatus() != null) {
                    shown.put("phase", pod.getStatus().getPhase());
                }
                shown.putAll(new TreeMap<>(object.getMetadata().getLabels() == null ? Map.of()
                        : object.getMetadata().getLabels()));
                return object.getMetadata().getName() + " " + shown.toString().replace("{", "[").replace("}", "]");
            }
            return String.valueOf(result);
        } catch (KubernetesClientException e) {
            return Integer.toString(e.getCode());
        } catch (Exception e) {
            return e.toString();
        }
    }
}
