#!/bin/sh
# A stand-in single-user command for failure tests; the user name chooses how it misbehaves:
# names starting with "crash" crash at start-up, names starting with "hang" never listen, names
# starting with "gate" listen (a plain HTTP server) once the file /tmp/callisto-test-gate-<user> exists.
case "$JUPYTERHUB_USER" in
  crash*) echo "Traceback: something broke at start-up" >&2; exit 3 ;;
  hang*) echo "starting, but never listening"; exec sleep 600 ;;
  gate*)
    while [ ! -e "/tmp/callisto-test-gate-$JUPYTERHUB_USER" ]; do sleep 0.05; done
    port=${JUPYTERHUB_SERVICE_URL##*:}
    exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "${port%%/*}" ;;
  *) echo "unknown mode for $JUPYTERHUB_USER" >&2; exit 2 ;;
esac
