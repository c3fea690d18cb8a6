package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * JupyterHub's pagination: {@code offset} and {@code limit} (default 50, at most 200, both configurable);
 * a plain list by default, and the envelope {@code {items, _pagination: {total, limit, offset, next}}}
 * when the request accepts {@code application/jupyterhub-pagination+json}.
 */
@ApplicationScoped
public class Pagination {

    public static final String ENVELOPE_TYPE = "application/jupyterhub-pagination+json";

    @Inject
    HubConfig config;

    /** A page request, validated. */
    public record Page(int offset, int limit) {
    }

    public Page page(Integer offset, Integer limit) {
        if (offset != null && offset < 0) {
            throw ApiException.badRequest("offset must be 0 or more, not " + offset);
        }
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit must be 1 or more, not " + limit);
        }
        int pageLimit = Math.min(limit == null ? config.api().pageDefault() : limit, config.api().pageMax());
        return new Page(offset == null ? 0 : offset, pageLimit);
    }

    /** The answer, as JSON: the items, in the envelope when asked for (only then is the total counted). */
    public Response answer(List<?> items, Page page, LongSupplier totalCount, HttpHeaders headers, UriInfo uri) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains(ENVELOPE_TYPE)) {
            return Response.ok(items, MediaType.APPLICATION_JSON_TYPE).build();
        }
        long total = totalCount.getAsLong();
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("offset", page.offset());
        pagination.put("limit", page.limit());
        pagination.put("total", total);
        int nextOffset = page.offset() + page.limit();
        if (nextOffset < total) {
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("offset", nextOffset);
            next.put("limit", page.limit());
            next.put("url", uri.getRequestUriBuilder().replaceQueryParam("offset", nextOffset)
                    .replaceQueryParam("limit", page.limit()).build().toString());
            pagination.put("next", next);
        } else {
            pagination.put("next", null);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("items", items);
        envelope.put("_pagination", pagination);
        return Response.ok(envelope, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
