"""The data dictionary (docs/data-dictionary.md) rendered from schema.json."""

from __future__ import annotations

from pipeline.dataset.schema import contract


def render_data_dictionary() -> str:
    """Markdown: one section per table, one row per column."""
    data = contract()
    out = [
        "# Data dictionary",
        "",
        f"Schema version {data['schema_version']}. Generated from `pipeline/resources/schema.json`"
        " by `python -m training.data_dictionary`; a test keeps the two in step.",
        "",
    ]
    for name, table in data["tables"].items():
        out += [f"## `{name}`", "", table.get("description", ""), ""]
        out += ["| column | type | nullable | meaning |", "|---|---|---|---|"]
        for col, spec in table["columns"].items():
            nullable = "yes" if spec["nullable"] else "no"
            out.append(f"| `{col}` | {spec['type']} | {nullable} | {spec['description']} |")
        out.append("")
    return "\n".join(out)
