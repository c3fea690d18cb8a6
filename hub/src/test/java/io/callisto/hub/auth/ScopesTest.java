package io.callisto.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void selfIsNarrowedToTheUserAndCarriesImplications() {
        Set<String> scopes = Scopes.expand(List.of("self"), "alice");
        assertThat(scopes).contains("servers!user=alice", "read:servers!user=alice", "delete:servers!user=alice",
                "access:servers!user=alice", "read:users:name!user=alice", "read:tokens!user=alice");
        assertThat(scopes).noneMatch(s -> s.contains("bob")).doesNotContain("servers", "admin:users");
    }

    @Test
    void adminImpliesTheNarrowerScopes() {
        Set<String> scopes = Scopes.expand(Scopes.ADMIN, null);
        assertThat(scopes).contains("admin:users", "users", "read:users", "list:users", "read:users:activity",
                "servers", "admin:server_state", "access:servers", "read:groups:name");
    }

    @Test
    void aTokenNeverGetsMoreThanItsOwner() {
        Set<String> owner = Scopes.expand(List.of("self"), "bob");
        Set<String> token = Scopes.expand(List.of("access:servers!server=alice/", "admin:users"), "bob");
        assertThat(Scopes.intersect(token, owner)).isSubsetOf(owner)
                .doesNotContain("access:servers!server=alice/", "admin:users", "users")
                .contains("read:users!user=bob");
    }

    @Test
    void aNarrowerFilterOfAnOwnersScopeIsKept() {
        Set<String> owner = Scopes.expand(List.of("self"), "alice");
        Set<String> token = Scopes.expand(Scopes.accessScopes("alice", ""), "alice");
        assertThat(Scopes.intersect(token, owner)).contains("access:servers!server=alice/", "access:servers!user=alice");
    }

    @Test
    void anUnfilteredTokenScopeIsCutToTheOwnersFilter() {
        Set<String> owner = Scopes.expand(List.of("self"), "carol");
        assertThat(Scopes.intersect(Set.of("servers"), owner)).containsExactly("servers!user=carol");
    }

    @Test
    void allowsHonoursUserAndServerFilters() {
        Set<String> scopes = Set.of("servers!user=dan", "access:servers!server=erin/");
        assertThat(Scopes.allows(scopes, "servers", "dan")).isTrue();
        assertThat(Scopes.allows(scopes, "servers", "erin")).isFalse();
        assertThat(Scopes.allowsServer(scopes, "access:servers", "erin", "")).isTrue();
        assertThat(Scopes.allowsServer(scopes, "access:servers", "erin", "lab")).isFalse();
    }
}
