package io.callisto.hub.services;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A program that uses the hub's API with its own token (a culler, a grader, automation). */
@Entity
@Table(name = "services")
public class Service extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public boolean admin;

    public String url;

    public Instant created = Instant.now();

    public static Optional<Service> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
