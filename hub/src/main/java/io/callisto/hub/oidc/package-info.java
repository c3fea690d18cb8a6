/**
 * University login through an OpenID Connect provider (Keycloak, which federates the university's SAML,
 * LDAP or CAS). Vocabulary:
 * <ul>
 * <li><em>provider</em>: the OIDC issuer ({@code callisto.oidc.issuer}), e.g. Keycloak's realm {@code callisto};
 * <li><em>tenant</em>: quarkus-oidc's configuration for it ({@link io.callisto.hub.oidc.OidcTenant}), which runs the
 * authorization code flow with PKCE on {@code /hub/oidc/login} and verifies the ID token;
 * <li><em>claims</em>: what the verified ID token says; {@link io.callisto.hub.oidc.ClaimMapping} turns them into a
 * <em>person</em> (name, groups, admin, course roles) or a refusal, and {@link io.callisto.hub.oidc.ClaimSync}
 * records the person;
 * <li><em>managed group</em>: a group synced from the claims at every login ({@code groups.managed_by = 'oidc'}),
 * whose members people do not edit;
 * <li><em>login session</em>: Callisto's own, in PostgreSQL ({@code login_sessions}, cookie {@code callisto-session});
 * quarkus-oidc's session cookie lives only for the moment between its verification and ours;
 * <li><em>provider logout</em>: RP-initiated logout at the provider's {@code end_session_endpoint} with
 * {@code id_token_hint} ({@link io.callisto.hub.oidc.ProviderLogout}).
 * </ul>
 * With no issuer configured none of this runs: local accounts are the only login.
 */
package io.callisto.hub.oidc;
