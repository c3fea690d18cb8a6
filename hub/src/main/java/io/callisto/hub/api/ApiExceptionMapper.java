package io.callisto.hub.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Errors Callisto raises on purpose. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Context
    UriInfo uri;

    @Inject
    ErrorResponses errors;

    @Override
    public Response toResponse(ApiException e) {
        return errors.of(uri, e.status(), e.getMessage(), e.retryAfterSeconds());
    }
}
