package io.callisto.hub.pages;

import io.callisto.hub.api.Redirects;
import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.tokens.TokenModels;
import io.callisto.hub.tokens.TokenService;
import io.callisto.hub.users.User;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /hub/token}: a user's own API tokens, with requesting and revoking. */
@Path("/hub/token")
@Produces(MediaType.TEXT_HTML)
public class TokenPage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Inject
    TokenService tokens;

    @Location("token.html")
    Template token;

    @GET
    @Transactional
    public Response show() {
        Identity identity = caller.identity().filter(Identity::isUser).orElse(null);
        if (identity == null) {
            return Redirects.to("/hub/login?next=%2Fhub%2Ftoken");
        }
        User user = User.findById(identity.id());
        return Pages.html(200, token.data("user", pages.user()).data("xsrf", HomePage.xsrf(identity))
                .data("tokens", tokens.ofUser(user).stream().map(TokenModels::row).toList()));
    }
}
