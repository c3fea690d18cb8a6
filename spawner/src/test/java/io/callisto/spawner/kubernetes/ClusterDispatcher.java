package io.callisto.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's dispatcher: fabric8's CRUD dispatcher (an in-memory API server with
 * watches), plus what it lacks: pod logs (answered by the simulated kubelet, as the real API server
 * asks the kubelet) and injected faults, answers the real API server gives in situations a mock
 * cannot reach (403 for an exceeded quota, 503 while overloaded).
 *
 * <p>Storage is sharded by resource (one CRUD dispatcher for pods, one for events, ...), as etcd's
 * keyspace is: the CRUD dispatcher scans all it holds for every request, so one store for
 * thousands of events and pods would make every pod request pay for every event. Resource versions
 * then count per resource, which informers (one per resource) do not mind. Within a shard,
 * {@link NamedCrudDispatcher} finds objects by name without a scan.
 */
public final class ClusterDispatcher extends Dispatcher {

    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    /** {@code /api/v1[/namespaces/{ns}]/{resource}...} or {@code /apis/{group}/{version}[/namespaces/{ns}]/{resource}...} */
    private static final Pattern RESOURCE = Pattern.compile("/apis?(?:/[^/]+)?/v[^/]*(?:/namespaces/[^/]+)?/([^/]+).*");

    private final Map<String, NamedCrudDispatcher> shards = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile LogSource logs = (namespace, pod, lines) -> null;

    /** Where pod logs come from: the last {@code lines} lines of the pod's container, or null for none. */
    @FunctionalInterface
    public interface LogSource {
        String tail(String namespace, String pod, int lines);
    }

    /** An injected answer for {@code times} requests with this method whose path matches. */
    private record Fault(String method, Pattern path, int status, String reason, String message, AtomicInteger times) {
    }

    public void logsFrom(LogSource source) {
        logs = source;
    }

    /**
     * The next {@code times} requests of {@code method} whose path (without the query) matches
     * {@code pathRegex} get a Kubernetes Status with this code, reason and message.
     */
    public void fail(String method, String pathRegex, int status, String reason, String message, int times) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), status, reason, message, new AtomicInteger(times)));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Whether every shard still finds objects by name through its index (see {@link NamedCrudDispatcher}). */
    public boolean indexed() {
        return shards.values().stream().allMatch(NamedCrudDispatcher::indexed);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = URI.create(request.getPath()).getRawPath();
        for (Fault fault : faults) {
            if (fault.method().equals(request.getMethod()) && fault.path().matcher(path).matches()
                    && fault.times().getAndDecrement() > 0) {
                return new MockResponse().setResponseCode(fault.status()).setHeader("Content-Type", "application/json")
                        .setBody(Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(fault.status())
                                .withReason(fault.reason()).withMessage(fault.message()).build()));
            }
        }
        Matcher log = LOG.matcher(path);
        if (log.matches() && request.getMethod().equals("GET")) {
            String text = logs.tail(log.group(1), log.group(2), tailLines(request.getPath()));
            return text == null ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
        }
        Matcher resource = RESOURCE.matcher(path);
        String shard = resource.matches() ? resource.group(1) : "";
        return shards.computeIfAbsent(shard, any -> new NamedCrudDispatcher()).dispatch(request);
    }

    private static int tailLines(String pathAndQuery) {
        String query = URI.create(pathAndQuery).getQuery();
        if (query == null) {
            return Integer.MAX_VALUE;
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        String lines = parameters.get("tailLines");
        return lines == null ? Integer.MAX_VALUE : Integer.parseInt(lines);
    }
}
