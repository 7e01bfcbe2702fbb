#!/usr/bin/env python3
"""The fields of incert's JSON output schemas (schemas/*.schema.json), and a check that README.md
documents them.

usage:
  tools/schema_fields.py SCHEMA...
      One line per field path with its type, in the README's notation: E = {"lo", "hi"} (an
      enclosure), A = {"approx"}, V = "holds"|"fails"|"undecided", V~ = "approx_holds"|
      "approx_fails"|"undecided"; "a.b" a member, "a[]" the items of an array, "a?" an optional
      member, "a[]<shape>" one of several shapes of the items. Several schemas: each under a "# SCHEMA" line.
  tools/schema_fields.py --check README.md [--all-levels] [--known-missing FILE] [SCHEMA...]
      Checks that every top-level property name of each schema (default: every schemas/*.schema.json
      that a command writes) appears, quoted ("name"), in README.md's JSON field list for that
      command: the text that follows "output of `CMD`" or "of `CMD`:" in a paragraph of README.md
      that mentions JSON and lists fields ({"...), up to the next such marker. The command of a
      schema is the one its "$comment" names ("`incert CMD ...`"). --all-levels checks the
      property names at every depth instead. --known-missing FILE lists accepted gaps, one
      "CMD FIELD" per line (# comments allowed): they are reported but do not fail the check,
      and an entry that README now documents fails it (remove it from the list).
      Exit status 0 when nothing is missing beyond the known gaps, 1 otherwise, 2 usage error.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA_DIR = os.path.join(os.path.dirname(HERE), "schemas")
COMMON = "common.schema.json"


class Schemas:
    """The schema files of one directory, by file name, with $ref resolution."""

    def __init__(self, directory):
        self.directory = directory
        self.files = {}

    def get(self, name):
        if name not in self.files:
            with open(os.path.join(self.directory, name), encoding="utf-8") as f:
                self.files[name] = json.load(f)
        return self.files[name]

    def resolve(self, ref, current):
        """(file name, node, is_root_of_other_file) of a $ref made in file `current`."""
        file, _, pointer = ref.partition("#")
        file = file or current
        node = self.get(file)
        for part in [p for p in pointer.split("/") if p]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return file, node, file != current and not pointer.strip("/")


def type_label(schemas, node, file):
    """A one-line type for a node that is not expanded further."""
    if "$ref" in node:
        target_file, target, other_root = schemas.resolve(node["$ref"], file)
        if other_root:
            return target_file
        if "title" in target:
            return target["title"]
        return type_label(schemas, target, target_file)
    if "const" in node:
        return json.dumps(node["const"])
    if "enum" in node:
        return "|".join(json.dumps(v) for v in node["enum"])
    for key in ("oneOf", "anyOf"):
        if key in node:
            return "|".join(type_label(schemas, alt, file) for alt in node[key])
    t = node.get("type")
    if t == "array":
        items = node.get("items")
        return "array of " + type_label(schemas, items, file) if isinstance(items, dict) else "array"
    if t == "object":
        return "object"
    if isinstance(t, list):
        return "|".join(t)
    return t or "any"


def expandable(schemas, node, file):
    """(file, node) to expand into member lines, or None for a leaf. Titled shared definitions
    (common.schema.json) and other files' roots are leaves."""
    if "$ref" in node:
        target_file, target, other_root = schemas.resolve(node["$ref"], file)
        if other_root or (target_file == COMMON and "title" in target):
            return None
        return expandable(schemas, target, target_file)
    if "properties" in node:
        return file, node
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return (file, node) if expandable(schemas, node["items"], file) else None
    for key in ("oneOf", "anyOf"):
        if key in node and any(expandable(schemas, alt, file) for alt in node[key]):
            return file, node
    return None


def walk(schemas, node, file, path, out):
    """Appends (path, type) for node and everything below it."""
    target = expandable(schemas, node, file)
    if target is None:
        out.append((path, type_label(schemas, node, file)))
        return
    file, node = target
    if "properties" in node:
        out.append((path, "object"))
        required = set(node.get("required", []))
        for name, sub in node["properties"].items():
            child = (path + "." if path else "") + name + ("" if name in required else "?")
            walk(schemas, sub, file, child, out)
    elif node.get("type") == "array":
        out.append((path, "array"))
        walk(schemas, node["items"], file, path + "[]", out)
    else:
        alternatives = node.get("oneOf") or node.get("anyOf")
        out.append((path, "one of %d shapes" % len(alternatives)))
        for alt in alternatives:
            alt_file, alt_node = file, alt
            if "$ref" in alt:
                alt_file, alt_node, _ = schemas.resolve(alt["$ref"], file)
            if expandable(schemas, alt_node, alt_file):
                walk(schemas, alt_node, alt_file, "%s<%s>" % (path, alt_node.get("title", "object")), out)
            else:
                out.append((path, type_label(schemas, alt_node, alt_file)))


def fields(schema_path):
    schemas = Schemas(os.path.dirname(os.path.abspath(schema_path)))
    name = os.path.basename(schema_path)
    out = []
    walk(schemas, schemas.get(name), name, "", out)
    return [(p, t) for p, t in out if p]  # not the document itself


def command_of(schema_path, schema):
    m = re.search(r"`incert ([a-z][a-z-]*)", schema.get("$comment", ""))
    if m:
        return m.group(1)
    return os.path.basename(schema_path).split(".")[0].replace("_", "-")


def property_names(schema_path, all_levels):
    if not all_levels:
        with open(schema_path, encoding="utf-8") as f:
            return list(json.load(f).get("properties", {}))
    names = []
    for path, _ in fields(schema_path):
        for part in re.split(r"\[\]|<[^>]*>|\.", path):
            part = part.rstrip("?")
            if part and part not in names:
                names.append(part)
    return names


def readme_sections(readme_text):
    """{command: text of its JSON field list} from README.md."""
    sections = {}
    for paragraph in re.split(r"\n\s*\n", readme_text):
        if not re.search(r"json", paragraph, re.I) or '{"' not in paragraph:
            continue
        markers = list(re.finditer(r"\bof `(?:incert )?([a-z][a-z-]*)`", paragraph))
        for i, m in enumerate(markers):
            end = markers[i + 1].start() if i + 1 < len(markers) else len(paragraph)
            sections[m.group(1)] = sections.get(m.group(1), "") + paragraph[m.end():end]
    return sections


def read_known(path):
    known = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                raise SystemExit("schema_fields.py: %s: expected \"CMD FIELD\", got %r" % (path, line))
            known.add(tuple(parts))
    return known


def check(readme, schema_paths, all_levels, known):
    with open(readme, encoding="utf-8") as f:
        sections = readme_sections(f.read())
    failed = False
    seen_known = set()
    for path in schema_paths:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        cmd = command_of(path, schema)
        text = sections.get(cmd)
        names = property_names(path, all_levels)
        missing = [n for n in names if text is None or '"%s"' % n not in text]
        new = [n for n in missing if (cmd, n) not in known]
        accepted = [n for n in missing if (cmd, n) in known]
        seen_known.update((cmd, n) for n in accepted)
        stale = sorted(n for c, n in known if c == cmd and n in names and n not in missing)
        where = "(README has no JSON field list for `%s`)" % cmd if text is None else "in README's JSON field list of `%s`" % cmd
        status = "ok" if not new and not stale else "FAIL"
        print("%s: %s: %d of %d %sfield names documented %s" % (
            status, os.path.basename(path), len(names) - len(missing), len(names), "" if all_levels else "top-level ", where))
        if new:
            failed = True
            print("  not documented: %s" % ", ".join(new))
        if accepted:
            print("  not documented (known gaps): %s" % ", ".join(accepted))
        if stale:
            failed = True
            print("  listed as known gaps but now documented (remove them from the list): %s" % ", ".join(stale))
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args else 2
    if args[0] != "--check":
        for i, schema in enumerate(args):
            rows = fields(schema)
            if len(args) > 1:
                print("%s# %s" % ("\n" if i else "", schema))
            width = max(len(p) for p, _ in rows)
            for p, t in rows:
                print("%-*s  %s" % (width, p, t))
        return 0
    if len(args) < 2:
        print("usage: tools/schema_fields.py --check README.md [--all-levels] [--known-missing FILE] [SCHEMA...]", file=sys.stderr)
        return 2
    readme, rest = args[1], args[2:]
    all_levels, known, schemas = False, set(), []
    i = 0
    while i < len(rest):
        if rest[i] == "--all-levels":
            all_levels = True
        elif rest[i] == "--known-missing" and i + 1 < len(rest):
            known = read_known(rest[i + 1])
            i += 1
        elif rest[i].startswith("-"):
            print("schema_fields.py: unknown option %s" % rest[i], file=sys.stderr)
            return 2
        else:
            schemas.append(rest[i])
        i += 1
    if not schemas:
        schemas = [p for p in sorted(glob.glob(os.path.join(DEFAULT_SCHEMA_DIR, "*.schema.json"))) if os.path.basename(p) != COMMON]
    return check(readme, schemas, all_levels, known)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
