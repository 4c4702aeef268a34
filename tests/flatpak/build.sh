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
    url=$(jq -r '.modules[-1].sources[0].url' "$src/flatpak/$app.json")
    tag=$(jq -r '.modules[-1].sources[0].tag' "$src/flatpak/$app.json")
    commit=$(jq -r '.modules[-1].sources[0].commit' "$src/flatpak/$app.json")
    state=$SB_FLATPAK_WORK/fb-state-release
    # flatpak-builder's mirror of the URL, named as it names it; the tag is
    # made there when this clone lacks it.
    mirror=$state/git/$(echo "$url" | sed -E 's#[:/]+#_#g')
    rm -rf "$mirror"; mkdir -p "$(dirname "$mirror")"
    git clone -q --mirror "$src" "$mirror"
    if ! git -C "$mirror" cat-file -e "$commit^{commit}" 2>/dev/null; then
      [ "$(git -C "$src" rev-parse --is-shallow-repository)" = true ] ||
        fail "the release commit $commit is not in this repository"
      echo "# a shallow clone without the release commit: building the release manifest at HEAD"
      commit=$head
      git -C "$mirror" tag -f "$tag" "$commit" >/dev/null
    fi
    git -C "$mirror" rev-parse -q --verify "refs/tags/$tag" >/dev/null || git -C "$mirror" tag "$tag" "$commit"
    jq --arg b "$branch" --arg commit "$commit" \
      '."runtime-version" = $b | .modules[-1].sources[0].commit = $commit' \
      "$src/flatpak/$app.json" > "$manifest"
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
# What the build left in /app: the app, its data, no sources or .git.
files=$(flatpak --user run --command=find "$app" /app -maxdepth 3)
echo "$files" | grep -q '^/app/bin/sketchbloom$' || fail "no /app/bin/sketchbloom"
if echo "$files" | grep -E '/\.git($|/)|/_build|meson\.build$'; then fail "sources in /app"; fi
echo "ok: $app built and installed"
