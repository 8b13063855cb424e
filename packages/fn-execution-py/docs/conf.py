"""Sphinx configuration of the flink_fn_execution docs (built by `lint:python`'s sphinx check)."""

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src")))

project = "flink_fn_execution"
author = "pyflink-devkit"
extensions = ["sphinx.ext.autodoc"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
