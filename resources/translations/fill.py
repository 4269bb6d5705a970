"""Fill translations into the .ts source from a JSON file of {"context|source": "译文"}.

    .venv/bin/python -m resources.translations.fill zh.json   # then: -m resources.translations.build

Only unfinished entries are filled; a key that matches nothing is reported, so a typo in a
source text is seen rather than silently dropped.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fill(ts: Path, wanted: dict[str, str]) -> list[str]:
    tree = ET.parse(ts)
    used: set[str] = set()
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name", "")
        for message in ctx.iter("message"):
            key = f"{name}|{message.findtext('source', '')}"
            translation = message.find("translation")
            if key not in wanted or translation is None:
                continue
            used.add(key)
            if message.get("numerus") == "yes":
                forms = translation.findall("numerusform") or [ET.SubElement(translation, "numerusform")]
                for form in forms:
                    form.text = wanted[key]
            else:
                translation.text = wanted[key]
            translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return sorted(set(wanted) - used)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    wanted = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    missing = fill(HERE / "outlet_pos_zh_CN.ts", wanted)
    for key in missing:
        print(f"no such source text: {key}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
