#!/usr/bin/env python3
"""Doxygen INPUT_FILTER (docs/Doxyfile): lets Doxygen read imgframe's plain `//` comments, so the
headers keep the project's comment style and the API reference is built from the same text.

Only comments where a declaration can be are turned into documentation; everything else (comments
inside function bodies, section comments followed by a blank line) stays an ordinary comment:
  * the file's first comment block, after `#pragma once`: the file's description (\\file);
  * a comment block directly followed by a declaration or a #define, at namespace or class scope:
    that declaration's documentation;
  * explicit and partial specializations (`template <> struct depth_traits<depth::u8> {...};`)
    are left out (\\cond ... \\endcond): the primary template documents what each one provides;
  * a comment above `int x = 0, y = 0;` documents each of its variables;
  * a comment after a declaration on the same line (`int height = -1;  // ...`, an enum value, a
    one-line member function),
    and the comment lines aligned under it: that member's documentation (///<).
Doxygen's special characters in comments are escaped (outside `code spans`), so a comment never
becomes a Doxygen command. The line count is unchanged: Doxygen's warnings name the real lines.
Usage (Doxygen runs it): doxygen_filter.py HEADER, prints the filtered header on stdout."""
import re
import sys

SPECIAL = re.compile(r"([\\@<>&#%$])")


def escape(text):
    parts = text.split("`")
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = SPECIAL.sub(r"\\\1", parts[i])
    return "`".join(parts)


def split_code_comment(line):
    """(code, comment text or None): the `//` comment of a line, outside strings and chars."""
    i, quote = 0, None
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            if c == "'" and i > 0 and line[i - 1].isalnum():  # digit separator 1'000
                pass
            else:
                quote = c
        elif line.startswith("//", i):
            return line[:i], line[i + 2:]
        elif line.startswith("/*", i):
            return line, None  # block comments are left as they are
        i += 1
    return line, None


def braces(code):
    """The { and } of a line of code, in order, outside strings and chars."""
    out, quote, i = [], None, 0
    while i < len(code):
        c = code[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'" and not (c == "'" and i > 0 and code[i - 1].isalnum()):
            quote = c
        elif c in "{}":
            out.append((i, c))
        i += 1
    return out


SPECIALIZATION = re.compile(r"^template\s*<\s*>|^template\s*<[^>]*>\s*(struct|class)\s+\w+\s*<")
# int x = 0, y = 0;  (several variables in one declaration)
MULTI = re.compile(r"^(\s*)((?:[\w:<>]+\s+)*[\w:<>]+)\s+(\w+(?:\s*=\s*[^,;(){}]+)?(?:\s*,\s*\w+(?:\s*=\s*[^,;(){}]+)?)+);\s*$")
DECL_SCOPE = re.compile(r"\b(namespace|struct|class|union|enum)\b")  # after the last ( ) or =


def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = list(lines)
    scopes = []  # True: a namespace or class body (declarations), False: anything else
    pending = []  # (index, indentation, text) of the comment-only lines just seen
    header_done = False
    trailing_col = None  # column of the last line's trailing member comment
    statement = ""  # the code since the last ; { or }, to tell a class from a function body
    hidden_at = None  # scope depth of the specialization being left out

    def flush(next_is_declaration, n=None):
        nonlocal header_done
        if not pending:
            return
        multi = MULTI.match(lines[n]) if n is not None and next_is_declaration and all(scopes) else None
        if multi and header_done:  # one comment for each variable of the declaration
            doc = " ".join(escape(text).strip() for _, _, text in pending)
            indent, type_, names = multi.groups()
            out[n] = indent + " ".join(f"{type_} {d.strip()}; /**< {doc} */" for d in names.split(","))
            pending.clear()
            return
        if not header_done:
            header_done = True
            for i, _, text in pending:
                out[i] = out[i][: out[i].index("//")] + "///" + escape(text)
            last = pending[-1][0]
            out[last] += " \\file"  # at the end of a line: no name, this file
        elif next_is_declaration and all(scopes):
            for i, _, text in pending:
                out[i] = out[i][: out[i].index("//")] + "///" + escape(text)
        pending.clear()

    for n, line in enumerate(lines):
        code, comment = split_code_comment(line)
        stripped = code.strip()
        if not stripped and comment is not None:  # a comment-only line
            col = line.index("//")
            if trailing_col is not None and col == trailing_col and not pending:
                out[n] = line[:col] + "///<" + escape(comment)  # continues the member comment above
                continue
            trailing_col = None
            pending.append((n, col, comment))
            continue
        trailing_col = None
        if not stripped:  # a blank line: the comment above documents nothing
            if pending and not header_done:
                flush(False)
            pending.clear()
            continue
        if stripped.startswith("#"):
            if stripped.startswith("#pragma once") or re.match(r"#\s*(if|ifdef|ifndef|elif|else|endif)\b", stripped):
                continue  # a comment above a conditional declaration documents it
            flush(stripped.startswith("#define"))
            continue
        flush(not stripped.startswith("}") and not re.match(r"(public|private|protected)\s*:", stripped), n)
        header_done = True
        in_declarations = all(scopes)
        if hidden_at is None and in_declarations and SPECIALIZATION.match(stripped):
            hidden_at = len(scopes)
            out[n] = "/** \\cond */ " + out[n]
        for pos, c in braces(code):
            if c == "{":
                head = statement + code[:pos]
                scopes.append(bool(DECL_SCOPE.search(re.split(r"[()=]", head)[-1])))
                statement = ""
            else:
                if scopes:
                    scopes.pop()
                statement = ""
        tail = code[braces(code)[-1][0] + 1:] if braces(code) else code
        statement = (statement + " " + tail) if ";" not in tail else tail.rsplit(";", 1)[1]
        one_line_function = stripped.endswith("}") and "(" in stripped and not stripped.startswith("}")
        if comment is not None and in_declarations and all(scopes) and (stripped.endswith((";", ",")) or
                                                                        one_line_function):
            col = line.index("//", len(code) - 1) if line.find("//", len(code) - 1) >= 0 else len(code)
            multi = MULTI.match(code)
            if multi:  # one comment for each variable of the declaration
                indent, type_, names = multi.groups()
                out[n] = indent + " ".join(f"{type_} {d.strip()}; /**< {escape(comment).strip()} */"
                                           for d in names.split(","))
            else:
                out[n] = code + "///<" + escape(comment)
                trailing_col = col
        if hidden_at is not None and len(scopes) == hidden_at and stripped.endswith((";", "}")):
            out[n] += " /** \\endcond */"
            hidden_at = None
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
