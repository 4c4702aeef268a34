#!/bin/bash
# Our own Flatpak repository, end to end: build-aux/publish-flatpak.sh builds
# the release into a repository signed with a throwaway GPG key; served from a
# loopback web server, its .flatpakref installs the app into a fresh user
# installation (the stand-in runtime, served the same way, standing in for
# Flathub's), the app runs; then version +1 is published and `flatpak update`
# brings it. The single-file bundle installs too.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

export GNUPGHOME=$tmp/gnupg
mkdir -m 0700 -p "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "Sketchbloom test release <release@invalid>" rsa2048 sign never
key=$(gpg --list-keys --with-colons | awk -F: '$1 == "fpr" {print $10; exit}')
trap 'gpgconf --kill all 2>/dev/null || true; cleanup' EXIT

# The web server: the site and, beside it, the stand-in runtime's Platform
# in a repository that can be pulled over HTTP (an archive; made once).
standin=$SB_FLATPAK_WORK/standin-archive
platform=runtime/org.gnome.Platform/x86_64/${SB_FLATPAK_BRANCH:-48}
if [ "$(ostree --repo="$standin" rev-parse "$platform" 2>/dev/null)" != "$(ostree --repo="$SB_FLATPAK_WORK/repo" rev-parse "$platform")" ]; then
  rm -rf "$standin"
  ostree init --repo="$standin.tmp" --mode=archive
  ostree pull-local --repo="$standin.tmp" "$SB_FLATPAK_WORK/repo" "$platform"
  flatpak build-update-repo --no-update-appstream "$standin.tmp" > /dev/null
  mv "$standin.tmp" "$standin"
fi
site=$tmp/site
mkdir -p "$site"
ln -s "$standin" "$site/standin"
(cd "$site" && exec python3 -m http.server --bind 127.0.0.1 0) > "$tmp/http.log" 2>&1 &
http_pid=$!
for _ in $(seq 1 50); do grep -q "port" "$tmp/http.log" && break; sleep 0.1; done
port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -n 1)
[ -n "$port" ] || fail "no web server"
url=http://127.0.0.1:$port
printf '[Flatpak Repo]\nTitle=GNOME stand-in\nUrl=%s/standin/\n' "$url" > "$site/standin.flatpakrepo"

state=$SB_FLATPAK_WORK/fb-state-publish
release_manifest "$state" "$tmp/release.json"
publish() {   # (with the SDK of the suite's installation, whichever a user's test has)
  FLATPAK_USER_DIR=$SB_FLATPAK_WORK/flatpak-user "$SB_SOURCE_ROOT/build-aux/publish-flatpak.sh" --site "$site" --url "$url" --gpg-key "$key" \
    --gpg-homedir "$GNUPGHOME" --manifest "$1" --state-dir "$state" --disable-download \
    --runtime-repo "$url/standin.flatpakrepo" > "$tmp/publish.log" 2>&1 ||
    { tail -n 30 "$tmp/publish.log"; kill "$http_pid"; fail "publish-flatpak.sh failed"; }
  tail -n 3 "$tmp/publish.log"
}
publish "$tmp/release.json"
for f in "$RELEASE.flatpakref" sketchbloom.flatpakrepo "$RELEASE.flatpak"; do
  [ -s "$site/$f" ] || fail "no $f"
done
grep -q "^RuntimeRepo=$url/standin.flatpakrepo$" "$site/$RELEASE.flatpakref" || fail "no RuntimeRepo"
grep -q '^GPGKey=.\{100\}' "$site/$RELEASE.flatpakref" || fail "no GPG key in the .flatpakref"
# Signed commits and summary, AppStream data, static deltas.
ostree --repo="$site/repo" show "app/$RELEASE/x86_64/stable" | grep -q "key ID ${key: -16}" ||
  fail "the release commit is not signed with the key"
[ -f "$site/repo/summary.sig" ] || fail "the summary is not signed"
ostree --repo="$site/repo" refs | grep -q '^appstream2\?/x86_64$' || fail "no AppStream data"
ls "$site/repo/deltas" > /dev/null 2>&1 || fail "no static deltas"

# A user's machine: a fresh installation, one command.
export FLATPAK_USER_DIR=$tmp/user-installation
v=$(sed -n "s/^  version: '\\([^']*\\)',/\\1/p" <(git -C "$release_mirror" show "$release_commit:meson.build"))
flatpak --user install -y --noninteractive --from "$url/$RELEASE.flatpakref" > "$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; kill "$http_pid"; fail "the .flatpakref did not install"; }
flatpak --user remotes --show-details > "$tmp/remotes"
cat "$tmp/remotes"
grep -q "^sketchbloom" "$tmp/remotes" || fail "no remote named sketchbloom"
[ "$(flatpak --user remote-info sketchbloom "$RELEASE//stable" > /dev/null 2>&1; echo $?)" -eq 0 ] || fail "remote-info"
flatpak --user config --list > /dev/null
[ "$(ostree --repo="$FLATPAK_USER_DIR/repo" config get 'remote "sketchbloom".gpg-verify')" = true ] ||
  fail "the remote does not verify signatures"
got=$(flatpak --user run --command=sketchbloom-cli "$RELEASE" --version)
[ "$got" = "sketchbloom-cli $v" ] || fail "installed: '$got', not $v"
echo "installed from the .flatpakref: $got"

# Version +1, published into the same repository; flatpak update brings it.
next=$(echo "$v" | awk -F. '{print $1 "." $2 "." $3 + 1}')
work=$tmp/next
git clone -q "$release_mirror" "$work"
git -C "$work" checkout -q "$release_commit"
sed -i "s/^  version: '$v',/  version: '$next',/" "$work/meson.build"
git -C "$work" -c user.name=test -c user.email=test@invalid commit -q -am "Version $next"
git -C "$work" tag "v$next"
git -C "$work" push -q "$release_mirror" "HEAD:refs/heads/release-$next" "v$next"
jq --arg tag "v$next" --arg commit "$(git -C "$work" rev-parse HEAD)" \
  '.modules[-1].sources[0].tag = $tag | .modules[-1].sources[0].commit = $commit' \
  "$tmp/release.json" > "$tmp/next.json"
publish "$tmp/next.json"
flatpak --user update -y --noninteractive > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log"; kill "$http_pid"; fail "flatpak update failed"; }
got=$(flatpak --user run --command=sketchbloom-cli "$RELEASE" --version)
[ "$got" = "sketchbloom-cli $next" ] || { cat "$tmp/update.log"; kill "$http_pid"; fail "after flatpak update: '$got', not $next"; }
echo "flatpak update brought $got"

# The bundle, into another fresh installation (its runtime from the stand-in).
export FLATPAK_USER_DIR=$tmp/bundle-installation
flatpak --user remote-add --from standin "$url/standin.flatpakrepo" --no-gpg-verify
flatpak --user install -y --noninteractive standin org.gnome.Platform//"${SB_FLATPAK_BRANCH:-48}" > /dev/null 2>&1
flatpak --user install -y --noninteractive --bundle "$site/$RELEASE.flatpak" > "$tmp/bundle.log" 2>&1 ||
  { cat "$tmp/bundle.log"; kill "$http_pid"; fail "the bundle did not install"; }
got=$(flatpak --user run --command=sketchbloom-cli "$RELEASE" --version)
[ "$got" = "sketchbloom-cli $next" ] || fail "from the bundle: '$got'"
kill "$http_pid"
echo "ok: published, installed from the .flatpakref, updated to $next, and the bundle installs"
