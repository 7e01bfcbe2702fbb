#!/usr/bin/env python3
"""Validates JSON documents against one of incert's output schemas (schemas/*.schema.json).

usage: python3 tests/cli/validate_json.py SCHEMA JSON_FILE [JSON_FILE...]

Every *.schema.json beside SCHEMA is registered under its file name, so that references such as
"common.schema.json#/$defs/enclosure" resolve offline. The schema itself is checked against its
metaschema first.

Exit status: 0 every document is valid; 1 some document is not (the first error of each, the most
relevant one by jsonschema's best_match, is printed with its JSON path, the offending value and
the schema keyword that rejected it); 2 usage error, unreadable file, JSON syntax error or an
invalid schema (so that a caller expecting a rejection (1) is not fooled by a crash).
Works with python3-jsonschema 4.10 (RefResolver) and >= 4.18 (referencing).
"""
import glob
import json
import os
import sys

try:
    import jsonschema
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
except ImportError as e:  # pragma: no cover
    print("validate_json.py: python3 jsonschema is not installed (%s)" % e, file=sys.stderr)
    sys.exit(2)


def load(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        print("validate_json.py: cannot read %s %s: %s" % (what, path, e.strerror), file=sys.stderr)
    except ValueError as e:
        print("validate_json.py: %s %s is not valid JSON: %s" % (what, path, e), file=sys.stderr)
    sys.exit(2)


def checked_schema(path):
    schema = load(path, "schema")
    try:
        validator_for(schema).check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("validate_json.py: %s is not a valid schema: %s at %s" % (path, e.message, "/".join(map(str, e.absolute_path))),
              file=sys.stderr)
        sys.exit(2)
    return schema


def make_validator(schema_path):
    schema = checked_schema(schema_path)
    cls = validator_for(schema)
    store = {}
    for p in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(schema_path)), "*.schema.json"))):
        store[os.path.basename(p)] = checked_schema(p)
    store[os.path.basename(schema_path)] = schema
    try:
        from referencing import Registry, Resource  # jsonschema >= 4.18

        registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in store.items())
        return cls(schema, registry=registry)
    except (ImportError, TypeError):  # jsonschema 4.10 (Debian 12): RefResolver
        resolver = jsonschema.RefResolver(base_uri=os.path.basename(schema_path), referrer=schema, store=store)
        return cls(schema, resolver=resolver)


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        path += "[%d]" % part if isinstance(part, int) else ".%s" % part
    return path


def short(value, limit=200):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."


def main(argv):
    if len(argv) < 3:
        print("usage: validate_json.py SCHEMA JSON_FILE [JSON_FILE...]", file=sys.stderr)
        return 2
    schema_path = argv[1]
    validator = make_validator(schema_path)
    status = 0
    for path in argv[2:]:
        doc = load(path, "document")
        error = best_match(validator.iter_errors(doc))
        if error is None:
            continue
        status = 1
        print("%s does not match %s" % (path, os.path.basename(schema_path)))
        message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
        print("  at %s: %s" % (json_path(error), message))
        print("  value: %s" % short(error.instance))
        print("  rejected by schema keyword: %s" % "/".join(map(str, error.absolute_schema_path)))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
