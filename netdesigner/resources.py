"""Locate the ``resources/`` folder from a source checkout or an installed wheel.

A checkout keeps ``resources/`` beside the package; a wheel carries it inside the
package as ``netdesigner/resources`` (see ``pyproject.toml``).
"""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """Return the folder holding icons, the JSON Schema and the built-in data sets."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "schema").is_dir():
            return candidate
    raise FileNotFoundError(
        f"NetDesigner's resources folder was not found next to {_PACKAGE_DIR}; "
        "reinstall the package."
    )


def resource_path(*parts: str) -> Path:
    """The path of a file in ``resources/``: ``("schema", "design.schema.json")``."""
    return resources_dir().joinpath(*parts)
