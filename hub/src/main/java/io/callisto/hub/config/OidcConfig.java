package io.callisto.hub.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * University login through an OpenID Connect provider (Keycloak), under {@code callisto.oidc.}. With no
 * {@link #issuer()} it is off and local accounts are the only login. With one, the sign-in page offers
 * "Sign in with your university account" (authorization code flow with PKCE) above the local form, which
 * keeps working for break-glass admins. Who the user is, their groups, whether they are an admin and
 * their course roles are taken from the ID token's claims at every login.
 */
public interface OidcConfig {

    /**
     * The provider's issuer URL, e.g. {@code https://login.example.edu/realms/callisto}; its
     * {@code /.well-known/openid-configuration} is read for the endpoints. Empty: OIDC login is off.
     * Environment variable: {@code CALLISTO_OIDC_ISSUER}.
     */
    Optional<URI> issuer();

    /** The client id registered at the provider; ID tokens must name it in {@code aud}. */
    @WithName("client-id")
    @WithDefault("callisto")
    String clientId();

    /** The client's secret ({@code CALLISTO_OIDC_CLIENT_SECRET}); empty for a public client. Never logged. */
    @WithName("client-secret")
    Optional<String> clientSecret();

    /**
     * The issuer ID tokens must carry when it differs from the one discovered, e.g. when the hub reaches
     * Keycloak at an internal URL but tokens carry the public one. Empty: the discovered issuer.
     */
    @WithName("token-issuer")
    Optional<String> tokenIssuer();

    /** The audience ID tokens must carry; empty: the client id. */
    Optional<String> audience();

    /** Scopes asked for besides {@code openid}. */
    @WithDefault("profile,email")
    List<String> scopes();

    /**
     * Sent as {@code kc_idp_hint}: Keycloak then skips its own login page and sends people straight to
     * this identity provider (the alias of the university's SAML, OIDC or CAS broker). Empty: Keycloak's page.
     */
    @WithName("idp-hint")
    Optional<String> idpHint();

    /** The claim that names the user; its value is normalised and validated like a local user name. */
    @WithName("username-claim")
    @WithDefault("preferred_username")
    String usernameClaim();

    /**
     * The claim that lists the user's groups (Keycloak's "Group Membership" mapper; with "full group path",
     * values look like {@code /courses/CS101/students}). A Callisto group's name is the value without its
     * leading {@code /} and with every further {@code /} turned into {@code :} ({@code courses:CS101:students}).
     */
    @WithName("groups-claim")
    @WithDefault("groups")
    String groupsClaim();

    /**
     * Only members of one of these groups may log in (claim values or Callisto names); empty: everyone the
     * provider lets through. Others get a 403 page and nothing is created.
     */
    @WithName("allowed-groups")
    Optional<List<String>> allowedGroups();

    /** Members of one of these groups are admins; everyone else logging in through OIDC is not (checked at every login). */
    @WithName("admin-groups")
    Optional<List<String>> adminGroups();

    /** Sync the token's groups into Callisto's groups at every login (added and removed; marked managed by the provider). */
    @WithName("manage-groups")
    @WithDefault("true")
    boolean manageGroups();

    CourseRoles courseRoles();

    /**
     * Skip Callisto's sign-in page: {@code /hub/login} goes straight to the university login (JupyterHub's
     * {@code auto_login}). The local form stays at {@code /hub/login?local=1} for break-glass admins.
     */
    @WithName("auto-login")
    @WithDefault("false")
    boolean autoLogin();

    /** The sign-in button's text. */
    @WithName("button-text")
    @WithDefault("Sign in with your university account")
    String buttonText();

    /**
     * The key that protects the state cookie of a login in progress (it carries the PKCE verifier), at
     * least 32 characters; every hub replica needs the same. Empty: derived from the client secret (a
     * public client must set it).
     */
    @WithName("state-secret")
    Optional<String> stateSecret();

    /** How long the hub waits for the provider (discovery, token exchange) before the sign-in answers 503. */
    @WithName("connect-timeout")
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** Log out of the provider too (RP-initiated logout with {@code id_token_hint}) when a user logs out of Callisto. */
    @WithName("provider-logout")
    @WithDefault("true")
    boolean providerLogout();

    /**
     * Course roles from group claims: a group whose claim value matches {@link #pattern()} makes the user
     * hold role {@code role} in course {@code course}. Replaced at every login.
     */
    interface CourseRoles {
        /** A regular expression over group claim values with named groups {@code course} and {@code role}. */
        @WithDefault("^/?courses/(?<course>[^/]+)/(?<role>[^/]+)$")
        String pattern();

        /**
         * Renames matched roles, e.g. {@code callisto.oidc.course-roles.names.instructors=instructor}; when
         * any are given, roles not named here are ignored. Empty: the matched text is the role.
         */
        Map<String, String> names();
    }
}
