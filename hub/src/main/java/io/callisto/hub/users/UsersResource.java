package io.callisto.hub.users;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.RequiresScope;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** All users: {@code GET /hub/api/users}, sorted by name, a page at a time ({@code offset}, {@code limit}). */
@Path("/hub/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final int MAX_LIMIT = 200;

    @Inject
    Caller caller;

    @Inject
    UserModels models;

    @GET
    @Transactional
    @RequiresScope("list:users")
    public List<Map<String, Object>> list(@QueryParam("offset") @DefaultValue("0") int offset,
                                          @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1) {
            throw ApiException.badRequest("offset must be ≥ 0 and limit ≥ 1");
        }
        return User.<User>findAll(io.quarkus.panache.common.Sort.by("name"))
                .range(offset, offset + Math.min(limit, MAX_LIMIT) - 1).list().stream()
                .map(u -> models.of(u, caller.require())).toList();
    }
}
