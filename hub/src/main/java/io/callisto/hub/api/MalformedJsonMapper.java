package io.callisto.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not the JSON the endpoint takes: 400, saying what is wrong. */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {

    @Context
    UriInfo uri;

    @Inject
    ErrorResponses errors;

    @Override
    public Response toResponse(JsonProcessingException e) {
        return errors.of(uri, 400, describe(e));
    }

    /** What is wrong with a body, for the caller. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "Wrong type for field '" + mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName() + "'";
        }
        return "Malformed JSON: " + e.getOriginalMessage();
    }
}
