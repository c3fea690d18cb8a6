package io.callisto.hub.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's configuration. Every key can be set in {@code application.properties}, as a system
 * property, or as an environment variable ({@code callisto.proxy.api-url} is
 * {@code CALLISTO_PROXY_API_URL}). The README's configuration reference is generated from this file's
 * Javadoc by hand: keep both in step.
 */
@ConfigMapping(prefix = "callisto")
public interface HubConfig {

    /**
     * Where the hub keeps what must survive a restart on this machine: the embedded database, the
     * proxy's generated token, users' working directories and server logs.
     * Environment variable: {@code CALLISTO_STATE_DIR}.
     */
    @WithName("state-dir")
    @WithDefault(".callisto")
    Path stateDir();

    /**
     * The URL at which single-user servers and services reach the hub's API, without
     * {@code /hub/api}. JupyterHub calls this {@code hub_connect_url}.
     */
    @WithName("hub-connect-url")
    @WithDefault("http://127.0.0.1:8081")
    URI hubConnectUrl();

    /**
     * The public URL people use, e.g. {@code https://notebooks.example.edu}; empty for "whatever host
     * the browser used" (links stay relative). Sets {@code JUPYTERHUB_PUBLIC_URL} and {@code JUPYTERHUB_HOST}.
     */
    @WithName("public-url")
    Optional<URI> publicUrl();

    /** The version reported in {@code X-JupyterHub-Version}: the JupyterHub API version Callisto speaks. */
    @WithName("jupyterhub-version")
    @WithDefault("5.2.1")
    String jupyterhubVersion();

    Database database();

    Admin admin();

    Login login();

    /** University login through an OpenID Connect provider (Keycloak); off without an issuer. */
    OidcConfig oidc();

    Proxy proxy();

    Spawner spawner();

    Servers servers();

    Api api();

    IPython ipython();

    /** IPython history and {@code %store} variables, kept in PostgreSQL by the hub (package {@code ipython}). */
    interface IPython {
        /**
         * Load the Callisto IPython extension in every kernel of the servers the hub starts, so that their
         * history and {@code %store} variables are kept by the hub (the servers get {@code CALLISTO_IPYTHON=on}
         * and Callisto's kernelspec on {@code JUPYTER_PATH}). Off: kernels keep IPython's own
         * {@code history.sqlite} and pickleshare files. The API answers either way.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Where the extension ({@code src/}) and its kernelspec ({@code share/jupyter/}) are for servers on this
         * machine, relative to the hub's working directory.
         */
        @WithName("image-dir")
        @WithDefault("spawner/image")
        Path imageDir();

        /** The largest input or output text of one cell (e.g. {@code 1M}); larger ones are refused with 413. */
        @WithName("max-cell-size")
        @WithDefault("1M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxCellSize();

        /** The most history (inputs and outputs, in UTF-8 bytes) one user may keep; appends past it are refused with 413. */
        @WithName("max-history-size")
        @WithDefault("256M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxHistorySize();

        /** The largest pickled value of one stored variable; larger ones are refused with 413. */
        @WithName("max-value-size")
        @WithDefault("4M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxValueSize();

        /** The most all of one user's stored variables may take together; a store past it is refused with 413. */
        @WithName("max-store-size")
        @WithDefault("64M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxStoreSize();

        /** The most history entries one answer holds (a tail or a search); older ones are left out and the answer says so. */
        @WithName("max-results")
        @WithDefault("10000")
        int maxResults();
    }

    Culler culler();

    Metrics metrics();

    /** Prometheus metrics at {@code /hub/metrics} (scope {@code read:metrics}). */
    interface Metrics {
        /** The prefix of the hub's own metric names; JupyterHub's by default, so dashboards carry over. */
        @WithDefault("jupyterhub")
        String prefix();
    }

    /**
     * The built-in idle culler: stops servers nobody has used for a while, through the same REST API a
     * separate {@code jupyterhub-idle-culler} would use, as the service {@code callisto-culler}.
     */
    interface Culler {
        /** Whether it runs. */
        @WithDefault("false")
        boolean enabled();

        /** Servers unused this long are stopped. */
        @WithDefault("PT1H")
        Duration timeout();

        /** How often it looks. */
        @WithDefault("PT5M")
        Duration every();

        /** Servers older than this are stopped however busy they are; zero for no limit. */
        @WithName("max-age")
        @WithDefault("PT0S")
        Duration maxAge();

        /** How many stop requests it makes at once. */
        @WithDefault("10")
        int concurrency();

        /** Also delete users who have had no server and no activity for {@link #timeout()} (never admins). */
        @WithName("cull-users")
        @WithDefault("false")
        boolean cullUsers();

        /** Forget named servers it stops, instead of only stopping them. */
        @WithName("remove-named-servers")
        @WithDefault("false")
        boolean removeNamedServers();
    }

    /**
     * Services: programs that use the API with their own token, e.g. an idle culler or a grader;
     * {@code callisto.services."grader".api-token=...}. Recreated from configuration at every start.
     */
    Map<String, ServiceConfig> services();

    /**
     * Custom roles, e.g. {@code callisto.roles."ta".scopes=admin:servers!group=cs101}; recreated from
     * configuration at every start (roles made through the API are kept).
     */
    Map<String, RoleConfig> roles();

    /** One configured service. */
    interface ServiceConfig {
        /** Its API token (from a Kubernetes Secret or the environment); without one, it has no token. */
        @WithName("api-token")
        Optional<String> apiToken();

        /** Whether it holds the admin role. */
        @WithDefault("false")
        boolean admin();

        /** Custom roles it holds. */
        Optional<List<String>> roles();

        /** Where it listens; when set, the proxy serves it at {@code /services/{name}/} and it may log people in through the hub (OAuth). */
        Optional<URI> url();
    }

    /** One configured role. */
    interface RoleConfig {
        /** What the role is for, for people. */
        Optional<String> description();

        /** Its scopes, e.g. {@code list:users,read:users:activity}. */
        List<String> scopes();

        /** Users who hold it. */
        Optional<List<String>> users();

        /** Groups whose members hold it. */
        Optional<List<String>> groups();
    }

    /** The REST API. */
    interface Api {
        /** Items per page when a request gives no {@code limit}. */
        @WithName("page-default")
        @WithDefault("50")
        int pageDefault();

        /** The most items one page holds, whatever {@code limit} asks. */
        @WithName("page-max")
        @WithDefault("200")
        int pageMax();

        /** The largest request body accepted; larger ones are refused with 413 before they are read. */
        @WithName("max-body-size")
        @WithDefault("10M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxBodySize();

        /**
         * How long the hub reuses what it read about an API token (owner, roles, scopes) without reading
         * the database again. Changes to tokens, roles, groups and admin flags made anywhere reach every
         * hub at once through PostgreSQL's notifications, so this is only an upper bound; {@code 0}
         * turns the cache off.
         */
        @WithName("token-cache-ttl")
        @WithDefault("PT5M")
        Duration tokenCacheTtl();

        /** The most API tokens whose identities are kept; when full, the cache starts again empty. */
        @WithName("token-cache-size")
        @WithDefault("100000")
        int tokenCacheSize();

        /**
         * The most users whose models (user row, servers, groups, roles, course roles) the hub keeps in
         * memory, so that reading a user again costs no database round trip; when full, an arbitrary one
         * is dropped. Changes made anywhere reach every hub at once through PostgreSQL's notifications, and
         * a client sees its own writes on its next request. {@code 0} turns the cache off.
         */
        @WithName("user-cache-size")
        @WithDefault("10000")
        int userCacheSize();
    }

    /** The database. With no URL, the hub starts an embedded PostgreSQL in the state directory. */
    interface Database {
        /**
         * JDBC URL of an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/callisto}; empty
         * for the embedded one. Environment variable: {@code CALLISTO_DATABASE_URL}.
         */
        Optional<String> url();

        /** User for {@link #url()}. */
        Optional<String> username();

        /** Password for {@link #url()}; never logged. */
        Optional<String> password();
    }

    /** The bootstrap administrator and the automation token. */
    interface Admin {
        /** Name of the bootstrap admin, created at first start. */
        @WithDefault("admin")
        String name();

        /**
         * The bootstrap admin's password at first start ({@code CALLISTO_ADMIN_PASSWORD}); when empty, a
         * password is generated and printed once. Later changes to this value do not change the stored password.
         */
        Optional<String> password();

        /**
         * When set ({@code CALLISTO_ADMIN_TOKEN}), an API token for the service {@code callisto-admin}
         * with the admin role, for automation (like a JupyterHub service's {@code api_token}).
         */
        Optional<String> token();
    }

    /** Local-account login. */
    interface Login {
        /** How long a login session lasts without use. */
        @WithName("session-max-age")
        @WithDefault("P14D")
        Duration sessionMaxAge();

        /** Failed attempts for one user name before later attempts are slowed down. */
        @WithName("free-failures")
        @WithDefault("3")
        int freeFailures();

        /** The wait imposed after the first failure past {@link #freeFailures()}; it doubles with each further one. */
        @WithName("failure-delay")
        @WithDefault("PT2S")
        Duration failureDelay();

        /** The longest wait imposed after failed attempts. */
        @WithName("max-failure-delay")
        @WithDefault("PT5M")
        Duration maxFailureDelay();

        /** Mark cookies {@code Secure}; turn on when the public URL is https. */
        @WithName("secure-cookies")
        @WithDefault("false")
        boolean secureCookies();
    }

    /** The proxy that carries every browser request. */
    interface Proxy {
        /**
         * The URL of an external proxy's routes API (configurable-http-proxy's or another Callisto proxy),
         * e.g. {@code http://proxy:8001}. When neither this nor {@link #apiUrls()} is set, the hub starts
         * its own proxy as a child process.
         */
        @WithName("api-url")
        Optional<URI> apiUrl();

        /**
         * The routes APIs of several proxy replicas, each given the full route table: the hub pushes
         * every route change to each of them, reconciles each against the database every
         * {@link #syncInterval()} (so a replica that restarted or missed a change converges), and
         * reads {@code last_activity} from all of them, keeping the latest. When set, it replaces
         * {@link #apiUrl()}. With {@link #resolveReplicas()}, each URL's host name stands for every
         * address it resolves to.
         */
        @WithName("api-urls")
        Optional<List<URI>> apiUrls();

        /**
         * Resolve the host name of each {@link #apiUrls()} entry (or of {@link #apiUrl()}) at every
         * push and sync, and treat every address as a replica: a Kubernetes headless Service's name
         * then finds every proxy pod, including ones started after the hub.
         */
        @WithName("resolve-replicas")
        @WithDefault("false")
        boolean resolveReplicas();

        /**
         * The token for the proxy's routes API. Defaults to {@code CONFIGPROXY_AUTH_TOKEN}; when that
         * is empty too, one is generated and kept in the state directory (mode 0600) so that a restarted
         * hub can adopt the proxy it left running.
         */
        @WithName("auth-token")
        Optional<String> authToken();

        /** The command that starts the child proxy; CHP's options are appended. */
        @WithDefault("proxy/bin/callisto-proxy")
        List<String> command();

        /** The public address the child proxy listens on. */
        @WithName("public-ip")
        @WithDefault("0.0.0.0")
        String publicIp();

        /** The public port the child proxy listens on. */
        @WithName("public-port")
        @WithDefault("8000")
        int publicPort();

        /** The loopback port of the child proxy's routes API. */
        @WithName("api-port")
        @WithDefault("8001")
        int apiPort();

        /**
         * How often the hub reconciles every proxy replica's routes with the servers table and reads
         * activity: the longest a restarted replica serves without its routes.
         */
        @WithName("sync-interval")
        @WithDefault("PT10S")
        Duration syncInterval();

        /** How long to wait for the child proxy's API to answer at start-up. */
        @WithName("start-timeout")
        @WithDefault("PT30S")
        Duration startTimeout();
    }

    /** How single-user servers are started. */
    interface Spawner {
        /**
         * Which spawner runs servers: {@code local} (processes on this machine) or {@code kubernetes}
         * (a pod per server; see {@link KubernetesConfig}).
         */
        @WithDefault("local")
        String kind();

        Local local();

        /** The Kubernetes spawner; read only when {@link #kind()} is {@code kubernetes}. */
        KubernetesConfig kubernetes();

        /**
         * Extra environment for every single-user server, e.g.
         * {@code callisto.spawner.environment.JUPYTERHUB_SINGLEUSER_APP}, which defaults to the
         * classic notebook UI ({@code notebook.notebookapp.NotebookApp}) because Debian's
         * {@code jupyterhub-singleuser} 3.0 serves no UI without it.
         */
        Map<String, String> environment();

        /** The local-process spawner. */
        interface Local {
            /**
             * The single-user command, as a comma-separated list. Servers run as the hub's operating-system
             * user; {@code --allow-root} lets the notebook server start when that user is root (it is
             * ignored otherwise). Give each person an OS account of their own, or use the Kubernetes
             * spawner, where people must not share one account.
             */
            @WithDefault("jupyterhub-singleuser,--allow-root")
            List<String> command();

            /** Root of the per-user working directories; default {@code <state-dir>/home}. */
            @WithName("home-root")
            Optional<Path> homeRoot();

            /** Directory of the per-server log files; default {@code <state-dir>/logs}. */
            @WithName("log-dir")
            Optional<Path> logDir();

            /** The address servers listen on. */
            @WithName("bind-host")
            @WithDefault("127.0.0.1")
            String bindHost();
        }
    }

    /** Lifecycle of single-user servers. */
    interface Servers {
        /** How long a server may take from spawn to answering HTTP before the start fails. */
        @WithName("start-timeout")
        @WithDefault("PT60S")
        Duration startTimeout();

        /** How often running servers are polled to notice ones that died. */
        @WithName("poll-interval")
        @WithDefault("PT30S")
        Duration pollInterval();

        /** How long a stopping server gets to exit before it is killed. */
        @WithName("stop-grace")
        @WithDefault("PT5S")
        Duration stopGrace();

        /** Stop every server when the hub shuts down cleanly (JupyterHub's {@code cleanup_servers}). */
        @WithName("stop-on-shutdown")
        @WithDefault("true")
        boolean stopOnShutdown();

        /**
         * How long {@code POST …/server} waits for a start to finish before answering 202 (JupyterHub's
         * {@code slow_spawn_timeout}); a start that finishes in time answers 201.
         */
        @WithName("slow-spawn-timeout")
        @WithDefault("PT10S")
        Duration slowSpawnTimeout();

        /**
         * Threads that do the database work of starts: recording each start (its server row, token and OAuth client)
         * and each start's outcome. Each holds a database connection while it works; starts beyond them wait their
         * turn, so that a storm of starts leaves the rest of the connection pool ({@code quarkus.datasource.jdbc.max-size})
         * and the request threads to the rest of the API. More threads record a storm sooner when the database is
         * slow to answer, while the API has fewer connections and, on a small machine, less CPU left: on 2 cores, 4
         * threads recorded 1,000 starts no sooner than 2 and doubled the API's worst waits (bench/kubernetes).
         */
        @WithName("start-transactions")
        @WithDefault("2")
        int startTransactions();

        /** Starts under way at once, hub-wide, before more are refused with 429; 0 for no limit. */
        @WithName("concurrent-spawn-limit")
        @WithDefault("100")
        int concurrentSpawnLimit();

        /** Servers running or starting at once, hub-wide, before more are refused with 429; 0 for no limit. */
        @WithName("active-server-limit")
        @WithDefault("0")
        int activeServerLimit();

        /** Whether users may have named servers besides their default one. */
        @WithName("allow-named-servers")
        @WithDefault("true")
        boolean allowNamedServers();

        /** Named servers one user may have (running or not); 0 for no limit. */
        @WithName("named-server-limit-per-user")
        @WithDefault("0")
        int namedServerLimitPerUser();

        /** How many log lines a failed start shows. */
        @WithName("failure-log-lines")
        @WithDefault("20")
        int failureLogLines();

        /**
         * How long a single-user server may trust the hub's answer about who a cookie belongs to
         * ({@code jupyterhub-singleuser}'s {@code HubOAuth.cache_max_age}, passed as {@code --HubOAuth.cache_max_age};
         * JupyterHub's 5 minutes by default). Logging out removes the servers' cookies from that browser at
         * once; a session ended elsewhere (the Sessions page, an admin's sign-out) stops working on the servers
         * within this time. Shorter: those take effect sooner, but servers ride out a hub outage for less long.
         */
        @WithName("auth-cache-max-age")
        @WithDefault("PT5M")
        Duration authCacheMaxAge();
    }
}
