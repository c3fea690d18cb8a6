package io.callisto.hub.ipython;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One session of one user's IPython (see the package's vocabulary). Its inputs and outputs go with it. */
@Entity
@Table(name = "ipython_sessions")
public class IpythonSession extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public long userId;

    /** 1, 2, 3, ... per user. */
    public int number;

    /** The name the kernel gave the session. */
    @Column(name = "client_key")
    public String key;

    @Column(name = "server_name")
    public String serverName = "";

    public Instant started;

    /** When the kernel ended the session; null while it runs, or when the kernel died. */
    public Instant ended;

    /** Cells run, as the kernel counted them at the end; null until then. */
    @Column(name = "num_cmds")
    public Integer numCmds;

    public String remark = "";

    /** UTF-8 bytes of its inputs and outputs, counted against the user's history limit. */
    public long bytes;

    public static Optional<IpythonSession> of(long userId, int number) {
        return find("userId = ?1 and number = ?2", userId, number).firstResultOptional();
    }

    public static Optional<IpythonSession> byKey(long userId, String key) {
        return find("userId = ?1 and key = ?2", userId, key).firstResultOptional();
    }
}
