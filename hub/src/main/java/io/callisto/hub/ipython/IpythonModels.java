package io.callisto.hub.ipython;

import io.callisto.hub.api.Timestamps;
import io.callisto.hub.config.HubConfig;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the IPython endpoints answer with. */
final class IpythonModels {

    private IpythonModels() {
    }

    /** A session: {@code {session, key, server, start, end, num_cmds, remark, bytes[, inputs]}}. */
    static Map<String, Object> session(IpythonSession s, Long inputs) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("session", s.number);
        model.put("key", s.key);
        model.put("server", s.serverName);
        model.put("start", Timestamps.iso(s.started));
        model.put("end", Timestamps.iso(s.ended));
        model.put("num_cmds", s.numCmds);
        model.put("remark", s.remark);
        model.put("bytes", s.bytes);
        if (inputs != null) {
            model.put("inputs", inputs);
        }
        return model;
    }

    /** Entries: {@code {history: [...], truncated}}. */
    static Map<String, Object> history(HistoryService.Found found, boolean output) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("history", found.entries().stream().map(e -> e.model(output)).toList());
        model.put("truncated", found.truncated());
        return model;
    }

    /** A variable without its value: {@code {name, type, size, updated}}. */
    static Map<String, Object> variable(VariableService.Info v) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", v.name());
        model.put("type", v.typeName());
        model.put("size", v.size());
        model.put("updated", Timestamps.iso(v.updated()));
        return model;
    }

    /** A variable with its value, in base64. */
    static Map<String, Object> variableWithValue(StoredVariable v) {
        Map<String, Object> model = variable(new VariableService.Info(v.name, v.typeName, v.size, v.updated));
        model.put("value", Base64.getEncoder().encodeToString(v.value));
        return model;
    }

    static Map<String, Object> variables(List<Map<String, Object>> items) {
        return Map.of("variables", items);
    }

    /** The limits, in bytes and entries, so that a kernel can keep within them before it sends. */
    static Map<String, Object> limits(HubConfig.IPython config) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("max_cell_size", config.maxCellSize().asLongValue());
        model.put("max_history_size", config.maxHistorySize().asLongValue());
        model.put("max_value_size", config.maxValueSize().asLongValue());
        model.put("max_store_size", config.maxStoreSize().asLongValue());
        model.put("max_results", config.maxResults());
        return model;
    }
}
