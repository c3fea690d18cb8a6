package io.callisto.hub.servers;

import io.callisto.hub.users.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One Jupyter server of one user ({@code name} is {@code ""} for the default server). Updates write
 * only the columns that changed ({@link DynamicUpdate}): an activity report that loaded the row while
 * the server was pending must not write {@code pending} back over the {@code running} its start
 * thread recorded meanwhile.
 */
@Entity
@Table(name = "servers")
@DynamicUpdate
public class Server extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    public String name = "";

    @Convert(converter = ServerStatus.Converter.class)
    public ServerStatus status = ServerStatus.STOPPED;

    /** Increases with every start, so progress events of an earlier start are never shown again. */
    @Column(name = "spawn_id")
    public long spawnId;

    /** Where the server listens, with its prefix (the spawner's {@code StartedServer.url}); null when stopped. */
    public String url;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spawner_state")
    public Map<String, String> spawnerState = new HashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "user_options")
    public Map<String, String> userOptions = new HashMap<>();

    public Instant started;

    @Column(name = "last_activity")
    public Instant lastActivity;

    /** Why the last start failed or the server stopped unexpectedly, for people; null otherwise. */
    public String failure;

    public static Optional<Server> of(User user, String name) {
        return find("user = ?1 and name = ?2", user, name).firstResultOptional();
    }

    /** The URL path the server is reached under through the proxy, e.g. {@code /user/alice/} or {@code /user/alice/lab/}. */
    public String prefix() {
        return ServerPaths.prefix(user.name, name);
    }

    public void touch(Instant when) {
        if (lastActivity == null || when.isAfter(lastActivity)) {
            lastActivity = when;
        }
    }
}
