#!/usr/bin/env python3
"""Fills untranslated (or fuzzy) messages of a .po file from a JSON dictionary
{msgid: msgstr}, leaving everything else as msgmerge wrote it. Prints the
msgids still untranslated. A helper for translators working in bulk:
    build-aux/po-fill.py po/zh_CN.po translations.json"""

import json
import re
import sys


def unquote(block):
    return "".join(json.loads('"' + s + '"') for s in re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def quote(text):
    return '"' + json.dumps(text, ensure_ascii=False)[1:-1] + '"'


def main():
    path, table = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
    entries = open(path, encoding="utf-8").read().split("\n\n")
    missing = []
    for i, entry in enumerate(entries):
        m = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)$', entry + "\n", re.M)
        if not m or entry.lstrip().startswith("#~"):
            continue
        msgid, msgstr = unquote(m.group(1)), unquote(m.group(2))
        fuzzy = re.search(r"^#,.*\bfuzzy\b", entry, re.M) is not None
        if not msgid or (msgstr and not fuzzy):
            continue
        if msgid in table:
            # A fuzzy guess by msgmerge is replaced, with its flag and old msgid.
            head = "\n".join(line for line in entry[:m.start(2)].split("\n")
                             if not line.startswith("#|"))
            head = re.sub(r"^#, fuzzy\n", "", head, flags=re.M)
            head = re.sub(r"^#, fuzzy, ", "#, ", head, flags=re.M)
            head = re.sub(r"^(#,.*), fuzzy", r"\1", head, flags=re.M)
            entries[i] = head + quote(table[msgid])
        else:
            missing.append(msgid)
    open(path, "w", encoding="utf-8").write("\n\n".join(entries).rstrip("\n") + "\n")
    for msgid in missing:
        print("untranslated:", json.dumps(msgid, ensure_ascii=False))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
