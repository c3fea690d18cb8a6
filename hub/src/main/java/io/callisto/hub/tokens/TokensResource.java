package io.callisto.hub.tokens;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.JsonBodies;
import io.callisto.hub.auth.Identities;
import io.callisto.hub.auth.RequiresScope;
import io.callisto.hub.auth.Scopes;
import io.callisto.hub.users.User;
import io.callisto.hub.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A user's API tokens: {@code /hub/api/users/{name}/tokens[/{id}]}. */
@Path("/hub/api/users/{name}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    @Inject
    TokenService tokens;

    @Inject
    JsonBodies bodies;

    @Inject
    Identities identities;

    /** The body of a token request; every field optional. */
    public record TokenRequest(String note, @JsonProperty("expires_in") Long expiresIn, List<String> scopes) {
    }

    @GET
    @Transactional
    @RequiresScope(value = "read:tokens", user = "name")
    public Map<String, Object> list(@PathParam("name") String name) {
        return Map.of("api_tokens", tokens.ofUser(UserService.require(name)).stream().map(TokenModels::of).toList());
    }

    @POST
    @Transactional
    @Consumes(MediaType.WILDCARD)
    @RequiresScope(value = "tokens", user = "name")
    public Response create(@PathParam("name") String name, String body) {
        TokenRequest request = bodies.read(body, TokenRequest.class, new TokenRequest(null, null, null));
        if (request.expiresIn() != null && request.expiresIn() <= 0) {
            throw ApiException.badRequest("expires_in must be a positive number of seconds");
        }
        User user = UserService.require(name);
        List<String> scopes = request.scopes() == null || request.scopes().isEmpty() ? List.of("inherit") : request.scopes();
        checkRequestable(scopes, user);
        TokenService.Issued issued = tokens.issue(user, ApiToken.Kind.api, scopes,
                request.note() == null ? "Requested via the API" : request.note(),
                request.expiresIn() == null ? null : Duration.ofSeconds(request.expiresIn()));
        Map<String, Object> model = new java.util.LinkedHashMap<>(TokenModels.of(issued.token()));
        model.put("token", issued.secret());
        return Response.status(201).entity(model).build();
    }

    @GET
    @Path("{id}")
    @Transactional
    @RequiresScope(value = "read:tokens", user = "name")
    public Map<String, Object> get(@PathParam("name") String name, @PathParam("id") String id) {
        User user = UserService.require(name);
        ApiToken token = ApiToken.<ApiToken>find("id = ?1 and user = ?2 and kind = ?3", parseId(id), user, ApiToken.Kind.api)
                .firstResultOptional().orElseThrow(() -> ApiException.notFound("No such token: " + id));
        return TokenModels.of(token);
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @RequiresScope(value = "tokens", user = "name")
    public Response revoke(@PathParam("name") String name, @PathParam("id") String id) {
        User user = UserService.require(name);
        long rowId = parseId(id);
        if (ApiToken.delete("id = ?1 and user = ?2 and kind = ?3", rowId, user, ApiToken.Kind.api) == 0) {
            throw ApiException.notFound("No such token: " + id);
        }
        return Response.noContent().build();
    }

    /** Scopes asked for a token must be known and held by its owner: a 400 or 403 saying which is not. */
    private void checkRequestable(List<String> scopes, User owner) {
        Set<String> held = identities.scopesOf(owner);
        for (String scope : scopes) {
            String problem = Scopes.problemWith(scope);
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
            if (!scope.equals("inherit") && !Scopes.intersect(Scopes.expand(List.of(scope), owner.name), held)
                    .containsAll(Scopes.expand(List.of(scope), owner.name))) {
                throw ApiException.forbidden(owner.name + " does not hold '" + scope + "' and so cannot have a token with it");
            }
        }
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id.startsWith("a") ? id.substring(1) : id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No such token: " + id);
        }
    }
}
