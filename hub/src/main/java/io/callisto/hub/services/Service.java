package io.callisto.hub.services;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import io.callisto.hub.roles.Role;
import jakarta.persistence.Column;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;

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

    /** Declared in configuration, and so recreated from it at every start. */
    @Column(name = "from_config")
    public boolean fromConfig;

    @ManyToMany
    @JoinTable(name = "service_roles",
            joinColumns = @JoinColumn(name = "service_id"),
            inverseJoinColumns = @JoinColumn(name = "role_id"))
    public Set<Role> roles = new HashSet<>();

    public static Optional<Service> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
