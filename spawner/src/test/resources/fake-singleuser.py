"""A stand-in for jupyterhub-singleuser in the local spawner's tests; run it with /usr/bin/python3.

Like the real one, it listens at the address in JUPYTERHUB_SERVICE_URL and answers only under
that URL's path (the service prefix). Under the prefix:

    GET {prefix}         200 "fake singleuser"
    GET {prefix}env      200, the environment as NAME=value lines
    GET {prefix}cwd      200, the working directory
    GET {prefix}exit/N   200, then exits with status N

Options, which change how it behaves at start:

    --fail N          print an error to stderr and exit with status N at once
    --lines N         print "line 1" to "line N" before listening
    --ignore-term     ignore SIGTERM (children inherit that)
    --child           start /bin/sleep 600 as a child and write its pid to child.pid
    --session-child   the same in a session of its own, as jupyter_client starts kernels; pid to session-child.pid
    --zombie-child    fork a child that exits at once, never reap it, write its pid to zombie.pid
"""

import http.server
import os
import signal
import subprocess
import sys
import urllib.parse


def option_value(name):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else None


def write_pid(file_name, pid):
    # Written whole under a temporary name, then renamed: a test polling for the file never reads half of it.
    with open(file_name + ".tmp", "w") as f:
        f.write(str(pid))
    os.rename(file_name + ".tmp", file_name)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    failure = option_value("--fail")
    if failure is not None:
        print("fake singleuser: cannot start: told to fail", file=sys.stderr, flush=True)
        sys.exit(failure)
    if "--ignore-term" in sys.argv:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if "--child" in sys.argv:
        write_pid("child.pid", subprocess.Popen(["/bin/sleep", "600"]).pid)
    if "--session-child" in sys.argv:
        write_pid("session-child.pid", subprocess.Popen(["/bin/sleep", "600"], start_new_session=True).pid)
    if "--zombie-child" in sys.argv:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        write_pid("zombie.pid", pid)
    for i in range(1, (option_value("--lines") or 0) + 1):
        print(f"line {i}")

    url = urllib.parse.urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = url.path

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if not self.path.startswith(prefix):
                self.answer(404, "not under " + prefix)
                return
            rest = self.path[len(prefix):]
            if rest == "env":
                self.answer(200, "".join(f"{k}={v}\n" for k, v in sorted(os.environ.items())))
            elif rest == "cwd":
                self.answer(200, os.getcwd())
            elif rest.startswith("exit/"):
                self.answer(200, "exiting")
                os._exit(int(rest[len("exit/"):]))
            else:
                self.answer(200, "fake singleuser")

        def answer(self, status, body):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def log_message(self, format, *args):
            pass

    server = http.server.HTTPServer((url.hostname, url.port), Handler)
    print(f"fake singleuser listening on {url.hostname}:{url.port}")
    server.serve_forever()


main()
