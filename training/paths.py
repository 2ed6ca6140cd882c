"""Where build-time inputs and outputs live (one place, so no script builds paths by hand)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAINING = REPO / "training"
DATA = TRAINING / "data"
LEXICONS = TRAINING / "lexicons"
BUILD = REPO / "build"
SHARED = REPO.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
MODELS = REPO / "pipeline" / "resources" / "models"
