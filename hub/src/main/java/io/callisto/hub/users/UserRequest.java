package io.callisto.hub.users;

/**
 * The body of {@code POST} and {@code PATCH /hub/api/users/{name}}; every field optional.
 *
 * @param name     a new name (PATCH only)
 * @param admin    whether the user is an admin
 * @param password a local-account password (Callisto's addition to JupyterHub's API)
 */
public record UserRequest(String name, Boolean admin, String password) {
    public static final UserRequest EMPTY = new UserRequest(null, null, null);
}
