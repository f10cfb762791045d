"""Extractors: what a file says about itself, read into version metadata (standard library only).

    >>> from brickyard.core.extract import default_registry
    >>> default_registry().extract("hero_style.safetensors").metadata["base_model"]
    'sdxl'
"""

from .base_models import FAMILIES, normalise_base_model
from .registry import Extraction, ExtractionError, Extractor, ExtractorRegistry, default_registry

__all__ = ["FAMILIES", "Extraction", "ExtractionError", "Extractor", "ExtractorRegistry", "default_registry",
           "normalise_base_model"]
