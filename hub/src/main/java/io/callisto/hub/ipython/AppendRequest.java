package io.callisto.hub.ipython;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /hub/api/users/{name}/ipython/history}: lines of one session, and optionally
 * its end or remark. Every field but {@code session} is optional; an append with nothing else registers
 * the session and answers its number.
 *
 * @param session the session's key, chosen by the kernel: 1-64 letters, digits, {@code -} or {@code _}
 * @param start   when the session started (ISO 8601 UTC); used when the hub first hears of it
 * @param server  the name of the server the kernel runs in ({@code ""} for the default server)
 * @param inputs  inputs by line; a line the hub already has is kept as it is (appends may be retried)
 * @param outputs outputs by line, likewise
 * @param end     when the session ended
 * @param numCmds cells run in the session, as counted at its end
 * @param remark  a description ({@code HistoryManager.name_session})
 */
public record AppendRequest(String session, String start, String server, List<Input> inputs, List<Output> outputs,
                     String end, @JsonProperty("num_cmds") Integer numCmds, String remark) {

    /** A cell's input; {@code source_raw} defaults to {@code source}. */
    public record Input(Integer line, String source, @JsonProperty("source_raw") String sourceRaw) {
    }

    /** A cell's output text. */
    public record Output(Integer line, String text) {
    }
}
