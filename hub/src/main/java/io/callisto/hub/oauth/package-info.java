/**
 * The hub as an OAuth 2 provider, JupyterHub-compatible: single-user servers (and services) send people
 * to {@code /hub/api/oauth2/authorize}, get a code back on their {@code oauth_callback}, exchange it at
 * {@code /hub/api/oauth2/token} (client secret: the server's API token) and ask {@code /hub/api/user}
 * who it is and which scopes the token carries.
 *
 * <p>No consent page is shown: a token's scopes are always cut to its owner's at use, so a person who
 * authorizes someone else's server gets a token without {@code access:servers} for it, and the server
 * answers 403.
 */
package io.callisto.hub.oauth;
