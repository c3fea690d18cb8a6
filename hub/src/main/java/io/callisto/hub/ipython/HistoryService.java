package io.callisto.hub.ipython;

import io.callisto.hub.api.ApiException;
import io.callisto.hub.api.Timestamps;
import io.callisto.hub.config.HubConfig;
import io.callisto.hub.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.hibernate.Session;

/**
 * Appends to and reads one user's IPython history. Appends are idempotent per (session key, line): the
 * first text the hub gets for a line is kept, so a kernel may resend a batch whose answer it never saw.
 */
@ApplicationScoped
public class HistoryService {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_REMARK = 1000;

    @Inject
    HubConfig config;

    @Inject
    EntityManager entities;

    /** What an append did: the session's number and how many inputs and outputs were new. */
    public record Appended(int session, int inputs, int outputs) {
    }

    /** Entries in history order, and whether older ones were left out to keep the answer within limits. */
    public record Found(List<HistoryEntry> entries, boolean truncated) {
    }

    @Transactional
    public Appended append(User user, AppendRequest request) {
        String key = request.session();
        if (key == null || !KEY.matcher(key).matches()) {
            throw ApiException.badRequest("'session' must be the session's key: 1-64 letters, digits, '-' or '_'");
        }
        Map<Integer, AppendRequest.Input> inputs = inputsByLine(request.inputs());
        Map<Integer, AppendRequest.Output> outputs = outputsByLine(request.outputs());
        Instant start = request.start() == null ? Instant.now() : Timestamps.parse("start", request.start());
        Instant end = request.end() == null ? null : Timestamps.parse("end", request.end());
        if (request.numCmds() != null && request.numCmds() < 0) {
            throw ApiException.badRequest("'num_cmds' must be 0 or more");
        }
        if (request.remark() != null && request.remark().length() > MAX_REMARK) {
            throw ApiException.badRequest("'remark' may be at most " + MAX_REMARK + " characters");
        }
        if (request.server() != null && request.server().length() > 255) {
            throw ApiException.badRequest("'server' may be at most 255 characters");
        }
        checkCellSizes(inputs, outputs);

        IpythonUsage usage = IpythonUsage.lock(user.id);
        IpythonSession session = IpythonSession.byKey(user.id, key).orElseGet(() -> {
            IpythonSession created = new IpythonSession();
            created.userId = user.id;
            created.number = ++usage.lastSession;
            created.key = key;
            created.serverName = request.server() == null ? "" : request.server();
            created.started = start;
            created.persist();
            return created;
        });
        long sessionId = session.id;
        long bytes = work(db -> {
            inputs.keySet().removeAll(HistoryRows.existing(db, "ipython_inputs", sessionId, inputs.keySet()));
            outputs.keySet().removeAll(HistoryRows.existing(db, "ipython_outputs", sessionId, outputs.keySet()));
            return bytesOf(inputs, outputs);
        });
        long limit = config.ipython().maxHistorySize().asLongValue();
        if (usage.historyBytes + bytes > limit) {
            throw new ApiException(413, "The IPython history of " + user.name + " would grow to "
                    + Sizes.human(usage.historyBytes + bytes) + "; it may be at most " + Sizes.human(limit)
                    + " (callisto.ipython.max-history-size). Delete old sessions on the History page, or ask an admin to raise the limit");
        }
        work(db -> {
            HistoryRows.insertInputs(db, sessionId, inputs.values());
            HistoryRows.insertOutputs(db, sessionId, outputs.values());
            return null;
        });
        session.bytes += bytes;
        usage.historyBytes += bytes;
        if (end != null) {
            session.ended = end;
        }
        if (request.numCmds() != null) {
            session.numCmds = request.numCmds();
        }
        if (request.remark() != null) {
            session.remark = request.remark();
        }
        return new Appended(session.number, inputs.size(), outputs.size());
    }

    /** The session numbered {@code number}, or a 404. */
    public IpythonSession session(User user, int number) {
        return IpythonSession.of(user.id, number)
                .orElseThrow(() -> ApiException.notFound(user.name + " has no IPython session " + number));
    }

    @Transactional
    public Found range(User user, int number, int start, Integer stop, boolean output) {
        long sessionId = session(user, number).id;
        int max = config.ipython().maxResults();
        List<HistoryEntry> entries = work(db -> HistoryRows.range(db, sessionId, start, stop, output, max + 1));
        boolean truncated = entries.size() > max;
        return new Found(truncated ? entries.subList(0, max) : entries, truncated);
    }

    @Transactional
    public Found tail(User user, int n, String excludeKey, boolean output) {
        return latest(n, limit -> work(db -> HistoryRows.tail(db, user.id, excludeKey == null ? "" : excludeKey, output, limit)));
    }

    /** Matches of a glob, oldest first: the latest {@code n}, or all (within {@code max-results}) when {@code n} is null. */
    @Transactional
    public Found search(User user, String pattern, boolean searchRaw, Integer n, boolean unique, String excludeKey, boolean output) {
        String regex;
        try {
            regex = Globs.toRegex(pattern);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'pattern' is not a glob pattern: " + e.getMessage());
        }
        return latest(n == null ? Integer.MAX_VALUE : n, limit -> work(db -> HistoryRows.search(db, user.id,
                excludeKey == null ? "" : excludeKey, regex, searchRaw, unique, output, limit)));
    }

    /** Deletes one session with its inputs and outputs. */
    @Transactional
    public void deleteSession(User user, int number) {
        IpythonUsage usage = IpythonUsage.lock(user.id);
        IpythonSession session = session(user, number);
        usage.historyBytes = Math.max(0, usage.historyBytes - session.bytes);
        session.delete();
    }

    /** Deletes all of a user's history; session numbers go on from where they were. */
    @Transactional
    public long deleteAll(User user) {
        IpythonUsage usage = IpythonUsage.lock(user.id);
        usage.historyBytes = 0;
        return IpythonSession.delete("userId", user.id);
    }

    /** Inputs per session, for the sessions listed. */
    @Transactional
    public Map<Long, Long> inputCounts(List<IpythonSession> sessions) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        if (sessions.isEmpty()) {
            return counts;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> counted = entities.createNativeQuery(
                "SELECT session_id, count(*) FROM ipython_inputs WHERE session_id IN (:ids) GROUP BY session_id")
                .setParameter("ids", sessions.stream().map(s -> s.id).toList()).getResultList();
        for (Object[] row : counted) {
            counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return counts;
    }

    /**
     * The latest {@code requested} entries as {@code fetch(limit)} finds them (newest {@code limit}, in history
     * order); past {@code max-results}, the latest that many, marked truncated when there were more.
     */
    private Found latest(int requested, IntFunction<List<HistoryEntry>> fetch) {
        int max = config.ipython().maxResults();
        if (requested <= max) {
            return new Found(fetch.apply(requested), false);
        }
        List<HistoryEntry> entries = fetch.apply(max + 1);
        if (entries.size() > max) {
            return new Found(entries.subList(entries.size() - max, entries.size()), true);
        }
        return new Found(entries, false);
    }

    private void checkCellSizes(Map<Integer, AppendRequest.Input> inputs, Map<Integer, AppendRequest.Output> outputs) {
        long limit = config.ipython().maxCellSize().asLongValue();
        inputs.values().forEach(input -> {
            checkCell("input", input.line(), input.source(), limit);
            checkCell("raw input", input.line(), input.sourceRaw(), limit);
        });
        outputs.values().forEach(output -> checkCell("output", output.line(), output.text(), limit));
    }

    private static void checkCell(String what, int line, String text, long limit) {
        long size = utf8(text);
        if (size > limit) {
            throw new ApiException(413, "The " + what + " of line " + line + " is " + Sizes.human(size)
                    + "; one cell's input or output may be at most " + Sizes.human(limit) + " (callisto.ipython.max-cell-size)");
        }
    }

    private static Map<Integer, AppendRequest.Input> inputsByLine(List<AppendRequest.Input> inputs) {
        return byLine(inputs, "input", AppendRequest.Input::line, AppendRequest.Input::source, "source");
    }

    private static Map<Integer, AppendRequest.Output> outputsByLine(List<AppendRequest.Output> outputs) {
        return byLine(outputs, "output", AppendRequest.Output::line, AppendRequest.Output::text, "text");
    }

    /** Entries by line, each checked to have a line and its text; the first of a repeated line wins. */
    private static <T> Map<Integer, T> byLine(List<T> entries, String what, Function<T, Integer> line, Function<T, String> text, String textField) {
        Map<Integer, T> byLine = new LinkedHashMap<>();
        for (T entry : entries == null ? List.<T>of() : entries) {
            if (entry == null || line.apply(entry) == null || line.apply(entry) < 0) {
                throw ApiException.badRequest("Every " + what + " needs a 'line' of 0 or more");
            }
            if (text.apply(entry) == null) {
                throw ApiException.badRequest("The " + what + " of line " + line.apply(entry) + " needs a '" + textField + "'");
            }
            byLine.putIfAbsent(line.apply(entry), entry);
        }
        return byLine;
    }

    private static long bytesOf(Map<Integer, AppendRequest.Input> inputs, Map<Integer, AppendRequest.Output> outputs) {
        long bytes = 0;
        for (AppendRequest.Input input : inputs.values()) {
            bytes += utf8(input.source());
            if (input.sourceRaw() != null && !input.sourceRaw().equals(input.source())) {
                bytes += utf8(input.sourceRaw());
            }
        }
        for (AppendRequest.Output output : outputs.values()) {
            bytes += utf8(output.text());
        }
        return bytes;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Work with the transaction's JDBC connection, after Hibernate has written what it holds. */
    private <T> T work(SqlWork<T> work) {
        entities.flush();
        return entities.unwrap(Session.class).doReturningWork(work::run);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection db) throws SQLException;
    }
}
