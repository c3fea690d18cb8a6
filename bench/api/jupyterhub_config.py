# JupyterHub 3.0 configuration for bench/api/run.sh. Everything machine-specific comes from the
# environment that run.sh sets; nothing here is meant for a real deployment.
import os

work = os.environ["BENCH_JH_DIR"]

c = get_config()  # noqa: F821 (provided by JupyterHub's config loader)

c.JupyterHub.bind_url = "http://127.0.0.1:%s" % os.environ["BENCH_JH_PUBLIC_PORT"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["BENCH_JH_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ["BENCH_JH_API_PORT"]
c.ConfigurableHTTPProxy.auth_token = os.environ["BENCH_JH_PROXY_TOKEN"]
c.ConfigurableHTTPProxy.pid_file = os.path.join(work, "jupyterhub-proxy.pid")

c.JupyterHub.db_url = "sqlite:///" + os.path.join(work, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(work, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(work, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = False

# Users are created through the API; nobody logs in. DummyAuthenticator does not require the
# users to exist on the system (PAMAuthenticator, the default, refuses to add them).
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.admin_users = {"admin"}

# The benchmark's admin credential: a service token holding the scopes of JupyterHub's admin role.
c.JupyterHub.services = [{"name": "bench", "api_token": os.environ["BENCH_JH_ADMIN_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "bench-admin",
        "description": "JupyterHub 3.0's admin scopes, for the benchmark's service",
        "scopes": [
            "admin-ui", "admin:users", "admin:servers", "tokens", "admin:groups",
            "list:services", "read:services", "read:hub", "proxy", "shutdown",
            "access:services", "access:servers", "read:roles", "read:metrics",
        ],
        "services": ["bench"],
    }
]
