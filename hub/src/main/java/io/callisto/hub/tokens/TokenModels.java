package io.callisto.hub.tokens;

import static io.callisto.hub.api.Timestamps.iso;

import java.util.LinkedHashMap;
import java.util.Map;

/** JupyterHub's token model, and the token page's rows. */
public final class TokenModels {

    private TokenModels() {
    }

    /** One token as the token page lists it. */
    public record Row(String id, String note, String created, String expires, String lastActivity) {
    }

    public static Row row(ApiToken token) {
        return new Row(id(token), token.note, iso(token.created),
                token.expiresAt == null ? "never" : iso(token.expiresAt),
                token.lastActivity == null ? "never" : iso(token.lastActivity));
    }

    public static Map<String, Object> of(ApiToken token) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id(token));
        model.put("kind", "api_token");
        model.put("user", token.user == null ? null : token.user.name);
        model.put("scopes", token.scopes);
        model.put("note", token.note);
        model.put("created", iso(token.created));
        model.put("expires_at", iso(token.expiresAt));
        model.put("last_activity", iso(token.lastActivity));
        return model;
    }

    /** JupyterHub's token id: {@code a} and the row id. */
    public static String id(ApiToken token) {
        return "a" + token.id;
    }
}
