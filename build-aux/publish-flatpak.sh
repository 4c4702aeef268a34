#!/bin/bash
# Publishes Sketchbloom from our own Flatpak repository.
#
#   build-aux/publish-flatpak.sh --site DIR --url URL --gpg-key KEYID [options]
#
# Builds the release manifest into the OSTree repository DIR/repo (made if
# new; earlier releases stay), signed with KEYID, with AppStream data and
# static deltas, and writes beside it what users need, for DIR to be served
# at URL:
#   DIR/io.github.sketchbloom.Sketchbloom.flatpakref   install with one command
#   DIR/sketchbloom.flatpakrepo                        add the repository
#   DIR/io.github.sketchbloom.Sketchbloom.flatpak      a single-file bundle
# The GNOME runtime comes from Flathub (RuntimeRepo in the .flatpakref).
#
# Options:
#   --gpg-homedir DIR     GnuPG home holding KEYID (default: ~/.gnupg)
#   --manifest FILE       the manifest to build (default: flatpak/<id>.json)
#   --state-dir DIR       flatpak-builder's state (default: .flatpak-builder)
#   --disable-download    build from flatpak-builder's mirrors only, offline
#   --runtime-repo URL    where the runtime comes from (default: Flathub)
#   --branch NAME         the branch users follow (default: stable)
set -euo pipefail

app=io.github.sketchbloom.Sketchbloom
top=$(cd "$(dirname "$0")/.." && pwd)
manifest=$top/flatpak/$app.json
state=$top/.flatpak-builder
runtime_repo=https://dl.flathub.org/repo/flathub.flatpakrepo
branch=stable
site= url= key= homedir=${GNUPGHOME:-$HOME/.gnupg} offline=()
while [ $# -gt 0 ]; do
  case $1 in
    --site) site=$2; shift ;;
    --url) url=${2%/}; shift ;;
    --gpg-key) key=$2; shift ;;
    --gpg-homedir) homedir=$2; shift ;;
    --manifest) manifest=$2; shift ;;
    --state-dir) state=$2; shift ;;
    --runtime-repo) runtime_repo=$2; shift ;;
    --branch) branch=$2; shift ;;
    --disable-download) offline=(--disable-download) ;;
    *) sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 2 ;;
  esac
  shift
done
[ -n "$site" ] && [ -n "$url" ] && [ -n "$key" ] || { sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 2; }
say() { printf '==> %s\n' "$*"; }

mkdir -p "$site"
site=$(cd "$site" && pwd)
sign=(--gpg-sign="$key" --gpg-homedir="$homedir")
gpg_key=$(gpg --homedir "$homedir" --export "$key" | base64 -w 0)
[ -n "$gpg_key" ] || { echo "publish-flatpak.sh: no public key $key in $homedir" >&2; exit 1; }

say "Building $manifest into $site/repo ($branch)"
flatpak-builder --force-clean --disable-rofiles-fuse "${offline[@]}" --state-dir="$state" \
  --repo="$site/repo" --default-branch="$branch" "${sign[@]}" \
  "$state/build-release" "$manifest"

say "Updating the repository: AppStream data, static deltas, signed summary"
flatpak build-update-repo --generate-static-deltas --prune --title=Sketchbloom \
  --default-branch="$branch" "${sign[@]}" "$site/repo"

say "Writing the .flatpakrepo, the .flatpakref and the bundle"
# (Files that are read as a whole by flatpak: written beside, then renamed.)
write() { cat > "$1.tmp" && mv "$1.tmp" "$1"; }
write "$site/sketchbloom.flatpakrepo" <<EOT
[Flatpak Repo]
Title=Sketchbloom
Comment=Turn your sketches into pictures
Url=$url/repo/
Homepage=https://github.com/sketchbloom/sketchbloom
DefaultBranch=$branch
GPGKey=$gpg_key
EOT
write "$site/$app.flatpakref" <<EOT
[Flatpak Ref]
Name=$app
Branch=$branch
Title=Sketchbloom
Url=$url/repo/
SuggestRemoteName=sketchbloom
Homepage=https://github.com/sketchbloom/sketchbloom
IsRuntime=false
GPGKey=$gpg_key
RuntimeRepo=$runtime_repo
EOT
gpg --homedir "$homedir" --export "$key" > "$site/.bundle-key.gpg"
flatpak build-bundle --repo-url="$url/repo/" --runtime-repo="$runtime_repo" \
  --gpg-keys="$site/.bundle-key.gpg" "$site/repo" "$site/$app.flatpak.tmp" "$app" "$branch"
mv "$site/$app.flatpak.tmp" "$site/$app.flatpak"
rm -f "$site/.bundle-key.gpg"

commit=$(ostree --repo="$site/repo" rev-parse "app/$app/x86_64/$branch")
say "Published $app ($commit) at $url"
echo "Users install it with:"
echo "  flatpak install --user $url/$app.flatpakref"
