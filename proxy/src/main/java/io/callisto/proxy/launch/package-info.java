/**
 * Starting the proxy: configurable-http-proxy's command line ({@link io.callisto.proxy.launch.CommandLine}),
 * the Quarkus entry point, and the listeners' start-up.
 *
 * <p>Exit codes: 0 after {@code --help} or a normal stop, 1 when a listener cannot start, 2 for a
 * command line the proxy does not understand.
 */
package io.callisto.proxy.launch;
