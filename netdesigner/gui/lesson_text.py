"""A lesson's explanation as rich text: Markdown with TeX formulas made legible.

Qt's Markdown reader knows no formulas, so ``$...$`` (inline) and ``$$...$$``
(display) are cut out first, the Markdown is turned into HTML by
``QTextDocument.setMarkdown``, and each formula comes back as HTML written from its
TeX: Greek letters and operators as Unicode, ``\\frac{a}{b}`` as a/b,
``x^{2}`` and ``w_{ij}`` as superscripts and subscripts. No TeX engine and no
new dependency: the course's formulas (the perceptron rule, softmax,
cross-entropy, the gradient-descent update) read like a printed page.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QTextDocument

#: TeX commands drawn as one Unicode character (or a word set upright)
SYMBOLS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
    "Omega": "Ω",
    "Theta": "Θ",
    "cdot": "·",
    "cap": "∩",
    "cup": "∪",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "partial": "∂",
    "nabla": "∇",
    "infty": "∞",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "∼",
    "in": "∈",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "mapsto": "↦",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "forall": "∀",
    "exists": "∃",
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "arg": "arg",
    "tanh": "tanh",
    "sin": "sin",
    "cos": "cos",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
    ",": "\u2009",
    ";": "\u2005",
    ":": "\u2005",
    "!": "",
    " ": " ",
    "{": "{",
    "}": "}",
    "%": "%",
    "_": "_",
    "$": "$",
    "|": "‖",
}
#: a combining accent over the next letter: \hat{y} is ŷ
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7"}
#: commands that only size or space what follows them
IGNORED = {"left", "right", "big", "Big", "bigl", "bigr", "displaystyle"}
#: commands whose argument is set as it is (upright text), or in bold
TEXT_COMMANDS = {"text", "mathrm", "operatorname", "textrm", "mbox"}
BOLD_COMMANDS = {"mathbf", "boldsymbol", "bm"}

FORMULA_STYLE = "font-family: 'DejaVu Serif', 'Times New Roman', serif;"
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.DOTALL)


def tex_to_html(tex: str) -> str:
    """HTML for a TeX formula (the text between the dollars), italic letters."""
    return _Converter(tex).convert()


class _Converter:
    """A small recursive reader of the TeX subset lessons use."""

    def __init__(self, tex: str) -> None:
        self.tex = tex
        self.at = 0

    def convert(self) -> str:
        return re.sub(" {2,}", " ", self._sequence(stop="")).strip()

    def _sequence(self, stop: str) -> str:
        out: list[str] = []
        while self.at < len(self.tex):
            char = self.tex[self.at]
            if stop and char == stop:
                self.at += 1
                return "".join(out)
            out.append(self._item())
        return "".join(out)

    def _item(self) -> str:
        char = self.tex[self.at]
        self.at += 1
        if char == "{":
            return self._sequence(stop="}")
        if char == "\\":
            return self._command()
        if char in "^_":
            tag = "sup" if char == "^" else "sub"
            return f"<{tag}>{self._argument()}</{tag}>"
        if char.isalpha():
            return f"<i>{html.escape(char)}</i>"
        if char == " ":  # TeX ignores spaces in formulas; operators get their own
            return ""
        if char == "-":
            return "−" if _inside_script(self.tex, self.at - 1) else " − "
        if char == ":" and self.tex[self.at : self.at + 1] == "=":
            self.at += 1
            return " := "
        if char in "=<>+" and not _inside_script(self.tex, self.at - 1):
            return f" {html.escape(char)} " if char != "+" else " + "
        return html.escape(char)

    def _argument(self) -> str:
        """One braced group or one token (after ^, _, \\frac...)."""
        while self.at < len(self.tex) and self.tex[self.at] == " ":
            self.at += 1
        if self.at >= len(self.tex):
            return ""
        return self._item()

    def _raw_argument(self) -> str:
        """A braced group's text, unconverted (for \\text{...})."""
        if self.at < len(self.tex) and self.tex[self.at] == "{":
            end = self.tex.find("}", self.at)
            end = len(self.tex) if end < 0 else end
            text, self.at = self.tex[self.at + 1 : end], end + 1
            return text
        return self._argument()

    def _command(self) -> str:
        match = re.match(r"[A-Za-z]+|.", self.tex[self.at :])
        if match is None:
            return "\\"
        name = match.group(0)
        self.at += len(name)
        if name == "frac":
            top, bottom = self._argument(), self._argument()
            return f"{_grouped(top)}/{_grouped(bottom)}"
        if name == "sqrt":
            return f"√({self._argument()})"
        if name in ACCENTS:
            return f"<i>{self._raw_argument()}{ACCENTS[name]}</i>"
        if name in TEXT_COMMANDS:
            return html.escape(self._raw_argument())
        if name in BOLD_COMMANDS:
            return f"<b>{self._argument()}</b>"
        if name in IGNORED:
            return ""
        if name in SYMBOLS:
            symbol = SYMBOLS[name]
            if name in _SPACED:
                return f" {symbol} "
            return symbol + " " if name in _WORDS else html.escape(symbol)
        return html.escape(name)  # an unknown command: its name, not a backslash


_SPACED = {
    "cap",
    "cup",
    "leq",
    "le",
    "geq",
    "ge",
    "neq",
    "ne",
    "approx",
    "to",
    "rightarrow",
    "cdot",
    "times",
    "in",
    "pm",
}
_WORDS = {"log", "ln", "exp", "max", "min", "arg", "tanh", "sin", "cos"}
_OPERATORS = set("+−=·×/<>≤≥±∑∏")


def _inside_script(tex: str, index: int) -> bool:
    """True when ``tex[index]`` sits inside a ^{...} or _{...} group."""
    depth, script = 0, []
    for k, char in enumerate(tex[:index]):
        if char == "{":
            script.append(k > 0 and tex[k - 1] in "^_")
            depth += 1
        elif char == "}" and script:
            script.pop()
    return any(script)


def _grouped(html_text: str) -> str:
    """Parenthesise a fraction's part when it is more than one symbol."""
    plain = re.sub(r"<[^>]+>", "", html_text)
    return f"({html_text})" if _OPERATORS & set(plain) else html_text


def formula_html(tex: str, display: bool = False) -> str:
    """A formula as an HTML span (display formulas a little larger)."""
    size = " font-size: large;" if display else ""
    return f'<span style="{FORMULA_STYLE}{size}">{tex_to_html(tex.strip())}</span>'


def markdown_to_html(markdown: str) -> str:
    """HTML of ``markdown`` with its ``$...$`` and ``$$...$$`` formulas rendered."""
    formulas: list[tuple[str, bool]] = []

    def keep(match: re.Match[str], display: bool) -> str:
        formulas.append((match.group(1), display))
        token = f"QQFORMULA{len(formulas) - 1}QQ"
        return f"\n\n{token}\n\n" if display else token

    text = _DISPLAY.sub(lambda m: keep(m, True), markdown)
    text = _INLINE.sub(lambda m: keep(m, False), text)
    document = QTextDocument()
    document.setMarkdown(text)
    body = _body(document.toHtml())
    for index, (tex, display) in enumerate(formulas):
        token = f"QQFORMULA{index}QQ"
        if display:
            centred = formula_html(tex, True)
            body = re.sub(
                rf"<p([^>]*)>{token}</p>",
                lambda m, f=centred: f'<p align="center"{m.group(1)}>{f}</p>',
                body,
            )
        body = body.replace(token, formula_html(tex, display))
    return body


def _body(document_html: str) -> str:
    """What lies inside <body> of QTextDocument's HTML."""
    match = re.search(r"<body[^>]*>(.*)</body>", document_html, re.DOTALL)
    return match.group(1) if match else document_html
