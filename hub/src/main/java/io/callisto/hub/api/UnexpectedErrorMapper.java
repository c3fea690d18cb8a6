package io.callisto.hub.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Anything else is a bug: logged with its stack trace, answered with a 500 that shows none. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Context
    UriInfo uri;

    @Inject
    ErrorResponses errors;

    @Override
    public Response toResponse(Exception e) {
        LOG.errorf(e, "Unexpected error answering %s", uri == null ? "?" : uri.getPath());
        return errors.of(uri, 500, "Internal error; the hub's log has the details");
    }
}
