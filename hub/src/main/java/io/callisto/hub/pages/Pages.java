package io.callisto.hub.pages;

import io.callisto.hub.auth.Caller;
import io.callisto.hub.auth.Identity;
import io.callisto.hub.auth.Target;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Renders the UI module's templates. */
@ApplicationScoped
public class Pages {

    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request", 403, "Forbidden", 404, "Not found", 405, "Method not allowed",
            429, "Too many attempts", 500, "Internal error", 502, "Bad gateway", 503, "Service unavailable");

    @Inject
    Caller caller;

    @Location("error.html")
    Template error;

    /** The logged-in user, or null (also outside a request, or before authentication ran). */
    public PageUser user() {
        try {
            return caller.identity().filter(Identity::isUser)
                    .map(i -> new PageUser(i.name(), i.may("admin-ui", Target.NONE))).orElse(null);
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    public String error(int status, String message) {
        return error.data("user", user()).data("status", status)
                .data("title", TITLES.getOrDefault(status, "Error")).data("message", message).render();
    }

    /** An HTML response of a rendered template. */
    public static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()).build();
    }
}
