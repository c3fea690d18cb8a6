package io.callisto.hub.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser, for the bad-input cases: follows the university login from the hub's
 * sign-in link through Keycloak's login form, by plain HTTP with a cookie jar, and stops where the
 * provider sends the browser back to the hub with {@code code} and {@code state}, so that a test can change,
 * delay or repeat that step.
 */
final class CodeFlow {

    private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new PlainHttpCookies(cookies))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String hub;

    CodeFlow(String hubUrl) {
        this.hub = hubUrl;
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", "CodeFlow test client").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in at the university as {@code user} and answers the hub URL the provider sends back to, not yet visited. */
    String toCallback(String user, String password) throws IOException, InterruptedException {
        String url = hub + "/hub/oidc/start";
        HttpResponse<String> response = get(url);
        for (int hops = 0; hops < 20; hops++) {
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                url = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
                if (url.startsWith(hub + "/hub/oidc/login?") && url.contains("code=")) {
                    return url;
                }
                response = get(url);
            } else if (response.statusCode() == 200 && FORM.matcher(response.body()).find()) {
                Matcher form = FORM.matcher(response.body());
                form.find();
                url = URI.create(url).resolve(form.group(1).replace("&amp;", "&")).toString();
                String body = "username=" + enc(user) + "&password=" + enc(password) + "&credentialId=";
                response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } else {
                throw new IllegalStateException("Unexpected answer " + response.statusCode() + " from " + url + ":\n" + response.body());
            }
        }
        throw new IllegalStateException("Too many redirects, last at " + url);
    }

    /** Visits a hub URL and follows the hub's own redirects; answers the last answer. */
    HttpResponse<String> follow(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        for (int hops = 0; hops < 10 && response.statusCode() == 302; hops++) {
            String next = URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
            if (!next.startsWith(hub)) {
                return response;
            }
            url = next;
            response = get(url);
        }
        return response;
    }

    /** The cookies this client holds whose name starts with {@code prefix}. */
    List<HttpCookie> cookiesNamed(String prefix) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().startsWith(prefix)).toList();
    }

    /**
     * Keycloak marks its cookies {@code Secure} even over http, trusting browsers to treat 127.0.0.1 as a
     * secure context, as Chromium does; java.net's cookie jar does not, so it is given them without the flag.
     */
    private static final class PlainHttpCookies extends java.net.CookieHandler {
        private final CookieManager jar;

        PlainHttpCookies(CookieManager jar) {
            this.jar = jar;
        }

        @Override
        public java.util.Map<String, List<String>> get(URI uri, java.util.Map<String, List<String>> headers) throws IOException {
            return jar.get(uri, headers);
        }

        @Override
        public void put(URI uri, java.util.Map<String, List<String>> headers) throws IOException {
            java.util.Map<String, List<String>> plain = new java.util.HashMap<>();
            headers.forEach((name, values) -> plain.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList() : values));
            jar.put(uri, plain);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
