package io.callisto.proxy.launch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The proxy's entry point: reads CHP's options into system properties, which outrank every other
 * configuration source, then starts Quarkus with {@link ProxyApplication}.
 */
@QuarkusMain
public final class ProxyMain {

    private static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    private ProxyMain() {
    }

    public static void main(String... args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLineException e) {
            System.err.println("callisto-proxy: " + e.getMessage());
            System.err.println("Run callisto-proxy --help to see the options.");
            System.exit(2);
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.USAGE);
            return;
        }
        if (commandLine.version()) {
            System.out.println(version());
            return;
        }
        commandLine.properties().forEach(System::setProperty);
        // Vert.x serves only the API listener, whose one event loop answers a hub registering
        // thousands of routes a second (a second loop measured no faster on two cores, and cost
        // memory); the public listener has its own loops, one per core.
        if (System.getProperty(EVENT_LOOPS) == null && System.getenv("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE") == null) {
            System.setProperty(EVENT_LOOPS, "1");
        }
        Quarkus.run(ProxyApplication.class, args);
    }

    private static String version() {
        try (InputStream in = ProxyMain.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
