#!/bin/sh
# Installs the Debian packages repro needs, when any is missing. Does nothing when all are present.
# As root it runs apt-get itself; otherwise it prints the exact command to run and fails.
set -eu
PACKAGES="pkg-config libhdf5-dev hdf5-tools libopenblas-dev libcairo2-dev libssl-dev fonts-dejavu-core python3-venv curl ca-certificates"
missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -q
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "deps: run this as root, then try again:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
