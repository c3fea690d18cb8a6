package io.callisto.hub.ipython;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

/**
 * A user's IPython bookkeeping: the last session number given out and the bytes of history kept. Every
 * write of a user's IPython state locks this row first, so one user's writes run one at a time.
 */
@Entity
@Table(name = "ipython_usage")
public class IpythonUsage extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "last_session")
    public int lastSession;

    @Column(name = "history_bytes")
    public long historyBytes;

    /** The user's row, created if missing, locked until the transaction ends. */
    public static IpythonUsage lock(long userId) {
        getEntityManager().createNativeQuery("INSERT INTO ipython_usage (user_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, userId).executeUpdate();
        return findById(userId, LockModeType.PESSIMISTIC_WRITE);
    }
}
