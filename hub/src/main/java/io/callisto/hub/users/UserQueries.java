package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.servers.Server;
import io.callisto.hub.servers.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The user list's queries: filters, visibility, sorting and paging done by PostgreSQL. */
@ApplicationScoped
public class UserQueries {

    @Inject
    EntityManager em;

    /** JupyterHub's {@code state} filter. */
    public enum State {
        ANY, ACTIVE, READY, INACTIVE;

        static State parse(String value) {
            if (value == null || value.isEmpty()) {
                return ANY;
            }
            return switch (value) {
                case "active" -> ACTIVE;
                case "ready" -> READY;
                case "inactive" -> INACTIVE;
                default -> throw ApiException.badRequest("state must be one of active, ready, inactive; not " + value);
            };
        }
    }

    /** Sort orders: {@code name} (default), {@code last_activity}, {@code created}, {@code id}; {@code -} before one reverses it. */
    public record Sort(String column, boolean descending) {
        private static final Map<String, String> COLUMNS = Map.of(
                "name", "u.name", "last_activity", "u.lastActivity", "created", "u.created", "id", "u.id");

        static Sort parse(String value) {
            if (value == null || value.isEmpty()) {
                return new Sort("u.name", false);
            }
            boolean descending = value.startsWith("-");
            String column = COLUMNS.get(descending ? value.substring(1) : value);
            if (column == null) {
                throw ApiException.badRequest("sort must be one of " + String.join(", ", new java.util.TreeSet<>(COLUMNS.keySet()))
                        + " (with - to reverse); not " + value);
            }
            return new Sort(column, descending);
        }

        String clause() {
            String nulls = column.equals("u.lastActivity") ? (descending ? " nulls last" : " nulls first") : "";
            return " order by " + column + (descending ? " desc" : " asc") + nulls + ", u.id asc";
        }
    }

    /** Which users a caller may list: all, or those named by {@code !user=} and {@code !group=} filters. */
    public record Visibility(boolean all, Set<String> users, Set<String> groups) {
        static Visibility of(Identity identity, String scope) {
            if (identity.scopes().contains(scope)) {
                return new Visibility(true, Set.of(), Set.of());
            }
            Set<String> users = new HashSet<>();
            Set<String> groups = new HashSet<>();
            for (String s : identity.scopes()) {
                if (s.startsWith(scope + "!user=")) {
                    users.add(s.substring((scope + "!user=").length()));
                } else if (s.startsWith(scope + "!group=")) {
                    groups.add(s.substring((scope + "!group=").length()));
                }
            }
            return new Visibility(false, users, groups);
        }
    }

    /** A user-list request. */
    public record Filter(State state, String nameFilter, Sort sort, Visibility visibility) {
    }

    public long count(Filter filter) {
        return query("select count(u) from User u", filter, Long.class).getSingleResult();
    }

    public List<User> page(Filter filter, int offset, int limit) {
        return query("select u from User u", filter, User.class, filter.sort().clause())
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** The servers of these users, by user id, in one query. */
    public Map<Long, List<Server>> serversOf(List<User> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = users.stream().map(u -> u.id).toList();
        Map<Long, List<Server>> byUser = new HashMap<>();
        Server.<Server>list("user.id in ?1", ids).forEach(s -> byUser.computeIfAbsent(s.user.id, k -> new ArrayList<>()).add(s));
        return byUser;
    }

    private <T> TypedQuery<T> query(String select, Filter filter, Class<T> type) {
        return query(select, filter, type, "");
    }

    private <T> TypedQuery<T> query(String select, Filter filter, Class<T> type, String order) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        List<ServerStatus> active = List.of(ServerStatus.PENDING, ServerStatus.RUNNING, ServerStatus.STOPPING);
        switch (filter.state()) {
            case ACTIVE -> {
                where.add("exists (select 1 from Server s where s.user = u and s.status in :active)");
                params.put("active", active);
            }
            case READY -> where.add("exists (select 1 from Server s where s.user = u and s.status = io.callisto.hub.servers.ServerStatus.RUNNING)");
            case INACTIVE -> {
                where.add("not exists (select 1 from Server s where s.user = u and s.status in :active)");
                params.put("active", active);
            }
            default -> {
            }
        }
        if (filter.nameFilter() != null && !filter.nameFilter().isEmpty()) {
            where.add("lower(u.name) like :name escape '\\'");
            params.put("name", "%" + escapeLike(filter.nameFilter().toLowerCase(Locale.ROOT)) + "%");
        }
        Visibility visibility = filter.visibility();
        if (!visibility.all()) {
            where.add("(u.name in :visibleUsers or exists (select 1 from u.groups g where g.name in :visibleGroups))");
            params.put("visibleUsers", visibility.users().isEmpty() ? Set.of("") : visibility.users());
            params.put("visibleGroups", visibility.groups().isEmpty() ? Set.of("") : visibility.groups());
        }
        String jpql = select + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + order;
        TypedQuery<T> query = em.createQuery(jpql, type);
        params.forEach(query::setParameter);
        return query;
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
