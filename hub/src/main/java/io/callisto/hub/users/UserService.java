package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Passwords;
import io.callisto.hub.servers.SpawnService;
import io.callisto.spawner.api.Spawner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates, changes and deletes users. */
@ApplicationScoped
public class UserService {

    @Inject
    SpawnService spawns;

    @Inject
    Spawner spawner;

    /** The user with this (normalised) name, or a 404. */
    public static User require(String name) {
        return User.byName(UserNames.normalise(name))
                .orElseThrow(() -> ApiException.notFound("No such user: " + name));
    }

    @Transactional
    public User create(String rawName, UserRequest request) {
        String name = UserNames.valid(rawName);
        if (request.name() != null && !UserNames.valid(request.name()).equals(name)) {
            throw ApiException.badRequest("The body's name '" + request.name() + "' differs from the URL's '" + rawName + "'");
        }
        String hash = request.password() == null ? null : Passwords.hash(request.password());
        if (User.byName(name).isPresent()) {
            throw ApiException.conflict("User " + name + " already exists");
        }
        User user = new User();
        user.name = name;
        user.admin = Boolean.TRUE.equals(request.admin());
        user.passwordHash = hash;
        user.persist();
        return user;
    }

    @Transactional
    public User update(String rawName, UserRequest request) {
        User user = require(rawName);
        if (request.name() != null) {
            String newName = UserNames.valid(request.name());
            if (!newName.equals(user.name)) {
                if (User.byName(newName).isPresent()) {
                    throw ApiException.conflict("User " + newName + " already exists");
                }
                if (spawns.hasActiveServer(user)) {
                    throw ApiException.badRequest("Stop " + user.name + "'s servers before renaming them");
                }
                user.name = newName;
            }
        }
        if (request.admin() != null) {
            user.admin = request.admin();
        }
        if (request.password() != null) {
            user.passwordHash = Passwords.hash(request.password());
        }
        return user;
    }

    /** Stops the user's servers, then deletes the user and everything they own, and what the spawner keeps for them if so configured. */
    public void delete(String rawName) {
        User user = require(rawName);
        spawns.stopAll(user);
        deleteRow(user.id);
        spawner.forgetUser(user.name);
    }

    @Transactional
    void deleteRow(long id) {
        User.deleteById(id);
    }
}
