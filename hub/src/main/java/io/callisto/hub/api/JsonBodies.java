package io.callisto.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads optional JSON request bodies as JupyterHub does: whatever the Content-Type (clients often
 * send none), an empty body means "no options", and anything else must be the JSON the endpoint
 * takes: unknown fields and wrong types are a 400 naming the field.
 */
@ApplicationScoped
public class JsonBodies {

    @Inject
    ObjectMapper json;

    /** The body as {@code type}, or {@code empty} when the body is empty. */
    public <T> T read(String body, Class<T> type, T empty) {
        if (body == null || body.isBlank()) {
            return empty;
        }
        try {
            T value = json.readValue(body, type);
            return value == null ? empty : value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(MalformedJsonMapper.describe(e));
        }
    }
}
