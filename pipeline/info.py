"""`kommunlens info`: what this installation runs, for bug reports and for the methods section.

Everything here is read from the installed package and its artefacts; nothing is run on data.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from pipeline import __version__
from pipeline.version import pipeline_version

CLASSIFIERS = ("doc_type", "focus_areas", "initiative_type")


def _components(nlp: Any) -> list[dict[str, Any]]:
    out = []
    for name in nlp.pipe_names:
        pipe = nlp.get_pipe(name)
        labels = [x for x in (getattr(pipe, "labels", ()) or ()) if isinstance(x, str)]
        entry = {"name": name, "factory": nlp.get_pipe_meta(name).factory, "labels": labels}
        if len(labels) > 30:  # tag sets and morphology: the count says enough
            entry |= {"labels": [], "n_labels": len(labels)}
        out.append(entry)
    return out


def _classifiers() -> dict[str, Any]:
    from pipeline.classify.persist import ModelVersionError, model_path, read_model_file

    out: dict[str, Any] = {}
    for name in CLASSIFIERS:
        path = model_path(f"{name}.joblib")
        entry: dict[str, Any] = {
            "path": str(path),
            "metrics": str(path.with_suffix(".metrics.json")),
        }
        try:
            record = read_model_file(path)
            entry |= {
                "sklearn_version": record.sklearn_version,
                "training_data_sha256": record.training_data_sha256,
            }
        except (FileNotFoundError, ModelVersionError) as exc:
            entry["error"] = str(exc)
        out[name] = entry
    return out


def ocr_status() -> dict[str, bool]:
    """Whether OCR can run: ocrmypdf and tesseract installed, with Swedish language data."""
    from pipeline.ingest.ocr import ocr_tools

    return dict(ocr_tools())


def collect_info(nlp_model: str | None = None) -> dict[str, Any]:
    """The JSON `kommunlens info --json` prints."""
    from pipeline.nlp.loader import SWEDISH_MODELS, load_pipeline, nlp_path, resolve_model_name

    loaded = load_pipeline(nlp_model)
    base = resolve_model_name(nlp_model)
    return {
        "version": __version__,
        "pipeline_version": pipeline_version(),
        "nlp_model": loaded.name,
        "nlp_path": str(nlp_path()) if base.startswith("kommunlens") else base,
        "components": _components(loaded.nlp),
        "classifiers": _classifiers(),
        "optional": {
            "sv_core_news": [m for m in SWEDISH_MODELS if importlib.util.find_spec(m)],
            "ocr": ocr_status(),
        },
    }


def format_info(info: dict[str, Any]) -> str:
    lines = [
        f"kommunlens {info['version']}  (pipeline_version {info['pipeline_version']})",
        f"spaCy pipeline: {info['nlp_model']}  ({info['nlp_path']})",
    ]
    for c in info["components"]:
        labels = f"  labels: {', '.join(c['labels'])}" if c["labels"] else ""
        if c.get("n_labels"):
            labels = f"  {c['n_labels']} labels"
        lines.append(f"  {c['name']:<26} {c['factory']}{labels}")
    lines.append("classifiers:")
    for name, c in info["classifiers"].items():
        status = c.get("error") or f"scikit-learn {c['sklearn_version']}"
        lines.append(f"  {name:<26} {status}  ({c['metrics']})")
    sv = info["optional"]["sv_core_news"]
    ocr = info["optional"]["ocr"]
    lines.append(f"sv_core_news models: {', '.join(sv) if sv else 'none installed'}")
    ready = ocr["ocrmypdf"] and ocr["tesseract"] and ocr["swedish"]
    lines.append(
        "OCR: "
        + (
            "ready (ocrmypdf, tesseract with Swedish)"
            if ready
            else "not available (install the Debian packages ocrmypdf tesseract-ocr tesseract-ocr-swe)"
        )
    )
    return "\n".join(lines)
