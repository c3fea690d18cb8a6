package io.callisto.spawner.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a server's environment. It starts clean rather than from the hub's environment: the hub's
 * holds secrets (the database password, the OIDC client secret) that a user's code must never see.
 *
 * <p>Layers, later ones winning: the {@link #KEPT} variables of the hub, with defaults for
 * {@code PATH} and {@code LANG}; {@code HOME} set to the user's working directory; the request's
 * environment (the hub's {@code JUPYTERHUB_*} variables); the settings' extra environment; and
 * last {@value #SERVICE_URL}, from which jupyterhub-singleuser (3.0 and later) takes its address
 * and port.
 */
final class ServerEnvironment {

    static final String SERVICE_URL = "JUPYTERHUB_SERVICE_URL";

    /**
     * What passes from the hub: JupyterHub's {@code LocalProcessSpawner.env_keep} (the search paths
     * and Python environment the hub was started in, so {@code jupyterhub-singleuser} is found as
     * the operator installed it), plus the locale, time zone, temporary directory and user name.
     */
    static final List<String> KEPT = List.of(
            "PATH", "PYTHONPATH", "CONDA_ROOT", "CONDA_DEFAULT_ENV", "VIRTUAL_ENV", "JUPYTERHUB_SINGLEUSER_APP",
            "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME");

    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final String DEFAULT_LANG = "C.UTF-8";

    private ServerEnvironment() {
    }

    /**
     * @throws IllegalArgumentException when a name or value cannot be passed to a process
     *                                  (empty name, {@code =} in a name, NUL anywhere)
     */
    static Map<String, String> build(
            Map<String, String> hubEnvironment,
            Map<String, String> requestEnvironment,
            Map<String, String> extraEnvironment,
            Path home,
            URI serviceUrl) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.put("LANG", DEFAULT_LANG);
        for (String name : KEPT) {
            String value = hubEnvironment.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.put("HOME", home.toString());
        requestEnvironment.forEach((name, value) -> requireValid(name, value, "the request's environment"));
        environment.putAll(requestEnvironment);
        environment.putAll(extraEnvironment);
        environment.put(SERVICE_URL, serviceUrl.toASCIIString());
        return Map.copyOf(environment);
    }

    /** Rejects what the operating system cannot carry; {@code where} names the source for the message. */
    static void requireValid(String name, String value, String where) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(where + " holds an invalid variable name: '" + name + "'");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(where + " holds a null or a NUL character in " + name);
        }
    }
}
