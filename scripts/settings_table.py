"""Print the README's configuration table from the Settings class (keeps the two in step)."""

from __future__ import annotations

from aluehaku.config import Settings


def rows() -> list[str]:
    """One Markdown table row per setting."""
    out = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        out.append(f"| `ALUEHAKU_{name.upper()}` | `{default}` | {field.description} |")
    return out


if __name__ == "__main__":
    print("\n".join(rows()))
