"""Sanity check for corpus files written by hand: schema, labels, first-person consistency.

Usage: python corpora/check_lines.py corpora/fr/some_file.jsonl [...]
Prints one line per problem; exits 1 if any.
"""
import json
import re
import sys

# Links are not words: "bit.ly/Me4x" holds no first person.
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
DIMENSIONS = {"institutional", "commercial", "aggressive", "impersonal", "familiar"}
FIRST_PERSON = {
    "fr": re.compile(r"(?<![\w])(?:(?:je|me|moi|mon|ma|mes)(?![\w])|[jm]['’])", re.IGNORECASE),
    "en": re.compile(r"(?<![\w'’])(i|me|my|mine|i['’]m|i['’]ve|i['’]ll|i['’]d)(?![\w])", re.IGNORECASE),
}


def main(paths):
    problems = 0
    seen = set()
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as error:
                    print(f"{where}: not JSON ({error})")
                    problems += 1
                    continue
                text, lang, labels = item.get("text"), item.get("lang"), item.get("labels")
                if not isinstance(text, str) or not text.strip():
                    print(f"{where}: empty or missing text")
                    problems += 1
                    continue
                if lang not in FIRST_PERSON:
                    print(f"{where}: lang must be fr or en")
                    problems += 1
                    continue
                if not isinstance(labels, list) or not set(labels) <= DIMENSIONS:
                    print(f"{where}: bad labels {labels!r}")
                    problems += 1
                    continue
                has_first_person = bool(FIRST_PERSON[lang].search(URL.sub(" ", text)))
                if has_first_person == ("impersonal" in labels):
                    print(f"{where}: 'impersonal' label disagrees with first-person words (found={has_first_person}) in {text[:60]!r}")
                    problems += 1
                if item.get("id") in seen:
                    print(f"{where}: duplicate id {item.get('id')}")
                    problems += 1
                seen.add(item.get("id"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
