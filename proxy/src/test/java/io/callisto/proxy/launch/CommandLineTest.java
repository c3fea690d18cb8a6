package io.callisto.proxy.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void theHubsCommandLineBecomesConfiguration() throws Exception {
        CommandLine line = CommandLine.parse("--ip", "0.0.0.0", "--port", "8000", "--api-ip", "127.0.0.1",
                "--api-port", "8001", "--default-target", "http://127.0.0.1:8081",
                "--error-target", "http://127.0.0.1:8081/hub/error");

        assertThat(line.properties()).containsOnly(
                entry("callisto.proxy.public-ip", "0.0.0.0"),
                entry("callisto.proxy.public-port", "8000"),
                entry("callisto.proxy.api-ip", "127.0.0.1"),
                entry("callisto.proxy.api-port", "8001"),
                entry("callisto.proxy.default-target", "http://127.0.0.1:8081"),
                entry("callisto.proxy.error-target", "http://127.0.0.1:8081/hub/error"));
        assertThat(line.help()).isFalse();
    }

    @Test
    void valuesMayFollowAnEqualsSign() throws Exception {
        CommandLine line = CommandLine.parse("--port=9000", "--api-port=9100", "--error-target=http://h/e?x=1");

        assertThat(line.properties()).containsEntry("callisto.proxy.public-port", "9000")
                .containsEntry("callisto.proxy.api-port", "9100")
                .containsEntry("callisto.proxy.error-target", "http://h/e?x=1");
    }

    @Test
    void theApiPortDefaultsToThePublicPortPlusOne() throws Exception {
        assertThat(CommandLine.parse("--port", "9000").properties()).containsEntry("callisto.proxy.api-port", "9001");
    }

    @Test
    void emptyOrStarAddressesMeanAllInterfaces() throws Exception {
        assertThat(CommandLine.parse("--ip", "", "--api-ip", "*").properties())
                .containsEntry("callisto.proxy.public-ip", "0.0.0.0")
                .containsEntry("callisto.proxy.api-ip", "0.0.0.0");
    }

    @Test
    void debugLoggingAppliesToTheProxysOwnLoggers() throws Exception {
        assertThat(CommandLine.parse("--log-level", "debug").properties())
                .containsEntry("quarkus.log.category.\"io.callisto\".level", "DEBUG")
                .containsEntry("quarkus.log.level", "INFO");
        assertThat(CommandLine.parse("--log-level=WARN").properties())
                .containsEntry("quarkus.log.category.\"io.callisto\".level", "WARN")
                .containsEntry("quarkus.log.level", "WARN");
    }

    @Test
    void chpsOtherSupportedOptionsAreTranslated() throws Exception {
        assertThat(CommandLine.parse("--host-routing", "--ssl-key", "k.pem", "--ssl-cert", "c.pem",
                "--proxy-timeout", "1500").properties())
                .containsEntry("callisto.proxy.host-routing", "true")
                .containsEntry("callisto.proxy.tls.key", "k.pem")
                .containsEntry("callisto.proxy.tls.cert", "c.pem")
                .containsEntry("callisto.proxy.timeouts.response", "PT1.5S");
    }

    @Test
    void theHeaderTimeoutOptionIsTakenInMilliseconds() throws Exception {
        assertThat(CommandLine.parse("--header-timeout=250").properties())
                .containsEntry("callisto.proxy.timeouts.header", "PT0.25S");
    }

    @Test
    void helpAndVersionAreRecognised() throws Exception {
        assertThat(CommandLine.parse("--help").help()).isTrue();
        assertThat(CommandLine.parse("-h").help()).isTrue();
        assertThat(CommandLine.parse("--version").version()).isTrue();
    }

    @Test
    void unknownOptionsAreRejectedByName() {
        assertThatThrownBy(() -> CommandLine.parse("--insecure")).hasMessage("unknown option --insecure");
        assertThatThrownBy(() -> CommandLine.parse("--storage-backend", "x")).hasMessage("unknown option --storage-backend");
        assertThatThrownBy(() -> CommandLine.parse("stray")).hasMessage("unexpected argument 'stray'");
    }

    @Test
    void badValuesAreRejectedWithTheOptionsName() {
        assertThatThrownBy(() -> CommandLine.parse("--port")).hasMessage("option --port needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--port", "--api-port", "1")).hasMessage("option --port needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--port", "eighty")).hasMessageContaining("--port needs a port number");
        assertThatThrownBy(() -> CommandLine.parse("--port", "70000")).hasMessageContaining("--port needs a port number");
        assertThatThrownBy(() -> CommandLine.parse("--default-target", "127.0.0.1:8081"))
                .hasMessageContaining("--default-target").hasMessageContaining("http://");
        assertThatThrownBy(() -> CommandLine.parse("--log-level", "loud")).hasMessageContaining("--log-level");
        assertThatThrownBy(() -> CommandLine.parse("--proxy-timeout", "-5")).hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> CommandLine.parse("--header-timeout", "soon"))
                .hasMessage("option --header-timeout needs a positive number of milliseconds, not 'soon'");
        assertThatThrownBy(() -> CommandLine.parse("--host-routing=yes")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> CommandLine.parse("--ssl-key", "k.pem")).hasMessageContaining("go together");
    }
}
