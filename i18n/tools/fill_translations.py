#!/usr/bin/env python3
"""Fills unfinished entries of a Qt .ts file from JSON maps of English source -> Vietnamese.

    fill_translations.py TS_FILE MAP.json [MAP.json...]

A key "source|comment" targets a disambiguated entry. A value may be a list for numerus forms.
Entries with no translation in the maps stay unfinished, and are listed; the exit status is 1
if any remain. Run after `cmake --build build --target update_translations`.
"""
import json
import sys
import xml.etree.ElementTree as ET


def main():
    ts_path, maps = sys.argv[1], sys.argv[2:]
    table = {}
    for m in maps:
        with open(m, encoding="utf-8") as f:
            table.update(json.load(f))
    tree = ET.parse(ts_path)
    missing = []
    for ctx in tree.getroot().findall("context"):
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr.get("type") != "unfinished":
                continue
            src = msg.find("source").text
            comment = msg.find("comment")
            key = f"{src}|{comment.text}" if comment is not None else src
            value = table.get(key, table.get(src) if comment is None else None)
            if value is None:
                missing.append(key)
                continue
            if isinstance(value, dict):
                value = value.get("numerus", value)
            if msg.get("numerus") == "yes":
                forms = value if isinstance(value, list) else [value]
                for child in list(tr):
                    tr.remove(child)
                tr.text = None
                for form in forms:
                    ET.SubElement(tr, "numerusform").text = form
            else:
                tr.text = value if isinstance(value, str) else value[0]
            del tr.attrib["type"]
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for key in missing:
        print("untranslated:", key, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
