package io.callisto.hub.api;

import io.callisto.hub.config.HubConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Every answer carries {@code X-JupyterHub-Version}, as JupyterHub's do. */
@Provider
public class VersionHeaderFilter implements ContainerResponseFilter {

    /** Looked up per use: filters are built before runtime configuration exists. */
    @Inject
    Instance<HubConfig> config;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-JupyterHub-Version", config.get().jupyterhubVersion());
    }
}
