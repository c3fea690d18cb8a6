package io.callisto.proxy.routes;

import io.vertx.core.json.JsonObject;

/**
 * One entry of the route table.
 *
 * @param path     the clean, decoded route path
 * @param target   the parsed {@code target} of {@code data}
 * @param data     the JSON object posted for the route, {@code target} included, never modified
 * @param activity traffic through the route
 */
public record Route(String path, Target target, JsonObject data, RouteActivity activity) {
}
