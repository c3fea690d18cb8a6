package io.callisto.hub.auth;

import io.callisto.hub.api.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The identity of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class Caller {

    private Identity identity;

    void set(Identity identity) {
        this.identity = identity;
    }

    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    /** The identity, or a 403 for an anonymous request. */
    public Identity require() {
        return identity().orElseThrow(() -> ApiException.forbidden("Missing or invalid credentials"));
    }
}
