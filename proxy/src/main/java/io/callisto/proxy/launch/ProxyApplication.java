package io.callisto.proxy.launch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Opens the listeners, then serves until the process is asked to stop (SIGTERM, SIGINT). */
public class ProxyApplication implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(ProxyApplication.class);

    @Inject
    Listeners listeners;

    @Override
    public int run(String... args) {
        try {
            listeners.start();
        } catch (ListenerException e) {
            LOG.error(e.getMessage());
            return 1;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
