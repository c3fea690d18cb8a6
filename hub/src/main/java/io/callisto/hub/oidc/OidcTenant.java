package io.callisto.hub.oidc;

import io.callisto.hub.config.HubConfig;
import io.callisto.hub.config.OidcConfig;
import io.callisto.hub.tokens.Secrets;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.TokenStateManager.Strategy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The quarkus-oidc tenant that runs the authorization code flow (with PKCE) for {@link OidcLoginResource},
 * built from {@code callisto.oidc.*}. It serves only {@code /hub/oidc/} and exists only when an issuer is
 * configured; everywhere else quarkus-oidc's default tenant, which is disabled, leaves requests alone.
 * quarkus-oidc creates the tenant at its first use, so a provider that is down at hub start stops nothing.
 */
@ApplicationScoped
public class OidcTenant implements TenantConfigResolver {

    static final String TENANT_ID = "callisto";
    static final String PATH_PREFIX = "/hub/oidc/";

    private static final Logger LOG = Logger.getLogger(OidcTenant.class);

    @Inject
    HubConfig config;

    private volatile OidcTenantConfig tenant;

    /** A configuration that cannot work stops the hub at start-up, naming the key; the provider is not contacted. */
    void check(@Observes StartupEvent event) {
        if (config.oidc().issuer().isPresent()) {
            tenant = build(config.oidc(), config.login().secureCookies());
            new ClaimMapping(config.oidc(), config.admin().name());
            LOG.infof("University login through %s (client %s)", config.oidc().issuer().get(), config.oidc().clientId());
        }
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        if (config.oidc().issuer().isEmpty() || !context.request().path().startsWith(PATH_PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        if (tenant == null) {
            tenant = build(config.oidc(), config.login().secureCookies());
        }
        return Uni.createFrom().item(tenant);
    }

    /** The tenant for this configuration. */
    static OidcTenantConfig build(OidcConfig oidc, boolean secureCookies) {
        String stateSecret = oidc.stateSecret()
                .or(() -> oidc.clientSecret().map(s -> Secrets.hash("callisto-oidc-state:" + s)))
                .orElseThrow(() -> new IllegalStateException("callisto.oidc.state-secret must be set for a client without a secret"));
        if (stateSecret.length() < 32) {
            throw new IllegalStateException("callisto.oidc.state-secret must be at least 32 characters long");
        }
        OidcTenantConfigBuilder builder = OidcTenantConfig.authServerUrl(oidc.issuer().orElseThrow().toString().replaceAll("/+$", ""))
                .tenantId(TENANT_ID)
                .applicationType(ApplicationType.WEB_APP)
                .clientId(oidc.clientId())
                .connectionTimeout(oidc.connectTimeout());
        oidc.clientSecret().ifPresent(builder::credentials);
        var authentication = builder.authentication()
                .pkceRequired(true)
                .stateSecret(stateSecret)
                .scopes(oidc.scopes())
                .cookiePath(PATH_PREFIX.substring(0, PATH_PREFIX.length() - 1))
                .cookieForceSecure(secureCookies)
                .allowMultipleCodeFlows(false)
                .failOnMissingStateParam(true)
                .nonceRequired(true)
                .javaScriptAutoRedirect(false);
        oidc.idpHint().ifPresent(hint -> authentication.extraParam("kc_idp_hint", hint));
        authentication.end();
        var token = builder.token().audience(oidc.audience().orElse(oidc.clientId()));
        oidc.tokenIssuer().ifPresent(token::issuer);
        token.end();
        builder.tokenStateManager().strategy(Strategy.ID_TOKEN).encryptionSecret(stateSecret).end();
        return builder.build();
    }
}
