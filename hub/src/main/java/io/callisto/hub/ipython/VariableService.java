package io.callisto.hub.ipython;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Lists, reads, writes and deletes one user's {@code %store}d variables, within the size limits. */
@ApplicationScoped
public class VariableService {

    private static final int MAX_NAME = 255;
    private static final int MAX_TYPE = 255;

    @Inject
    HubConfig config;

    @Inject
    EntityManager entities;

    /** What the lists show of a variable: everything but its value. */
    public record Info(String name, String typeName, int size, Instant updated) {
    }

    /** The body of {@code PUT …/ipython/variables/{key}}: the pickled value in base64 and the type's name. */
    public record Put(String type, String value) {
    }

    @Transactional
    public List<Info> list(User user) {
        return entities.createQuery("select new io.callisto.hub.ipython.VariableService$Info(v.name, v.typeName, v.size, v.updated) "
                + "from StoredVariable v where v.userId = ?1 order by v.name", Info.class).setParameter(1, user.id).getResultList();
    }

    @Transactional
    public List<StoredVariable> listWithValues(User user) {
        return StoredVariable.list("userId = ?1 order by name", user.id);
    }

    @Transactional
    public long totalSize(User user) {
        Number sum = (Number) entities.createQuery("select coalesce(sum(v.size), 0) from StoredVariable v where v.userId = ?1")
                .setParameter(1, user.id).getSingleResult();
        return sum.longValue();
    }

    @Transactional
    public StoredVariable get(User user, String name) {
        return StoredVariable.of(user.id, validName(name))
                .orElseThrow(() -> ApiException.notFound(user.name + " has no stored variable '" + name + "'"));
    }

    /** Writes a variable; true when it is new. */
    @Transactional
    public boolean put(User user, String rawName, Put request) {
        String name = validName(rawName);
        if (request == null || request.value() == null) {
            throw ApiException.badRequest("The body needs 'value': the pickled value in base64");
        }
        if (request.type() != null && request.type().length() > MAX_TYPE) {
            throw ApiException.badRequest("'type' may be at most " + MAX_TYPE + " characters");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(request.value());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'value' must be base64: " + e.getMessage());
        }
        long maxValue = config.ipython().maxValueSize().asLongValue();
        if (value.length > maxValue) {
            throw new ApiException(413, "Stored variable '" + name + "' is " + Sizes.human(value.length)
                    + "; one variable may be at most " + Sizes.human(maxValue) + " (callisto.ipython.max-value-size)");
        }
        IpythonUsage.lock(user.id);
        Number others = (Number) entities.createQuery(
                "select coalesce(sum(v.size), 0) from StoredVariable v where v.userId = ?1 and v.name <> ?2")
                .setParameter(1, user.id).setParameter(2, name).getSingleResult();
        long maxStore = config.ipython().maxStoreSize().asLongValue();
        if (others.longValue() + value.length > maxStore) {
            throw new ApiException(413, "Storing '" + name + "' (" + Sizes.human(value.length) + ") would bring "
                    + user.name + "'s stored variables to " + Sizes.human(others.longValue() + value.length)
                    + "; they may take at most " + Sizes.human(maxStore)
                    + " (callisto.ipython.max-store-size). Delete some with %store -d or on the Stored variables page");
        }
        StoredVariable variable = StoredVariable.of(user.id, name).orElse(null);
        boolean created = variable == null;
        if (created) {
            variable = new StoredVariable();
            variable.userId = user.id;
            variable.name = name;
        }
        variable.value = value;
        variable.size = value.length;
        variable.typeName = request.type() == null ? "" : request.type();
        variable.updated = Instant.now();
        variable.persist();
        return created;
    }

    @Transactional
    public void delete(User user, String name) {
        if (StoredVariable.delete("userId = ?1 and name = ?2", user.id, validName(name)) == 0) {
            throw ApiException.notFound(user.name + " has no stored variable '" + name + "'");
        }
    }

    /** A variable's name: 1-255 characters, no {@code /} and no control characters. */
    static String validName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.badRequest("A stored variable's name must have 1-" + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || Character.isISOControl(c)) {
                throw ApiException.badRequest("A stored variable's name may not contain '/' or control characters");
            }
        }
        return name;
    }
}
