#!/bin/bash
# Checks the translations against the sources as they are now:
#  - every file with translatable strings is listed in po/POTFILES.in;
#  - each language in po/LINGUAS, merged with freshly extracted strings, has no
#    untranslated or fuzzy message (so a new string without a translation fails);
#  - each .po compiles with msgfmt --check (format strings agree).
# Usage: check-translations.sh SOURCE_ROOT
set -eu
cd "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
with_strings=$( (grep -rlE '\b(N?_|C_|g_dngettext|ngettext)\(' src --include='*.c';
                 grep -rl 'translatable="yes"' src --include='*.ui';
                 ls data/*.desktop.in data/*.metainfo.xml.in;
                 grep -l '<summary>' data/*.gschema.xml) | sort -u)
unlisted=$(comm -13 <(echo "$listed") <(echo "$with_strings"))
if [ -n "$unlisted" ]; then
  echo "not in po/POTFILES.in:"; echo "$unlisted"; status=1
fi
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; status=1; }
done

xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --files-from=<(echo "$listed") --output="$tmp/sketchbloom.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
echo "$(grep -c '^msgid ' "$tmp/sketchbloom.pot") messages in the sources"

for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/sketchbloom.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$lang is incomplete: run 'ninja -C _build sketchbloom-update-po' and translate"; status=1 ;;
  esac
  # Strings translated but gone from the sources are harmless; keep them out anyway.
  if grep -q '^#~' "$tmp/$lang.po"; then
    echo "$lang has obsolete messages: run 'ninja -C _build sketchbloom-update-po'"; status=1
  fi
done
exit $status
