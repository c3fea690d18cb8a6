package io.callisto.hub;

import io.callisto.hub.db.DatabaseBootstrap;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The hub's entry point. Before Quarkus starts (and with it the datasource and Flyway), it starts
 * the embedded PostgreSQL unless an external database is configured.
 */
@QuarkusMain
public final class CallistoHub {

    private CallistoHub() {
    }

    public static void main(String... args) throws Exception {
        DatabaseBootstrap.prepare();
        Quarkus.run(args);
    }
}
