#!/bin/bash
# Builds a manifest with flatpak-builder against the stand-in runtime and
# installs it into the suite's flatpak installation; the rest of the suite
# runs what this installs.
#
#   build.sh devel     the .Devel manifest: this checkout's commit (a local git
#                      source: committed files only)
#   build.sh release   the release manifest, offline: flatpak-builder's git
#                      mirror is seeded from this checkout, --disable-download
#
# The manifests say GNOME 51; the stand-in is not, so a copy is built with
# runtime-version set to the stand-in's branch.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

kind=$1
src=$SB_SOURCE_ROOT
branch=${SB_FLATPAK_BRANCH:-48}
head=$(git -C "$src" rev-parse HEAD)
mkdir -p "$SB_FLATPAK_WORK/manifests"

case $kind in
  devel)
    app=$DEVEL
    manifest=$SB_FLATPAK_WORK/manifests/$app.json
    # This checkout's HEAD (the manifest says "main"; a branch being tested
    # may be another), from its absolute path.
    jq --arg b "$branch" --arg src "$src" --arg commit "$head" \
      '."runtime-version" = $b | .modules[-1].sources[0].path = $src
       | .modules[-1].sources[0].commit = $commit | del(.modules[-1].sources[0].branch)' \
      "$src/flatpak/$app.json" > "$manifest"
    state=$SB_FLATPAK_WORK/fb-state
    extra=()
    ;;
  release)
    app=$RELEASE
    manifest=$SB_FLATPAK_WORK/manifests/$app.json
    state=$SB_FLATPAK_WORK/fb-state-release
    release_manifest "$state" "$manifest"
    commit=$release_commit tag=$release_tag
    extra=(--disable-download)
    ;;
  *) fail "build.sh devel|release" ;;
esac

cd "$SB_FLATPAK_WORK"
nice -n 5 flatpak-builder --user --install --force-clean --disable-rofiles-fuse "${extra[@]}" \
  --state-dir="$state" "$SB_FLATPAK_WORK/_flatpak-$kind" "$manifest" > "$tmp/builder.log" 2>&1 ||
  { tail -n 40 "$tmp/builder.log"; fail "flatpak-builder could not build $app"; }
flatpak --user info "$app" | sed -n '1,12p'

# Installed, and it runs in the sandbox.
version=$(flatpak --user run --command=sketchbloom-cli "$app" --version) || fail "sketchbloom-cli does not run in the sandbox"
echo "sandboxed: $version"
expected=$(sed -n "s/^  version: '\\([^']*\\)',/\\1/p" "$src/meson.build")
[ "$kind" = release ] && [ "$commit" != "$head" ] && expected=${tag#v}
echo "$version" | grep -q " $expected\$" || fail "the $kind build says '$version', not $expected"
# The sandbox holds exactly what the manifests ask for, and that is what
# the suite needs: the network (the service), IPC and a display (X11 under
# Xvfb here, Wayland on a desktop), the GPU. Files and keys go through portals.
flatpak --user info --show-permissions "$app" > "$tmp/permissions"
cat "$tmp/permissions"
expected_permissions='[Context]
shared=network;ipc;
sockets=x11;wayland;fallback-x11;
devices=dri;'
[ "$(grep -v '^$' "$tmp/permissions")" = "$expected_permissions" ] ||
  fail "the sandbox's permissions are not the expected ones (above)"

# What the build left in /app: the app, its data, no sources or .git.
files=$(flatpak --user run --command=find "$app" /app -maxdepth 3)
echo "$files" | grep -q '^/app/bin/sketchbloom$' || fail "no /app/bin/sketchbloom"
if echo "$files" | grep -E '/\.git($|/)|/_build|meson\.build$'; then fail "sources in /app"; fi
echo "ok: $app built and installed"
