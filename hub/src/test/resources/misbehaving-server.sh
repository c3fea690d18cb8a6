#!/bin/sh
# A stand-in single-user command for failure tests; the user name chooses how it misbehaves:
# names starting with "crash" crash at start-up, names starting with "hang" never listen.
case "$JUPYTERHUB_USER" in
  crash*) echo "Traceback: something broke at start-up" >&2; exit 3 ;;
  hang*) echo "starting, but never listening"; exec sleep 600 ;;
  *) echo "unknown mode for $JUPYTERHUB_USER" >&2; exit 2 ;;
esac
