package io.callisto.proxy.launch;

import io.callisto.proxy.routes.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * configurable-http-proxy's command-line options, turned into configuration properties. Options take
 * their value as {@code --opt value} or {@code --opt=value}; anything else is an error.
 *
 * @param properties configuration keys and values to set before Quarkus starts
 * @param help       {@code --help} was given: print {@link #USAGE} and exit
 * @param version    {@code --version} was given: print the version and exit
 */
record CommandLine(Map<String, String> properties, boolean help, boolean version) {

    static final String USAGE = """
            Usage: callisto-proxy [options]

            Callisto's HTTP and WebSocket proxy, a drop-in for configurable-http-proxy.
            The routes API token comes from the CONFIGPROXY_AUTH_TOKEN environment variable.

            Options:
              --ip <address>             public address (default 0.0.0.0; '' or '*' mean all interfaces)
              --port <n>                 public port (default 8000)
              --api-ip <address>         routes API address (default 127.0.0.1)
              --api-port <n>             routes API port (default --port + 1)
              --default-target <url>     where requests go when no route matches (added as the route /)
              --error-target <url>       server that renders error pages: <url>/<status>?url=<request URL>
              --log-level <level>        debug, info, warn or error (default info)
              --host-routing             route by host as well as path (host is the first path segment)
              --ssl-key <file>           PEM private key for HTTPS on the public port
              --ssl-cert <file>          PEM certificate for HTTPS on the public port
              --proxy-timeout <ms>       how long a target may take to start answering (default 300000)
              --header-timeout <ms>      how long a client may take to send a request's head; then 408
                                         and the connection closes (default 60000; not a CHP option)
              --version                  print the version and exit
              -h, --help                 print this help and exit

            Every setting is also a configuration key (see proxy/README.md), e.g.
            CALLISTO_PROXY_TIMEOUTS_IDLE=PT30M in the environment.
            """;

    private static final String PREFIX = "callisto.proxy.";
    private static final String CALLISTO_LOG_LEVEL = "quarkus.log.category.\"io.callisto\".level";
    private static final String ROOT_LOG_LEVEL = "quarkus.log.level";

    /** Parses {@code args}; throws with a message naming the offending option. */
    static CommandLine parse(String... args) throws CommandLineException {
        Map<String, String> properties = new LinkedHashMap<>();
        boolean help = false;
        boolean version = false;
        Integer publicPort = null;
        boolean apiPortGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw new CommandLineException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String inline = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                inline = arg.substring(equals + 1);
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--version" -> version = true;
                case "--host-routing" -> {
                    if (inline != null) {
                        throw new CommandLineException("option --host-routing takes no value");
                    }
                    properties.put(PREFIX + "host-routing", "true");
                }
                default -> {
                    String value;
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        value = args[++i];
                    } else {
                        throw new CommandLineException(isKnown(name)
                                ? "option " + name + " needs a value"
                                : "unknown option " + name);
                    }
                    switch (name) {
                        case "--ip" -> properties.put(PREFIX + "public-ip", address(value));
                        case "--port" -> {
                            publicPort = port(name, value);
                            properties.put(PREFIX + "public-port", publicPort.toString());
                        }
                        case "--api-ip" -> properties.put(PREFIX + "api-ip", address(value));
                        case "--api-port" -> {
                            apiPortGiven = true;
                            properties.put(PREFIX + "api-port", port(name, value).toString());
                        }
                        case "--default-target" -> properties.put(PREFIX + "default-target", target(name, value));
                        case "--error-target" -> properties.put(PREFIX + "error-target", target(name, value));
                        case "--log-level" -> logLevel(value, properties);
                        case "--ssl-key" -> properties.put(PREFIX + "tls.key", value);
                        case "--ssl-cert" -> properties.put(PREFIX + "tls.cert", value);
                        case "--proxy-timeout" -> properties.put(PREFIX + "timeouts.response", millis(name, value));
                        case "--header-timeout" -> properties.put(PREFIX + "timeouts.header", millis(name, value));
                        default -> throw new CommandLineException("unknown option " + name);
                    }
                }
            }
        }
        if (publicPort != null && !apiPortGiven) {
            properties.put(PREFIX + "api-port", Integer.toString(publicPort + 1));
        }
        if (properties.containsKey(PREFIX + "tls.key") != properties.containsKey(PREFIX + "tls.cert")) {
            throw new CommandLineException("--ssl-key and --ssl-cert go together");
        }
        return new CommandLine(properties, help, version);
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--ip", "--port", "--api-ip", "--api-port", "--default-target", "--error-target",
                    "--log-level", "--ssl-key", "--ssl-cert", "--proxy-timeout", "--header-timeout" -> true;
            default -> false;
        };
    }

    /** CHP's aliases for every interface: {@code ''} and {@code '*'}. */
    private static String address(String value) {
        return value.isEmpty() || value.equals("*") ? "0.0.0.0" : value;
    }

    private static Integer port(String option, String value) throws CommandLineException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLineException("option " + option + " needs a port number (0-65535), not '" + value + "'");
    }

    private static String target(String option, String value) throws CommandLineException {
        try {
            Target.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new CommandLineException("option " + option + ": " + e.getMessage());
        }
    }

    private static String millis(String option, String value) throws CommandLineException {
        try {
            long millis = Long.parseLong(value);
            if (millis > 0) {
                return Duration.ofMillis(millis).toString();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLineException("option " + option + " needs a positive number of milliseconds, not '" + value + "'");
    }

    /**
     * CHP's levels. {@code debug} applies to the proxy's own loggers only, so Netty and Quarkus stay
     * quiet; the other levels apply everywhere.
     */
    private static void logLevel(String value, Map<String, String> properties) throws CommandLineException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "debug", "trace" -> {
                properties.put(CALLISTO_LOG_LEVEL, "DEBUG");
                properties.put(ROOT_LOG_LEVEL, "INFO");
            }
            case "info" -> {
                properties.put(CALLISTO_LOG_LEVEL, "INFO");
                properties.put(ROOT_LOG_LEVEL, "INFO");
            }
            case "warn", "warning" -> {
                properties.put(CALLISTO_LOG_LEVEL, "WARN");
                properties.put(ROOT_LOG_LEVEL, "WARN");
            }
            case "error", "critical" -> {
                properties.put(CALLISTO_LOG_LEVEL, "ERROR");
                properties.put(ROOT_LOG_LEVEL, "ERROR");
            }
            default -> throw new CommandLineException(
                    "option --log-level needs debug, info, warn or error, not '" + value + "'");
        }
    }
}
