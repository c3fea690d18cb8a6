package io.callisto.hub.proxy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A client of configurable-http-proxy's routes API ({@code /api/routes}). */
@ApplicationScoped
public class ProxyClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile URI apiUrl;
    private volatile String token;

    /** Points the client at a proxy; called once the proxy is known to be up. */
    void connect(URI apiUrl, String token) {
        this.apiUrl = URI.create(apiUrl.toString().replaceAll("/+$", ""));
        this.token = token;
    }

    /** Every route, keyed by path, each with {@code target}, {@code last_activity} and its data. */
    public Map<String, Map<String, Object>> routes() {
        HttpResponse<String> response = send(request("").GET().build());
        expect(response, 200);
        try {
            return json.readValue(response.body(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's route list is not JSON", e);
        }
    }

    public void add(String path, Map<String, Object> body) {
        try {
            String text = json.writeValueAsString(body);
            expect(send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build()), 201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String path) {
        HttpResponse<String> response = send(request(path).DELETE().build());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            expect(response, 204);
        }
    }

    /** The status of {@code GET /api/routes} with this client's token: 200 up and ours, 403 someone else's. */
    int probe(URI apiUrl, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl.toString().replaceAll("/+$", "") + "/api/routes"))
                .timeout(Duration.ofSeconds(2)).header("Authorization", "token " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        if (apiUrl == null) {
            throw new IllegalStateException("the proxy is not connected yet");
        }
        return HttpRequest.newBuilder(URI.create(apiUrl + "/api/routes" + path))
                .timeout(TIMEOUT).header("Authorization", "token " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy at " + apiUrl + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the proxy", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("the proxy answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri().getPath() + ": " + response.body());
        }
    }
}
