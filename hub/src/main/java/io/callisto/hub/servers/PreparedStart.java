package io.callisto.hub.servers;

import io.callisto.spawner.api.SpawnRequest;

/** A start as recorded: its server row, which start of that server it is, and what the spawner is asked. */
record PreparedStart(long serverId, long spawnId, SpawnRequest request) {
}
