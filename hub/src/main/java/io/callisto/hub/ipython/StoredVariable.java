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

/** A {@code %store}d variable: its pickled value, as the kernel made it, and what the lists show of it. */
@Entity
@Table(name = "ipython_variables")
public class StoredVariable extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public long userId;

    public String name;

    public byte[] value;

    /** The Python type's name, e.g. {@code list} or {@code DataFrame}; only shown. */
    @Column(name = "type_name")
    public String typeName = "";

    /** Bytes of {@link #value}. */
    public int size;

    public Instant updated;

    public static Optional<StoredVariable> of(long userId, String name) {
        return find("userId = ?1 and name = ?2", userId, name).firstResultOptional();
    }
}
