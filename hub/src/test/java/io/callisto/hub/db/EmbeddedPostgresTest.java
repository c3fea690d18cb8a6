package io.callisto.hub.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void dataSurvivesARestartAndARunningServerIsAdopted() throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pg-state-");
        EmbeddedPostgres first = EmbeddedPostgres.start(state);
        try (var c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password())) {
            c.createStatement().execute("CREATE TABLE kept (v TEXT)");
            c.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }
        EmbeddedPostgres adopted = EmbeddedPostgres.start(state);
        assertThat(adopted.jdbcUrl()).isEqualTo(first.jdbcUrl());
        first.close();

        EmbeddedPostgres second = EmbeddedPostgres.start(state);
        try (var c = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password())) {
            var rows = c.createStatement().executeQuery("SELECT v FROM kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        } finally {
            second.close();
        }
        assertThat(Files.readString(state.resolve("db-password")).strip()).isEqualTo(second.password());
        assertThat(Files.getPosixFilePermissions(state.resolve("db-password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
