package io.callisto.hub.api;

import io.callisto.hub.pages.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** Turns an error into what the caller reads: JSON under {@code /hub/api/}, a page elsewhere. */
@ApplicationScoped
public class ErrorResponses {

    @Inject
    Pages pages;

    public Response of(UriInfo uri, int status, String message) {
        return of(uri, status, message, null);
    }

    public Response of(UriInfo uri, int status, String message, Integer retryAfterSeconds) {
        Response.ResponseBuilder response;
        if (isApi(uri)) {
            response = Response.status(status).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("status", status, "message", message));
        } else {
            response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(pages.error(status, message));
        }
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }

    private static boolean isApi(UriInfo uri) {
        return uri != null && uri.getPath().startsWith("/hub/api/");
    }
}
