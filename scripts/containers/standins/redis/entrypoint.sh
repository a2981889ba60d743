#!/bin/sh
# Like the official image: started without a config file, Redis accepts other containers
# (protected mode would refuse every non-loopback client, as no password is set).
set -e
if [ "$1" = "redis-server" ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
