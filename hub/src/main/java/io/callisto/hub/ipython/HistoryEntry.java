package io.callisto.hub.ipython;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One input of the history as the API answers it: {@code {"session": 3, "line": 7, "source": "...",
 * "source_raw": "..."}}, with {@code "output"} (text or null) when outputs were asked for.
 */
record HistoryEntry(int session, int line, String source, String sourceRaw, String output) {

    Map<String, Object> model(boolean withOutput) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("session", session);
        model.put("line", line);
        model.put("source", source);
        model.put("source_raw", sourceRaw);
        if (withOutput) {
            model.put("output", output);
        }
        return model;
    }
}
