package io.callisto.hub.ipython;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQL over inputs and outputs, on the transaction's own connection: batched inserts that keep what
 * is already there, and the queries behind ranges, tails and searches. Entries come back in history order
 * (session, then line).
 */
final class HistoryRows {

    private static final String ENTRY_COLUMNS =
            "SELECT s.number, i.line, i.source, COALESCE(i.source_raw, i.source) AS raw, %s AS text "
            + "FROM ipython_inputs i JOIN ipython_sessions s ON s.id = i.session_id %s";
    private static final String OUTPUT_JOIN =
            "LEFT JOIN ipython_outputs o ON o.session_id = i.session_id AND o.line = i.line";

    private HistoryRows() {
    }

    /** Which of {@code lines} the session already has in {@code table} (inputs or outputs). */
    static Set<Integer> existing(Connection db, String table, long sessionId, Collection<Integer> lines) throws SQLException {
        Set<Integer> found = new HashSet<>();
        if (lines.isEmpty()) {
            return found;
        }
        String sql = "SELECT line FROM " + table + " WHERE session_id = ? AND line = ANY (?)";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("integer", lines.toArray());
            query.setLong(1, sessionId);
            query.setArray(2, array);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getInt(1));
                }
            }
        }
        return found;
    }

    static void insertInputs(Connection db, long sessionId, Collection<AppendRequest.Input> inputs) throws SQLException {
        insertAll(db, "INSERT INTO ipython_inputs (session_id, line, source, source_raw) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                sessionId, inputs, (insert, input) -> {
                    insert.setInt(2, input.line());
                    insert.setString(3, input.source());
                    insert.setString(4, input.sourceRaw() == null || input.sourceRaw().equals(input.source()) ? null : input.sourceRaw());
                });
    }

    static void insertOutputs(Connection db, long sessionId, Collection<AppendRequest.Output> outputs) throws SQLException {
        insertAll(db, "INSERT INTO ipython_outputs (session_id, line, text) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                sessionId, outputs, (insert, output) -> {
                    insert.setInt(2, output.line());
                    insert.setString(3, output.text());
                });
    }

    /** Binds one row's values from the second parameter on; the first is the session. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    private static <T> void insertAll(Connection db, String sql, long sessionId, Collection<T> rows, Binder<T> binder) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (T row : rows) {
                insert.setLong(1, sessionId);
                binder.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive; null for the end) of one session, at most {@code limit}. */
    static List<HistoryEntry> range(Connection db, long sessionId, int start, Integer stop, boolean output, int limit) throws SQLException {
        String where = "WHERE i.session_id = ? AND i.line >= ?" + (stop == null ? "" : " AND i.line < ?");
        String sql = columns(output) + " " + where + " ORDER BY i.line LIMIT ?";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            int p = 1;
            query.setLong(p++, sessionId);
            query.setInt(p++, start);
            if (stop != null) {
                query.setInt(p++, stop);
            }
            query.setInt(p, limit);
            return read(query, false);
        }
    }

    /** The latest {@code limit} inputs of the user, leaving out the session with key {@code excludeKey}. */
    static List<HistoryEntry> tail(Connection db, long userId, String excludeKey, boolean output, int limit) throws SQLException {
        String sql = columns(output) + " WHERE s.user_id = ? AND s.client_key <> ? ORDER BY s.number DESC, i.line DESC LIMIT ?";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, userId);
            query.setString(2, excludeKey);
            query.setInt(3, limit);
            return read(query, true);
        }
    }

    /**
     * The latest {@code limit} inputs whose source (raw or translated) matches the PostgreSQL regular
     * expression {@code regex}; with {@code unique}, only the latest of inputs with the same text.
     */
    static List<HistoryEntry> search(Connection db, long userId, String excludeKey, String regex, boolean searchRaw,
                                     boolean unique, boolean output, int limit) throws SQLException {
        String column = searchRaw ? "raw" : "source";
        String matches = columns(output) + " WHERE s.user_id = ? AND s.client_key <> ? AND "
                + (searchRaw ? "COALESCE(i.source_raw, i.source)" : "i.source") + " ~ ?";
        String from = unique
                ? "(SELECT DISTINCT ON (" + column + ") * FROM (" + matches + ") m ORDER BY " + column + ", number DESC, line DESC)"
                : "(" + matches + ")";
        String sql = "SELECT * FROM " + from + " u ORDER BY number DESC, line DESC LIMIT ?";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, userId);
            query.setString(2, excludeKey);
            query.setString(3, regex);
            query.setInt(4, limit);
            return read(query, true);
        }
    }

    private static String columns(boolean output) {
        return ENTRY_COLUMNS.formatted(output ? "o.text" : "NULL", output ? OUTPUT_JOIN : "");
    }

    private static List<HistoryEntry> read(PreparedStatement query, boolean newestFirst) throws SQLException {
        List<HistoryEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(new HistoryEntry(rows.getInt(1), rows.getInt(2), rows.getString(3), rows.getString(4), rows.getString(5)));
            }
        }
        if (newestFirst) {
            java.util.Collections.reverse(entries);
        }
        return entries;
    }
}
